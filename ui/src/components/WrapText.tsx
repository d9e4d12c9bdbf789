import { useEffect, useLayoutEffect, useRef, type Ref, type TextareaHTMLAttributes } from "react";

/** Chromium sizes a textarea to its text by CSS (`field-sizing: content`); elsewhere (WebKitGTK
 * in the desktop app) the height is set from `scrollHeight`. */
const cssSizing = typeof CSS !== "undefined" && CSS.supports?.("field-sizing", "content");

export interface WrapTextProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  ref?: Ref<HTMLTextAreaElement>;
}

/** A one-line text (a name) that wraps inside its cell instead of being clipped: a textarea
 * that grows to its content, where Enter starts no new line (an IME's Enter still confirms
 * its composition) and pasted line breaks become spaces. Works with react-hook-form's
 * `register` like an input. */
export function WrapText({ ref, className, onKeyDown, onInput, onPaste, ...rest }: WrapTextProps) {
  const inner = useRef<HTMLTextAreaElement | null>(null);
  const fit = () => {
    const el = inner.current;
    if (!el || cssSizing) return;
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight}px`;
  };
  useLayoutEffect(fit);
  useEffect(() => {
    // CSS sizes it where it can; only the fallback follows the window's width.
    if (cssSizing) return;
    window.addEventListener("resize", fit);
    return () => window.removeEventListener("resize", fit);
  }, []);
  return (
    <textarea
      rows={1}
      {...rest}
      className={["wrap-text", className].filter(Boolean).join(" ")}
      ref={(el) => {
        inner.current = el;
        if (typeof ref === "function") ref(el);
        else if (ref) ref.current = el;
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && !e.nativeEvent.isComposing) e.preventDefault();
        onKeyDown?.(e);
      }}
      onPaste={(e) => {
        const text = e.clipboardData.getData("text/plain");
        if (/[\r\n]/.test(text)) {
          e.preventDefault();
          document.execCommand("insertText", false, text.replace(/\s*[\r\n]+\s*/g, " "));
        }
        onPaste?.(e);
      }}
      onInput={(e) => {
        fit();
        onInput?.(e);
      }}
      onFocus={(e) => {
        fit();
        rest.onFocus?.(e);
      }}
    />
  );
}
