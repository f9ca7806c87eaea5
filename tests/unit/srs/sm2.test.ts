import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_REVIEW_DURATION_MS, clampDurationMs } from "@/lib/srs/schedule";
import { INITIAL_SM2, MIN_EASE, type Quality, type Sm2State, reviewSm2 } from "@/lib/srs/sm2";

function run(grades: Quality[], start: Sm2State = INITIAL_SM2) {
  const history: ReturnType<typeof reviewSm2>[] = [];
  let state: Sm2State = start;
  for (const q of grades) {
    const next = reviewSm2(state, q);
    history.push(next);
    state = next;
  }
  return history;
}

describe("SM-2 published vectors", () => {
  it("starts at repetitions 0, interval 0, EF 2.5", () => {
    expect(INITIAL_SM2).toEqual({ repetitions: 0, intervalDays: 0, easeFactor: 2.5 });
  });

  it("grades 4,4,4,4,4 give intervals 1,6,15,38,95 with EF unchanged", () => {
    const h = run([4, 4, 4, 4, 4]);
    expect(h.map((s) => s.intervalDays)).toEqual([1, 6, 15, 38, 95]);
    expect(h.map((s) => s.easeFactor)).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
    expect(h.map((s) => s.repetitions)).toEqual([1, 2, 3, 4, 5]);
  });

  it("grades 5,5,5,5 give EF 2.6,2.7,2.8,2.9 and intervals 1,6,17,50", () => {
    const h = run([5, 5, 5, 5]);
    expect(h.map((s) => s.easeFactor)).toEqual([2.6, 2.7, 2.8, 2.9]);
    expect(h.map((s) => s.intervalDays)).toEqual([1, 6, 17, 50]);
  });

  it("grades 3,3,3,3 give EF 2.36,2.22,2.08,1.94 and intervals 1,6,13,26", () => {
    const h = run([3, 3, 3, 3]);
    expect(h.map((s) => s.easeFactor)).toEqual([2.36, 2.22, 2.08, 1.94]);
    expect(h.map((s) => s.intervalDays)).toEqual([1, 6, 13, 26]);
    expect(h.every((s) => s.redrillToday)).toBe(true);
  });

  it("ten 3s floor EF at 1.3", () => {
    const h = run(Array<Quality>(10).fill(3));
    expect(h.map((s) => s.easeFactor)).toEqual([2.36, 2.22, 2.08, 1.94, 1.8, 1.66, 1.52, 1.38, 1.3, 1.3]);
  });

  it("a fail restarts repetitions, keeps EF and is re-drilled today; the next pass is repetition 1", () => {
    const [, , failed, again] = run([5, 5, 1, 4]);
    expect(failed).toEqual({ repetitions: 0, intervalDays: 0, easeFactor: 2.7, redrillToday: true });
    expect(again).toEqual({ repetitions: 1, intervalDays: 1, easeFactor: 2.7, redrillToday: false });
  });

  it("re-drills grades below 4 only", () => {
    expect([0, 1, 2, 3, 4, 5].map((q) => reviewSm2(INITIAL_SM2, q as Quality).redrillToday)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it("refuses a quality outside 0..5", () => {
    expect(() => reviewSm2(INITIAL_SM2, 6 as Quality)).toThrow(RangeError);
    expect(() => reviewSm2(INITIAL_SM2, 2.5 as Quality)).toThrow(RangeError);
  });
});

describe("SM-2 invariants", () => {
  const grades = fc.array(fc.constantFrom<Quality>(0, 1, 2, 3, 4, 5), { minLength: 1, maxLength: 40 });

  it("EF never drops below 1.3", () => {
    fc.assert(fc.property(grades, (gs) => run(gs).every((s) => s.easeFactor >= MIN_EASE)));
  });

  it("a pass never shortens the interval", () => {
    fc.assert(
      fc.property(grades, fc.constantFrom<Quality>(3, 4, 5), (gs, q) => {
        const before = run(gs).at(-1)!;
        return reviewSm2(before, q).intervalDays >= before.intervalDays;
      }),
    );
  });

  it("a fail always restarts and leaves EF unchanged", () => {
    fc.assert(
      fc.property(grades, fc.constantFrom<Quality>(0, 1, 2), (gs, q) => {
        const before = run(gs).at(-1)!;
        const after = reviewSm2(before, q);
        return after.repetitions === 0 && after.easeFactor === before.easeFactor && after.redrillToday;
      }),
    );
  });

  it("EF stays an exact multiple of 0.01", () => {
    fc.assert(
      fc.property(grades, (gs) =>
        run(gs).every((s) => Math.abs(s.easeFactor * 100 - Math.round(s.easeFactor * 100)) < 1e-9),
      ),
    );
  });
});

describe("the recorded duration of a review", () => {
  it("is whole milliseconds, never negative, at most an hour", () => {
    expect(clampDurationMs(1234.6)).toBe(1235);
    expect(clampDurationMs(-5)).toBe(0);
    expect(clampDurationMs(3 * 60 * 60 * 1000)).toBe(MAX_REVIEW_DURATION_MS);
    expect(MAX_REVIEW_DURATION_MS).toBe(60 * 60 * 1000);
    expect(clampDurationMs(Number.NaN)).toBe(0);
    expect(clampDurationMs(Number.POSITIVE_INFINITY)).toBe(MAX_REVIEW_DURATION_MS);
  });
});
