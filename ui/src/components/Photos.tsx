import { useLocked } from "../lib/locked";
import { deleteWithUndo } from "../lib/undo";
// Photos of a row: thumbnails, captions (autosaved), import by dialog (desktop), file input
// or drag-and-drop (browser), with a progress bar for a batch.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { DragEvent, KeyboardEvent } from "react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { getBackend, toApiError } from "../backend";
import type { ApiError, Attachment, AttachmentInput, Stored } from "../backend/types";
import { api, qk, saves } from "../lib/api";
import { removeRow, stripMeta, upsertRow } from "../lib/doc";
import { fileToBase64 } from "../lib/files";
import { useLang } from "../lib/hooks";
import * as queue from "../lib/saveQueue";
import { useFieldErrorText } from "./Field";
import { Modal } from "./Modal";
import { ProgressBar } from "./ProgressBar";

/** What a photo may belong to (Rust's `ATTACHMENT_OWNERS`, less the enterprise). */
export type PhotoOwner =
  | "assessment"
  | "checklist_response"
  | "observation"
  | "option"
  | "waste_stream"
  | "monitoring_record"
  | "team_member"
  | "process_step"
  | "flow"
  | "cause"
  | "action";

export function Thumb({ id, alt, onOpen, testId }: { id: string; alt: string; onOpen?: () => void; testId?: string }) {
  const q = useQuery({
    queryKey: qk.image(id, "thumb"),
    queryFn: () => api.attachmentImage(id, "thumb"),
    staleTime: Infinity,
    gcTime: 10 * 60_000,
  });
  return (
    <button type="button" className="thumb" onClick={onOpen} data-testid={testId} title={alt}>
      {q.data ? <img src={q.data.data_url} alt={alt} /> : <span className="thumb__placeholder" />}
    </button>
  );
}

/** A photo at view size among its row's photos: previous / next (buttons or ← →), and its
 * caption edited in place. */
function Viewer({
  photos,
  index,
  onIndex,
  onClose,
  assessmentId,
  editable,
}: {
  photos: Stored<Attachment>[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
  assessmentId: string;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const photo = photos[Math.min(index, photos.length - 1)];
  const q = useQuery({
    queryKey: qk.image(photo?.id ?? "", "view"),
    queryFn: () => api.attachmentImage(photo!.id, "view"),
    staleTime: Infinity,
    enabled: !!photo,
  });
  if (!photo) return null;
  const at = photos.indexOf(photo);
  const go = (step: number) => onIndex((at + step + photos.length) % photos.length);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).tagName === "INPUT") return;
    if (e.key === "ArrowLeft") go(-1);
    else if (e.key === "ArrowRight") go(1);
  };
  return (
    <Modal title={photo.caption || t("photos.untitled")} onClose={onClose} wide testId="photo-viewer">
      <div className="viewer" onKeyDown={onKey} tabIndex={-1}>
        {q.data ? <img src={q.data.data_url} alt={photo.caption} /> : <div className="muted">…</div>}
      </div>
      <div className="viewer__bar">
        <button type="button" className="button button--small" onClick={() => go(-1)} disabled={photos.length < 2} data-testid="viewer-prev" aria-label={t("photos.previous")}>
          ‹ {t("photos.previous")}
        </button>
        <span className="muted small" data-testid="viewer-position">
          {at + 1} / {photos.length}
        </span>
        <button type="button" className="button button--small" onClick={() => go(1)} disabled={photos.length < 2} data-testid="viewer-next" aria-label={t("photos.next")}>
          {t("photos.next")} ›
        </button>
        {editable ? (
          <div className="viewer__caption">
            <Caption key={photo.id} photo={photo} assessmentId={assessmentId} />
          </div>
        ) : null}
      </div>
    </Modal>
  );
}

