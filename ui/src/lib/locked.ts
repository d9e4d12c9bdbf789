import { createContext, useContext } from "react";

/** Whether the assessment shown is completed, so read-only until it is reopened (Rust refuses
 * its edits with `ASSESSMENT_COMPLETED`; the screens disable them). */
export const LockedContext = createContext(false);

export function useLocked(): boolean {
  return useContext(LockedContext);
}
