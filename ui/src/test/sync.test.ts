import { describe, expect, it } from "vitest";
import { SYNC_BACKOFF_MAX_MS, SYNC_BACKOFF_MS, SYNC_EVERY_MS, nextSyncDelay } from "../lib/sync";

describe("automatic sync timing", () => {
  it("waits the normal period when the last sync worked, within ±20 %", () => {
    expect(nextSyncDelay(0, () => 0)).toBe(Math.round(SYNC_EVERY_MS * 0.8));
    expect(nextSyncDelay(0, () => 1)).toBe(Math.round(SYNC_EVERY_MS * 1.2));
  });

  it("backs off after failures, doubling from 30 s up to 15 min, with jitter", () => {
    const mid = () => 0.5;
    expect(nextSyncDelay(1, mid)).toBe(SYNC_BACKOFF_MS);
    expect(nextSyncDelay(2, mid)).toBe(2 * SYNC_BACKOFF_MS);
    expect(nextSyncDelay(3, mid)).toBe(4 * SYNC_BACKOFF_MS);
    expect(nextSyncDelay(20, mid)).toBe(SYNC_BACKOFF_MAX_MS);
    const spread = new Set(Array.from({ length: 20 }, (_, i) => nextSyncDelay(2, () => i / 19)));
    expect(spread.size).toBeGreaterThan(10);
  });
});

describe("authorName", () => {
  it("names the person before the device id, and nobody for a bare device id", async () => {
    const { authorName } = await import("../pages/Conflicts");
    expect(authorName("Nguyễn Thị Lan@01a2426b-6516-74f0-9632-99ef67075b88")).toBe("Nguyễn Thị Lan");
    expect(authorName("a@b@01a2426b")).toBe("a@b");
    expect(authorName("01a2426b-6516-74f0-9632-99ef67075b88")).toBeNull();
  });
});
