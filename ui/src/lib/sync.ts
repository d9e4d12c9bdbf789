// Sync with the programme office's server, as the screens see it: the device's sync state,
// the one sync job that may be running (started by the button or by the automatic retry), and
// the automatic sync itself: every few minutes while logged in, and after a failure again
// with a growing wait plus jitter — the timer fires whether or not anything new was written.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import type { Job } from "../backend/types";
import { api, qk } from "./api";

/** Minutes between automatic syncs while everything works. */
export const SYNC_EVERY_MS = 5 * 60_000;
/** First wait after a failed sync; it doubles each time, up to `SYNC_BACKOFF_MAX_MS`. */
export const SYNC_BACKOFF_MS = 30_000;
export const SYNC_BACKOFF_MAX_MS = 15 * 60_000;

/** The wait before the next automatic sync after `failures` failures in a row: the normal
 * period after none, else 30 s · 2^(n−1) capped at 15 min, each ± 20 % at random. */
export function nextSyncDelay(failures: number, random: () => number = Math.random): number {
  const base =
    failures === 0 ? SYNC_EVERY_MS : Math.min(SYNC_BACKOFF_MAX_MS, SYNC_BACKOFF_MS * 2 ** (failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function useSyncState() {
  return useQuery({ queryKey: qk.sync, queryFn: api.syncState, staleTime: 5_000 });
}

export function useConflicts() {
  return useQuery({ queryKey: qk.conflicts, queryFn: api.conflictsList, staleTime: 5_000 });
}

/** The id of the sync job this window started last. Kept outside the query cache, so that
 * invalidating queries (after a sync, a restore, rows changed) never forgets it. */
let currentJob: string | null = null;
const jobListeners = new Set<() => void>();
function setCurrentJob(id: string) {
  currentJob = id;
  for (const l of jobListeners) l();
}
function subscribeJob(l: () => void) {
  jobListeners.add(l);
  return () => jobListeners.delete(l);
}

/** The sync job of this window, if one was started: polled while it runs. */
export function useSyncJob() {
  const qc = useQueryClient();
  const id = useSyncExternalStore(subscribeJob, () => currentJob);
  const job = useQuery({
    queryKey: ["job", id],
    queryFn: () => api.jobGet(id ?? ""),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== "running" ? false : 300),
    staleTime: 0,
  });
  const state = job.data?.state;
  useEffect(() => {
    if (state === "done" || state === "failed") {
      void qc.invalidateQueries({ queryKey: qk.sync });
      void qc.invalidateQueries({ queryKey: qk.conflicts });
      // New rows from other devices: lists show them.
      void qc.invalidateQueries({ queryKey: qk.enterprisesAll });
      void qc.invalidateQueries({ queryKey: qk.assessmentsAll });
      void qc.invalidateQueries({ queryKey: qk.programmes });
    }
  }, [state, qc]);
  const start = useCallback(async (): Promise<Job | null> => {
    const running = id ? qc.getQueryData<Job>(["job", id]) : undefined;
    if (running?.state === "running") return running;
    const j = await api.syncStart();
    qc.setQueryData(["job", j.id], j);
    setCurrentJob(j.id);
    return j;
  }, [id, qc]);
  return { job: job.data, start, error: job.error };
}

/** Syncs on a timer while logged in (see `nextSyncDelay`). */
export function useAutoSync() {
  const state = useSyncState();
  const { job, start } = useSyncJob();
  const failures = useRef(0);
  const loggedIn = !!state.data?.login;
  const jobState = job?.state;
  useEffect(() => {
    if (jobState === "failed") failures.current += 1;
    else if (jobState === "done") failures.current = 0;
  }, [jobState]);
  useEffect(() => {
    if (!loggedIn || jobState === "running") return;
    const timer = window.setTimeout(() => void start().catch(() => (failures.current += 1)), nextSyncDelay(failures.current));
    return () => window.clearTimeout(timer);
  }, [loggedIn, jobState, start]);
}
