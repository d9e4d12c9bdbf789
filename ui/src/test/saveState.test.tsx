import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../backend";
import type { ApiError } from "../backend/types";
import { SaveState } from "../components/SaveState";
import "../i18n";
import * as queue from "../lib/saveQueue";
import { fakeBackend } from "./fakeBackend";

type Call = { method: string; params: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void };

function recordingBackend(calls: Call[]) {
  return fakeBackend(
    <T,>(method: string, params?: unknown) =>
      new Promise<T>((resolve, reject) => calls.push({ method, params, resolve: resolve as (v: unknown) => void, reject })),
  );
}

describe("save state indicator and the autosave queue", () => {
  let calls: Call[];
  beforeEach(() => {
    vi.useFakeTimers();
    calls = [];
    setBackend(recordingBackend(calls));
    queue.resetQueue();
  });
  afterEach(() => {
    cleanup();
    queue.resetQueue();
    setBackend(null);
    vi.useRealTimers();
  });

  const state = () => screen.getByTestId("save-state");

  it("shows Đã lưu, then Đang lưu… while a save waits or runs, then Đã lưu", async () => {
    render(<SaveState />);
    expect(state()).toHaveTextContent("Đã lưu");
    expect(state()).toHaveAttribute("data-state", "saved");
    act(() => queue.schedule("flow:1", { method: "row.save", params: { n: 1 } }));
    expect(state()).toHaveTextContent("Đang lưu…");
    await act(async () => vi.advanceTimersByTime(500));
    expect(calls).toHaveLength(1);
    expect(state()).toHaveAttribute("data-state", "saving");
    await act(async () => calls[0].resolve({ id: "1" }));
    expect(state()).toHaveTextContent("Đã lưu");
  });

  it("shows Lỗi — chưa lưu when a save fails, and clears it when the next one succeeds", async () => {
    render(<SaveState />);
    const err: ApiError = { code: "VALIDATION_FAILED", message: "bad", field_errors: [] };
    const onError = vi.fn();
    act(() => queue.schedule("flow:1", { method: "row.save", params: { n: 1 }, onError }));
    await act(async () => vi.advanceTimersByTime(500));
    await act(async () => calls[0].reject(err));
    expect(onError).toHaveBeenCalledWith(err);
    expect(state()).toHaveTextContent("Lỗi — chưa lưu");
    expect(state()).toHaveAttribute("data-state", "error");
    act(() => queue.schedule("flow:1", { method: "row.save", params: { n: 2 } }));
    await act(async () => vi.advanceTimersByTime(500));
    await act(async () => calls[1].resolve({}));
    expect(state()).toHaveTextContent("Đã lưu");
  });

  it("a failed check in the UI shows the error without sending anything", () => {
    render(<SaveState />);
    act(() => queue.block("option:9", { code: "VALIDATION_FAILED", message: "local", field_errors: [] }));
    expect(state()).toHaveAttribute("data-state", "error");
    expect(calls).toHaveLength(0);
    act(() => queue.forget("option:9"));
    expect(state()).toHaveAttribute("data-state", "saved");
  });

  it("leaving a form keeps a save that failed for a reason other than validation, and the flush on close sends it again", async () => {
    render(<SaveState />);
    act(() => queue.schedule("flow:1", { method: "row.save", params: { n: 1 } }));
    await act(async () => vi.advanceTimersByTime(500));
    await act(async () => calls[0].reject({ code: "DB_BUSY", message: "busy", field_errors: [] }));
    expect(state()).toHaveAttribute("data-state", "error");
    act(() => queue.forget("flow:1")); // the form unmounts
    expect(state()).toHaveAttribute("data-state", "error");
    expect(queue.hasRetry()).toBe(true);
    let flushed = false;
    act(() => void queue.flushAll().then(() => (flushed = true)));
    expect(calls).toHaveLength(2);
    expect(calls[1].params).toEqual({ n: 1 });
    await act(async () => calls[1].resolve({}));
    expect(flushed).toBe(true);
    expect(state()).toHaveAttribute("data-state", "saved");
  });

  it("debounces: only the last edit of a key is sent", async () => {
    render(<SaveState />);
    for (const n of [1, 2, 3]) {
      act(() => queue.schedule("a:1", { method: "assessment.save", params: { n } }));
      await act(async () => vi.advanceTimersByTime(200));
    }
    await act(async () => vi.advanceTimersByTime(500));
    expect(calls.map((c) => c.params)).toEqual([{ n: 3 }]);
  });

  it("sends one save of a key at a time, in order", async () => {
    render(<SaveState />);
    act(() => queue.schedule("a:1", { method: "assessment.save", params: { n: 1 } }, 0));
    await act(async () => vi.advanceTimersByTime(0));
    act(() => queue.schedule("a:1", { method: "assessment.save", params: { n: 2 } }, 0));
    await act(async () => vi.advanceTimersByTime(0));
    expect(calls).toHaveLength(1);
    await act(async () => calls[0].resolve({}));
    await act(async () => vi.advanceTimersByTime(0));
    expect(calls.map((c) => c.params)).toEqual([{ n: 1 }, { n: 2 }]);
    await act(async () => calls[1].resolve({}));
    expect(state()).toHaveAttribute("data-state", "saved");
  });

  it("flushAll sends the last keystroke at once; takePending hands it over for a beacon", async () => {
    render(<SaveState />);
    act(() => queue.schedule("a:1", { method: "assessment.save", params: { text: "x" } }));
    let flushed = false;
    const p = queue.flushAll().then(() => (flushed = true));
    await act(async () => undefined);
    expect(calls).toHaveLength(1);
    expect(flushed).toBe(false);
    await act(async () => {
      calls[0].resolve({});
      await p;
    });
    expect(flushed).toBe(true);

    act(() => queue.schedule("a:1", { method: "assessment.save", params: { text: "last" } }));
    act(() => queue.schedule("flow:2", { method: "row.save", params: { q: "1,5" } }));
    let pending: ReturnType<typeof queue.takePending> = [];
    act(() => {
      pending = queue.takePending();
    });
    expect(pending).toEqual([
      { method: "assessment.save", params: { text: "last" } },
      { method: "row.save", params: { q: "1,5" } },
    ]);
    await act(async () => vi.advanceTimersByTime(1000));
    expect(calls).toHaveLength(1);
  });

  it("keeps a refused edit after its form is left: Chưa lưu — 1 lỗi with a link, until its key saves", async () => {
    render(<SaveState />);
    act(() =>
      queue.park("flow:9", { values: { unit_price_vnd: "-5" }, href: "#/assessment/a/a", fields: ["unit_price_vnd"] }),
    );
    expect(state()).toHaveAttribute("data-state", "error");
    expect(state()).toHaveTextContent("Chưa lưu — 1 lỗi");
    expect(screen.getByTestId("save-refused-link")).toHaveAttribute("href", "#/assessment/a/a");
    expect(queue.parkedEdit("flow:9")?.values).toEqual({ unit_price_vnd: "-5" });
    // Kept for the tab: a reload reads it back.
    expect(sessionStorage.getItem("sxsh.parked")).toContain("flow:9");
    // Another key's save does not clear it; its own does.
    act(() => queue.schedule("flow:1", { method: "row.patch", params: {} }));
    await act(async () => vi.advanceTimersByTime(600));
    await act(async () => calls.shift()!.resolve({}));
    expect(state()).toHaveAttribute("data-state", "error");
    act(() => queue.schedule("flow:9", { method: "row.patch", params: {} }));
    await act(async () => vi.advanceTimersByTime(600));
    await act(async () => calls.shift()!.resolve({}));
    expect(state()).toHaveAttribute("data-state", "saved");
    expect(queue.parkedCount()).toBe(0);
    expect(sessionStorage.getItem("sxsh.parked")).toBe("[]");
  });

  it("a refused edit can be given up, and a deleted row drops its own", () => {
    render(<SaveState />);
    act(() => queue.park("flow:9", { values: {}, href: "#/x", fields: [] }));
    act(() => screen.getByTestId("save-refused-discard").click());
    expect(state()).toHaveAttribute("data-state", "saved");
    act(() => queue.park("flow:8", { values: {}, href: "#/x", fields: [] }));
    act(() => queue.cancel("flow:8"));
    expect(queue.parkedCount()).toBe(0);
  });
});
