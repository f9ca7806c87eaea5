import { describe, expect, it } from "vitest";
import { default_w, forgetting_curve } from "ts-fsrs";
import {
  type CardReview,
  binReview,
  computeLogLoss,
  computeRmseBins,
  evaluateCalibration,
  listTimeSeriesSplits,
  predictFsrsRecall,
  roundHalfEven,
} from "@/lib/srs/calibration";

describe("log loss (scikit-learn log_loss)", () => {
  it("matches a hand-computed vector", () => {
    // −(ln 0.9 + ln(1 − 0.2) + ln 0.6) / 3 = (0.1053605 + 0.2231436 + 0.5108256) / 3
    const reviews = [
      { y: 1, p: 0.9 },
      { y: 0, p: 0.2 },
      { y: 1, p: 0.6 },
    ] as const;
    expect(computeLogLoss(reviews)).toBeCloseTo(0.2797766, 6);
  });

  it("clips certain predictions instead of returning infinity", () => {
    expect(Number.isFinite(computeLogLoss([{ y: 0, p: 1 }]))).toBe(true);
    expect(computeLogLoss([{ y: 1, p: 1 }])).toBeCloseTo(0, 12);
  });
});

describe("RMSE(bins) (srs-benchmark utils.py rmse_matrix)", () => {
  it("bins elapsed days, review number and lapses on srs-benchmark's logarithmic grid", () => {
    // ln 3 / ln 3.62 = 0.854 → 2.48; ln 4 / ln 3.62 = 1.078 → 2.48 × 3.62 = 8.98
    expect(binReview({ elapsedDays: 3, reviewNumber: 2, lapses: 0 })).toBe("2.48|4|0");
    expect(binReview({ elapsedDays: 4, reviewNumber: 2, lapses: 0 })).toBe("8.98|4|0");
    // i = 1 → 1.99 → 2; i = 7: ln 7 / ln 1.89 = 3.06 → 1.99 × 1.89³ = 13.43 → 13
    expect(binReview({ elapsedDays: 1, reviewNumber: 1, lapses: 0 })).toBe("2.48|2|0");
    expect(binReview({ elapsedDays: 1, reviewNumber: 7, lapses: 0 })).toBe("2.48|13|0");
    // lapses 1 → 1.65 → 2; lapses 3: ln 3 / ln 1.73 = 2.0 → 1.65 × 1.73² = 4.94 → 5
    expect(binReview({ elapsedDays: 1, reviewNumber: 2, lapses: 1 })).toBe("2.48|4|2");
    expect(binReview({ elapsedDays: 1, reviewNumber: 2, lapses: 3 })).toBe("2.48|4|5");
  });

  it("matches a hand-computed vector: the count-weighted RMSE of the bins' mean gaps", () => {
    const reviews = [
      { y: 1, p: 0.9, elapsedDays: 1, reviewNumber: 2, lapses: 0 },
      { y: 0, p: 0.8, elapsedDays: 2, reviewNumber: 3, lapses: 0 },
      { y: 1, p: 0.7, elapsedDays: 10, reviewNumber: 2, lapses: 1 },
    ] as const;
    // Bin (2.48, 4, 0): mean y 0.5, mean p 0.85, n 2; bin (8.98, 4, 2): y 1, p 0.7, n 1.
    // √((2 × 0.35² + 1 × 0.3²) / 3) = √(0.335 / 3)
    expect(computeRmseBins(reviews)).toBeCloseTo(Math.sqrt(0.335 / 3), 12);
    expect(computeRmseBins(reviews)).toBeCloseTo(0.334166, 6);
  });

  it("rounds half to even, as numpy does", () => {
    expect(roundHalfEven(2.5, 0)).toBe(2);
    expect(roundHalfEven(3.5, 0)).toBe(4);
    expect(roundHalfEven(3.7611, 0)).toBe(4);
  });
});

describe("time-series splits (scikit-learn TimeSeriesSplit(5))", () => {
  it("trains on everything before each test chunk", () => {
    expect(listTimeSeriesSplits(12)).toEqual([
      { trainEnd: 2, testEnd: 4 },
      { trainEnd: 4, testEnd: 6 },
      { trainEnd: 6, testEnd: 8 },
      { trainEnd: 8, testEnd: 10 },
      { trainEnd: 10, testEnd: 12 },
    ]);
    expect(listTimeSeriesSplits(13)[0]).toEqual({ trainEnd: 3, testEnd: 5 });
    expect(() => listTimeSeriesSplits(5)).toThrow(/cannot make 5 splits/);
  });
});

function card(reviews: [quality: CardReview["quality"], deltaDays: number][], firstOrder: number): CardReview[] {
  return reviews.map(([quality, deltaDays], i) => ({ quality, deltaDays, order: firstOrder + i }));
}

describe("predicted recall", () => {
  it("FSRS: the forgetting curve at the stability after the earlier reviews", () => {
    const w = [...default_w];
    const p = predictFsrsRecall(
      w,
      card(
        [
          [4, 0],
          [4, 3],
        ],
        0,
      ),
    );
    expect(Number.isNaN(p[0])).toBe(true);
    // After a first Good the stability is w[2].
    expect(p[1]).toBeCloseTo(forgetting_curve(w, 3, w[2]!), 12);
  });

  it("SM-2: 0.9^(t/I) with I from SM-2 replayed over the grades, scored only on a day or more later", async () => {
    // Grades 4, 4 (1 day later, I = 1), 4 (3 days later, I = 6), 1 (12 days later, I = ceil(6 × 2.5) = 15; q = 4 keeps
    // EF at 2.5), 4 the same day (the re-drill: I = 1), 4 a day later.
    const cards = [
      card(
        [
          [4, 0],
          [4, 1],
          [4, 3],
          [1, 12],
          [4, 0],
          [4, 1],
        ],
        0,
      ),
    ];
    const seen: number[][] = [];
    const report = await evaluateCalibration(
      [...cards, ...cards, ...cards].map((c, k) => c.map((r) => ({ ...r, order: r.order * 3 + k }))),
      (items) => {
        seen.push(items.map((i) => i.length));
        return Promise.resolve([...default_w]);
      },
      default_w,
      0,
    );
    expect(report).not.toBeNull();
    // 4 scored reviews per card × 3 cards = 12 → 5 folds of 2: the first 2 are never scored.
    expect(report!.sm2.reviewsScored).toBe(10);
    expect(report!.fsrs.reviewsScored).toBe(10);
    // Each fold is fitted on items that end before its test part: the first on 2 items of 2 reviews.
    expect(seen[0]).toEqual([2, 2]);
    expect(seen).toHaveLength(5);
    const sm2Ps = [0.9 ** (1 / 1), 0.9 ** (3 / 6), 0.9 ** (12 / 15), 0.9 ** (1 / 1)];
    const ys = [1, 1, 0, 1];
    // Scored rows in time order: per card the 4 candidates, interleaved across the 3 cards; rows 2..11 are scored.
    const rows = [0, 1, 2, 3].flatMap((j) => [0, 1, 2].map(() => ({ y: ys[j] as 0 | 1, p: sm2Ps[j]! }))).slice(2);
    expect(report!.sm2.logLoss).toBeCloseTo(computeLogLoss(rows), 12);
  });

  it("returns null when there are too few reviews to split", async () => {
    const report = await evaluateCalibration(
      [
        card(
          [
            [4, 0],
            [4, 1],
          ],
          0,
        ),
      ],
      () => Promise.reject(new Error("no")),
      default_w,
      0,
    );
    expect(report).toBeNull();
  });
});
