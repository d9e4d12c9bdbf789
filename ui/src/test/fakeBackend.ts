// A backend for component tests: `call` is the test's own; every host-only feature (dialogs,
// opening files, switching the data folder) answers as the browser backend does.
import type { Backend } from "../backend";

export function fakeBackend(call: Backend["call"]): Backend {
  return {
    kind: "http",
    call,
    pickImages: async () => null,
    downloadJobFile: () => undefined,
    uploadFile: async () => {
      throw { code: "INVALID_INPUT", message: "not in tests" };
    },
    pickSavePath: async () => null,
    pickOpenPath: async () => null,
    openPath: async () => undefined,
    pickFolder: async () => null,
    switchDataDir: async () => {
      throw { code: "INVALID_INPUT", message: "not in tests" };
    },
    onBeforeClose: () => () => undefined,
    watchChanges: () => () => undefined,
  };
}
