import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE, describeMismatch, outputsMatch } from "@/lib/codecheck/compare";
import { createRng } from "@/lib/codecheck/random";

const out = (shape: number[], values: number[]) => ({ shape, values, dtype: "float32" });

describe("describeMismatch", () => {
  it("states the received and expected shapes", () => {
    expect(describeMismatch(out([4, 1], [1, 2, 3, 4]), out([4], [1, 2, 3, 4]))).toEqual({
      en: "received shape [4] vs expected [4,1]",
      zh: "返回的形状是 [4]，应为 [4,1]",
    });
  });

  it("names the largest absolute difference and its index", () => {
    const message = describeMismatch(out([2, 2], [1, 2, 3, 4]), out([2, 2], [1, 2.5, 3, 3]));
    expect(message?.en).toBe(
      "shape [2,2] ok, but 2 of 4 value(s) differ; largest absolute difference 1 at [1,1] (expected 4, received 3)",
    );
  });

  it("prints NaN and the infinities as themselves, never as a difference of Infinity", () => {
    const nan = describeMismatch(out([3], [1, 2, 3]), out([3], [1, Number.NaN, 3.5]));
    expect(nan?.en).toBe("shape [3] ok, but 2 of 3 value(s) differ; received NaN at [1] (expected 2)");
    expect(nan?.zh).toBe("形状 [3] 正确，但 3 个值中有 2 个不同；[1] 处得到 NaN（应为 2）");
    const infinite = describeMismatch(out([2], [1, 2]), out([2], [Number.NEGATIVE_INFINITY, 2]));
    expect(infinite?.en).toContain("received -Infinity at [0] (expected 1)");
    const expectedNaN = describeMismatch(out([], [Number.NaN]), out([], [0.5]));
    expect(expectedNaN?.en).toContain("received 0.5 at [] (expected NaN)");
    for (const text of [nan, infinite, expectedNaN].flatMap((m) => [m?.en ?? "", m?.zh ?? ""])) {
      expect(text).not.toMatch(/null|difference Infinity/);
    }
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
