// The browser backend: `sxsh serve-ui` serves the UI from `/` and answers `POST /api/call`.
// The token arrives once as `/#token=…` and is kept in sessionStorage.

import type { Backend, PendingCall } from "./index";
import { pollChanges, toApiError } from "./index";
import type { ApiError } from "./types";

const TOKEN_KEY = "sxsh.token";

/** Takes `#token=…` (or `#/…?token=…`) from the address into sessionStorage and removes it
 * from the address bar, so the hash router sees a clean route. Returns the token. */
export function captureToken(): string {
  const hash = window.location.hash;
  const m = /token=([^&#]+)/.exec(hash);
  if (m) {
    const value = decodeURIComponent(m[1]);
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch {
      /* storage disabled: keep it in memory only */
    }
    memoryToken = value;
    let rest = hash.replace(/[#?&]?token=[^&#]*/, "");
    if (!rest.startsWith("#/")) rest = "#/" + rest.replace(/^#?\/?/, "");
    window.history.replaceState(null, "", window.location.pathname + window.location.search + rest);
  }
  return token();
}

let memoryToken = "";

function token(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}

function apiUrl(path: string): string {
  // The UI is served from `/` by `sxsh serve-ui` (and proxied by the Vite dev server).
  return new URL(path, window.location.origin).toString();
}

async function call<T>(method: string, params?: unknown): Promise<T> {
  let res: Response;
  const request = JSON.stringify({ method, params: params ?? {} });
  try {
    res = await fetch(apiUrl("/api/call"), {
      method: "POST",
      headers: { "x-sxsh-token": token(), "content-type": "application/json" },
      body: request,
      // A save made while the page is being hidden or closed must outlive the page; browsers
      // allow that for bodies up to 64 KiB (a photo upload is larger and is not a save).
      keepalive: document.visibilityState === "hidden" && request.length < 60_000,
    });
  } catch (e) {
    const err: ApiError = {
      code: "IO",
      message: `no answer from the SXSH service: ${e instanceof Error ? e.message : String(e)}`,
      field_errors: [],
    };
    throw err;
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    const err: ApiError = {
      code: "INTERNAL",
      message: `HTTP ${res.status} without a JSON body`,
      field_errors: [],
    };
    throw err;
  }
  const b = body as { ok?: T; error?: ApiError };
  if (res.ok && b && "ok" in b) return b.ok as T;
  if (b && b.error) throw toApiError(b.error);
  const err: ApiError = { code: "INTERNAL", message: `HTTP ${res.status}`, field_errors: [] };
  throw err;
}

function beacon(calls: PendingCall[]): void {
  const url = apiUrl(`/api/flush?token=${encodeURIComponent(token())}`);
  for (const c of calls) {
    const body = JSON.stringify({ method: c.method, params: c.params });
    let sent = false;
    try {
      sent = typeof navigator.sendBeacon === "function" && navigator.sendBeacon(url, body);
    } catch {
      sent = false;
    }
    if (!sent) {
      // Fall back to a keep-alive fetch, which also outlives the page.
      void fetch(url, { method: "POST", body, keepalive: true }).catch(() => undefined);
    }
  }
}

export function createHttpBackend(): Backend {
  captureToken();
  return {
    kind: "http",
    call,
    pickImages: async () => null,
    downloadJobFile(jobId) {
      const a = document.createElement("a");
      a.href = apiUrl(`/api/job-file/${encodeURIComponent(jobId)}?token=${encodeURIComponent(token())}`);
      a.download = "";
      document.body.appendChild(a);
      a.click();
      a.remove();
    },
    async uploadFile(file) {
      let res: Response;
      try {
        res = await fetch(apiUrl("/api/upload"), {
          method: "POST",
          headers: { "x-sxsh-token": token(), "x-file-name": file.name, "content-type": "application/octet-stream" },
          body: file,
        });
      } catch (e) {
        const err: ApiError = { code: "IO", message: `the upload failed: ${e instanceof Error ? e.message : String(e)}`, field_errors: [] };
        throw err;
      }
      const body = (await res.json().catch(() => null)) as { ok?: { path: string }; error?: ApiError } | null;
      if (res.ok && body?.ok) return body.ok.path;
      throw toApiError(body?.error ?? { code: "INTERNAL", message: `HTTP ${res.status}`, field_errors: [] });
    },
    pickSavePath: async () => null,
    pickOpenPath: async () => null,
    openPath: async () => undefined,
    pickFolder: async () => null,
    switchDataDir: async () => {
      const err: ApiError = {
        code: "INVALID_INPUT",
        message: "the data folder of sxsh serve-ui is set when it starts (--data-dir)",
        field_errors: [],
      };
      throw err;
    },
    watchChanges: (cb) => pollChanges(call, cb),
    onBeforeClose(flush, pending) {
      const onVisibility = () => {
        // Hidden (tab switched, window minimised): send the queue the normal way now.
        if (document.visibilityState === "hidden") void flush();
      };
      const onPageHide = () => {
        // The page is going away: what has not been sent goes by beacon.
        if (pending) beacon(pending());
      };
      document.addEventListener("visibilitychange", onVisibility);
      window.addEventListener("pagehide", onPageHide);
      return () => {
        document.removeEventListener("visibilitychange", onVisibility);
        window.removeEventListener("pagehide", onPageHide);
      };
    },
  };
}
