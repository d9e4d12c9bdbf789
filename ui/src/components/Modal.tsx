import type { ReactNode } from "react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

export interface ModalProps {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  wide?: boolean;
}

export function Modal({ title, onClose, children, footer, testId, wide }: ModalProps) {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal${wide ? " modal--wide" : ""}`} role="dialog" aria-modal="true" data-testid={testId}>
        <div className="modal__head">
          <h2>{title}</h2>
          <button type="button" className="icon-button" aria-label={t("common.close")} onClick={onClose} data-testid="modal-close">
            ×
          </button>
        </div>
        <div className="modal__body">{children}</div>
        {footer ? <div className="modal__foot">{footer}</div> : null}
      </div>
    </div>
  );
}

export interface ConfirmProps {
  title: ReactNode;
  message: ReactNode;
  confirmLabel: ReactNode;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function Confirm({ title, message, confirmLabel, danger, onConfirm, onCancel }: ConfirmProps) {
  const { t } = useTranslation();
  return (
    <Modal
      title={title}
      onClose={onCancel}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onCancel} data-testid="confirm-cancel">
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className={danger ? "button button--danger" : "button button--primary"}
            onClick={onConfirm}
            data-testid="confirm-ok"
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <p>{message}</p>
    </Modal>
  );
}

/** A Confirm shown while `open`. Either answer (or Escape) closes it through `onClose`; the
 * confirming one then runs `onConfirm`. */
export function ConfirmWhenOpen({
  open,
  onClose,
  onConfirm,
  ...props
}: Omit<ConfirmProps, "onCancel"> & { open: boolean; onClose: () => void }) {
  if (!open) return null;
  return (
    <Confirm
      {...props}
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        onConfirm();
      }}
    />
  );
}
