// The one door to the Rust side. Only this folder may import `@tauri-apps/*`; the rest of
// the UI talks to `getBackend()` and never knows whether it runs in the desktop window
// (Tauri) or in a browser against `sxsh serve-ui` (HTTP).

import type { ApiError, AppInfo, RowChanges } from "./types";

export type BackendKind = "tauri" | "http";

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** One pending call, as sent with `navigator.sendBeacon` when the page goes away. */
export interface PendingCall {
  method: string;
  params: unknown;
}

export interface Backend {
  kind: BackendKind;
  /** Calls one JSON method; rejects with the `ApiError` object. */
  call<T>(method: string, params?: unknown): Promise<T>;
  /** Tauri: a file dialog for photos (paths; `[]` when cancelled). HTTP: `null`, the UI
   * falls back to `<input type=file>`. */
  pickImages(): Promise<string[] | null>;
  /** Tauri: a save dialog (path, or `null` when cancelled). HTTP: always `null`, the UI
   * downloads the file instead. */
  pickSavePath(defaultName: string, filters: FileFilter[]): Promise<string | null>;
  /** Tauri: an open dialog for one file (path, or `null`). HTTP: always `null`. */
  pickOpenPath(filters: FileFilter[]): Promise<string | null>;
  /** HTTP: lets the browser download the file a finished backup or bundle export wrote
   * (streamed, never held in the page). Tauri: nothing (the file is where the user chose). */
  downloadJobFile(jobId: string): void;
  /** HTTP: sends a file the user picked to `sxsh serve-ui`, which keeps it in a temporary
   * folder and returns that path for `restore.start` or `bundle.import_start`. Tauri: rejects
   * (the open dialog gives a path). */
  uploadFile(file: File): Promise<string>;
  /** Opens a file with the system's default application (Tauri only). */
  openPath(path: string): Promise<void>;
  /** Tauri: a folder dialog (path, or `null` when cancelled). HTTP: always `null`. */
  pickFolder(): Promise<string | null>;
  /** Tauri: opens (creating when needed) another data folder and uses it from now on, also
   * after a restart; a folder that cannot be opened is refused and the current one stays.
   * HTTP: the data folder is the one `sxsh serve-ui` was started with, so this rejects. */
  switchDataDir(path: string): Promise<AppInfo>;
  /** Runs `flush` before the window closes (Tauri) or sends what `pending` returns with
   * `sendBeacon` when the page is hidden or unloaded (HTTP). Returns an unsubscribe. */
  onBeforeClose(flush: () => Promise<void>, pending?: () => PendingCall[]): () => void;
  /** Calls `cb` with every answer of the change feed (which rows changed): the Tauri event
   * `rows-changed`, or a long poll of `changes.wait` over HTTP. Returns an unsubscribe. */
  watchChanges(cb: (changes: RowChanges) => void): () => void;
}

/** Follows the change feed by long polls of `changes.wait` through `call`, until stopped. */
export function pollChanges(
  call: <T>(method: string, params?: unknown) => Promise<T>,
  cb: (changes: RowChanges) => void,
): () => void {
  let stopped = false;
  void (async () => {
    let cursor: RowChanges["cursor"] | null = null;
    while (!stopped) {
      try {
        const c: RowChanges = await call<RowChanges>("changes.wait", { cursor, wait_ms: 25_000 });
        if (stopped) break;
        if (cursor !== null && (c.reset || c.rows.length > 0)) cb(c);
        cursor = c.cursor;
      } catch {
        // The service is restarting or gone: try again in a moment.
        await new Promise((r) => setTimeout(r, 2_000));
      }
    }
  })();
  return () => {
    stopped = true;
  };
}

export function isTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

let current: Backend | null = null;

/** The backend of this window, picked once at start. */
export function getBackend(): Backend {
  if (!current) {
    throw new Error("backend not initialised: call initBackend() first");
  }
  return current;
}

/** Picks the implementation at run time (`__TAURI_INTERNALS__` in window → Tauri). */
export async function initBackend(): Promise<Backend> {
  if (current) return current;
  if (isTauri()) {
    const { createTauriBackend } = await import("./tauri");
    current = createTauriBackend();
  } else {
    const { createHttpBackend } = await import("./http");
    current = createHttpBackend();
  }
  return current;
}

/** Replaces the backend (tests). */
export function setBackend(b: Backend | null): void {
  current = b;
}

/** True when `e` looks like an `ApiError` from the Rust side. */
export function isApiError(e: unknown): e is ApiError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}

/** Any thrown value as an `ApiError`. */
export function toApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  const message = e instanceof Error ? e.message : typeof e === "string" ? e : JSON.stringify(e);
  return { code: "INTERNAL", message, field_errors: [] };
}

export type * from "./types";
