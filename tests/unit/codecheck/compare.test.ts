import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE, describeMismatch, outputsMatch } from "@/lib/codecheck/compare";
import { createRng } from "@/lib/codecheck/random";

const out = (shape: number[], values: number[]) => ({ shape, values, dtype: "float32" });

describe("describeMismatch", () => {
  it("states the received and expected shapes", () => {
    expect(describeMismatch(out([4, 1], [1, 2, 3, 4]), out([4], [1, 2, 3, 4]))).toBe(
      "received shape [4] vs expected [4,1]",
    );
  });

  it("names the largest absolute difference and its index", () => {
    const message = describeMismatch(out([2, 2], [1, 2, 3, 4]), out([2, 2], [1, 2.5, 3, 3]));
    expect(message).toBe(
      "shape [2,2] ok, but 2 of 4 value(s) differ; largest absolute difference 1 at [1,1] (expected 4, received 3)",
    );
  });

  it("points at NaN and infinities", () => {
    expect(describeMismatch(out([3], [1, 2, 3]), out([3], [1, Number.NaN, 3]))).toContain("received NaN at [1]");
  });

  it("accepts float32 noise and rejects real differences", () => {
    fc.assert(
      fc.property(fc.float({ min: -1e6, max: 1e6, noNaN: true }), (value) => {
        const noisy = value * (1 + RELATIVE_TOLERANCE / 10);
        expect(describeMismatch(out([], [value]), out([], [noisy]))).toBeNull();
        const off = value + ABSOLUTE_TOLERANCE * 10 + Math.abs(value) * RELATIVE_TOLERANCE * 10;
        expect(describeMismatch(out([], [value]), out([], [off]))).not.toBeNull();
      }),
    );
  });

  it("treats log(1e-10)-sized values with a relative tolerance", () => {
    const logClip = Math.log(1e-10);
    expect(describeMismatch(out([], [logClip]), out([], [Math.fround(logClip)]))).toBeNull();
    expect(describeMismatch(out([], [logClip]), out([], [Math.log(1.01e-10)]))).not.toBeNull();
  });
});

describe("outputsMatch", () => {
  it("matches NaN with NaN and infinities exactly, for recognizing mistakes", () => {
    expect(
      outputsMatch(out([2], [Number.NaN, Number.NEGATIVE_INFINITY]), out([2], [Number.NaN, Number.NEGATIVE_INFINITY])),
    ).toBe(true);
    expect(outputsMatch(out([1], [Number.POSITIVE_INFINITY]), out([1], [Number.NEGATIVE_INFINITY]))).toBe(false);
  });
});

describe("createRng", () => {
  it("is deterministic per seed and uniform in [0, 1)", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = createRng(seed);
        const b = createRng(seed);
        for (let i = 0; i < 20; i += 1) {
          const value = a.next();
          expect(value).toBe(b.next());
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
      }),
    );
  });
});
