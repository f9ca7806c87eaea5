import { describe, expect, it } from "vitest";
import { MarkedCache } from "@/lib/server/progress/cache";

const T0 = new Date("2026-03-10T06:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("the dashboard's marked cache", () => {
  it("returns a value only while its markers match", () => {
    const cache = new MarkedCache<number>({ maxEntries: 10, maxAgeMs: 1000 });
    cache.set("k", "m1", 42, T0);
    expect(cache.get("k", "m1", T0)).toBe(42);
    expect(cache.get("k", "m2", T0)).toBeUndefined();
    expect(cache.get("other", "m1", T0)).toBeUndefined();
  });

  it("ages entries on the clock passed in, not the system's", () => {
    const cache = new MarkedCache<number>({ maxEntries: 10, maxAgeMs: 1000 });
    cache.set("k", "m", 1, T0);
    expect(cache.get("k", "m", at(999))).toBe(1);
    expect(cache.get("k", "m", at(1000))).toBeUndefined();
    // Stored at a later instant than the reader's: not trusted.
    expect(cache.get("k", "m", at(-1))).toBeUndefined();
  });

  it("drops the entry stored first beyond its size, and re-storing a key refreshes it", () => {
    const cache = new MarkedCache<string>({ maxEntries: 2, maxAgeMs: 1000 });
    cache.set("a", "m", "A", T0);
    cache.set("b", "m", "B", T0);
    cache.set("a", "m", "A2", T0);
    cache.set("c", "m", "C", T0);
    expect(cache.size).toBe(2);
    expect(cache.get("b", "m", T0)).toBeUndefined();
    expect(cache.get("a", "m", T0)).toBe("A2");
    expect(cache.get("c", "m", T0)).toBe("C");
  });
});