function Caption({ photo, assessmentId }: { photo: Stored<Attachment>; assessmentId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const [text, setText] = useState(photo.caption);
  const [error, setError] = useState<string | undefined>();
  const errorText = useFieldErrorText();
  const onChange = (value: string) => {
    setText(value);
    setError(undefined);
    const row: Attachment = { ...stripMeta(photo), caption: value };
    const req = saves.row("attachment", row, {}, lang);
    queue.schedule<Stored<Attachment>>(`attachment:${photo.id}`, {
      ...req,
      onSaved: (r) => {
        if (r) upsertRow(qc, assessmentId, "attachments", r);
      },
      onError: (e) => setError(e.field_errors?.find((f) => f.field === "caption")?.code ?? "invalid"),
    });
  };
  return (
    <>
      <input
        className="photo__caption"
        value={text}
        placeholder={t("photos.caption")}
        aria-label={t("photos.caption")}
        onChange={(e) => onChange(e.target.value)}
        data-testid="photo-caption"
      />
      {error ? <div className="field-error">{errorText(error)}</div> : null}
    </>
  );
}

export interface PhotoListProps {
  assessmentId: string;
  photos: Stored<Attachment>[];
  compact?: boolean;
  editable?: boolean;
}

export function PhotoList({ assessmentId, photos, compact, editable: canEdit = true }: PhotoListProps) {
  const { t } = useTranslation();
  // A completed assessment's photos are shown, not changed.
  const editable = canEdit && !useLocked();
  const qc = useQueryClient();
  const [open, setOpen] = useState<number | null>(null);
  const remove = async (p: Stored<Attachment>) => {
    queue.cancel(`attachment:${p.id}`);
    // A photo is evidence: its delete can be undone (the file is kept).
    const label = p.caption ? t("undo.photo", { name: p.caption }) : t("undo.photoUnnamed");
    await deleteWithUndo(qc, assessmentId, "attachments", p.id, label);
    removeRow(qc, assessmentId, "attachments", p.id);
  };
  if (photos.length === 0) return null;
  return (
    <div className={compact ? "photos photos--compact" : "photos"}>
      {photos.map((p) => (
        <figure className="photo" key={p.id} data-testid="photo">
          <Thumb id={p.id} alt={p.caption || t("photos.untitled")} onOpen={() => setOpen(photos.indexOf(p))} testId="photo-thumb" />
          {editable && !compact ? <Caption photo={p} assessmentId={assessmentId} /> : null}
          {editable ? (
            <button
              type="button"
              className="photo__remove icon-button"
              aria-label={t("photos.remove")}
              title={t("photos.remove")}
              onClick={() => void remove(p)}
              data-testid="photo-remove"
            >
              ×
            </button>
          ) : null}
        </figure>
      ))}
      {open !== null ? (
        <Viewer photos={photos} index={open} onIndex={setOpen} onClose={() => setOpen(null)} assessmentId={assessmentId} editable={editable} />
      ) : null}
    </div>
  );
}

interface ImportState {
  done: number;
  total: number;
  failures: { name: string; error: ApiError }[];
}

export interface PhotoImportProps {
  assessmentId: string;
  owner: PhotoOwner;
  ownerId: string | null;
  /** Why photos cannot be added yet (e.g. the observation has no text). */
  disabledReason?: string;
  /** Makes the owner row first when it is not stored yet (an item photographed before it is
   * answered). */
  ensureOwner?: () => Promise<void>;
  testId: string;
  compact?: boolean;
}

export function PhotoImport({ assessmentId, owner, ownerId, disabledReason, ensureOwner, testId, compact }: PhotoImportProps) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const locked = useLocked();
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<ImportState | null>(null);
  const [over, setOver] = useState(false);
  const errorText = useFieldErrorText();
  const disabled = !ownerId || !!disabledReason || locked;

  const input = (name: string): AttachmentInput => ({
    owner_entity: owner,
    owner_id: ownerId ?? "",
    caption: "",
    original_name: name,
    taken_at: null,
  });

  async function run<T>(items: T[], name: (x: T) => string, one: (x: T) => Promise<Stored<Attachment>>) {
    if (items.length === 0) return;
    let s: ImportState = { done: 0, total: items.length, failures: [] };
    setState(s);
    try {
      await ensureOwner?.();
    } catch (e) {
      setState({ ...s, done: s.total, failures: items.map((x) => ({ name: name(x), error: toApiError(e) })) });
      return;
    }
    for (const item of items) {
      try {
        const stored = await one(item);
        upsertRow(qc, assessmentId, "attachments", stored);
        s = { ...s, done: s.done + 1 };
      } catch (e) {
        s = { ...s, done: s.done + 1, failures: [...s.failures, { name: name(item), error: toApiError(e) }] };
      }
      setState(s);
    }
  }

  const pick = async () => {
    if (disabled) return;
    const backend = getBackend();
    if (backend.kind === "http") {
      // Browser: the file chooser must open in the click itself.
      fileInput.current?.click();
      return;
    }
    const paths = (await backend.pickImages()) ?? [];
    const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
    await run(paths, base, (p) => api.attachmentImportFile(input(base(p)), p));
  };

  const importFiles = async (files: File[]) => {
    await run(
      files,
      (f) => f.name,
      async (f) => api.attachmentImport(input(f.name), f.name, await fileToBase64(f)),
    );
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = Array.from(e.dataTransfer.files);
    void importFiles(files);
  };

  const failureText = (f: { name: string; error: ApiError }) => {
    const fe = f.error.field_errors?.[0];
    if (fe) return `${f.name}: ${errorText(fe.code)}`;
    return `${f.name}: ${t(`apiError.${f.error.code}`, { defaultValue: f.error.message })}`;
  };

  const busy = state !== null && state.done < state.total;
  return (
    <div
      className={["photo-import", over ? "photo-import--over" : "", compact ? "photo-import--compact" : ""].join(" ")}
      onDragOver={(e) => {
        if (disabled) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <button
        type="button"
        className="button button--small"
        onClick={() => void pick()}
        disabled={disabled || busy}
        title={disabledReason}
        data-testid={testId}
      >
        {t("photos.add")}
      </button>
      <input
        ref={fileInput}
        type="file"
        multiple
        accept="image/*"
        hidden
        data-testid={`${testId}-input`}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = "";
          void importFiles(files);
        }}
      />
      {!compact && !disabled ? <span className="muted small">{t("photos.dropHint")}</span> : null}
      {disabledReason && !compact ? <span className="muted small">{disabledReason}</span> : null}
      {state ? (
        <div className="photo-import__status">
          {state.total > 1 || busy ? (
            <ProgressBar
              done={state.done}
              total={state.total}
              label={t("photos.progress", { done: state.done, total: state.total })}
              testId={`${testId}-progress`}
            />
          ) : null}
          {state.failures.map((f, i) => (
            <div className="field-error" role="alert" key={i} data-testid={`${testId}-error`}>
              {failureText(f)}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
