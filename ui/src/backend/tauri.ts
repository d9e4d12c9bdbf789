// The desktop backend: one Tauri command `call` hands (method, params) to sxsh-api's Rpc.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { open, save } from "@tauri-apps/plugin-dialog";
import { openPath } from "@tauri-apps/plugin-opener";
import type { Backend } from "./index";
import type { AppInfo, RowChanges } from "./types";
import { toApiError } from "./index";

const IMAGE_FILTER = { name: "Ảnh / Images", extensions: ["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"] };

export function createTauriBackend(): Backend {
  return {
    kind: "tauri",
    async call<T>(method: string, params?: unknown): Promise<T> {
      try {
        return await invoke<T>("call", { method, params: params ?? {} });
      } catch (e) {
        throw toApiError(e);
      }
    },
    downloadJobFile() {},
    async uploadFile() {
      throw toApiError({ code: "INVALID_INPUT", message: "the desktop app opens files by path", field_errors: [] });
    },
    async pickImages() {
      const picked = await open({ multiple: true, directory: false, filters: [IMAGE_FILTER] });
      if (picked === null) return [];
      return Array.isArray(picked) ? picked : [picked];
    },
    async pickSavePath(defaultName, filters) {
      const path = await save({ defaultPath: defaultName, filters });
      return path ?? null;
    },
    async pickOpenPath(filters) {
      const picked = await open({ multiple: false, directory: false, filters });
      if (picked === null) return null;
      return Array.isArray(picked) ? (picked[0] ?? null) : picked;
    },
    async openPath(path) {
      await openPath(path);
    },
    async pickFolder() {
      const picked = await open({ multiple: false, directory: true });
      if (picked === null) return null;
      return Array.isArray(picked) ? (picked[0] ?? null) : picked;
    },
    async switchDataDir(path) {
      try {
        return await invoke<AppInfo>("switch_data_dir", { path });
      } catch (e) {
        throw toApiError(e);
      }
    },
    watchChanges(cb) {
      // The shell follows the feed and sends each answer as the event `rows-changed`.
      let unlisten: (() => void) | null = null;
      let stopped = false;
      void listen<RowChanges>("rows-changed", (e) => cb(e.payload)).then((u) => {
        if (stopped) u();
        else unlisten = u;
      });
      return () => {
        stopped = true;
        if (unlisten) unlisten();
      };
    },
    onBeforeClose(flush) {
      let unlisten: (() => void) | null = null;
      let cancelled = false;
      void getCurrentWindow()
        .onCloseRequested(async () => {
          // The window closes when this handler returns (it is awaited).
          try {
            await flush();
          } catch {
            /* a failed save stays visible in the log; never block closing forever */
          }
        })
        .then((u) => {
          if (cancelled) u();
          else unlisten = u;
        });
      return () => {
        cancelled = true;
        if (unlisten) unlisten();
      };
    },
  };
}
