import { describe, expect, it } from "vitest";
import {
  type LoggedReview,
  buildFsrsTrainingItems,
  groupCardHistories,
  measureSimulatorInputs,
} from "@/lib/srs/review-history";
import { DEFAULT_SIMULATOR_CONFIG } from "@/lib/srs/simulate";

const berlin = { timeZone: "Europe/Berlin", dayStartHour: 4 };

function row(itemId: string, iso: string, quality: number, kind = "review", durationMs = 5000): LoggedReview {
  return { itemId, reviewedAt: new Date(iso), quality, kind, durationMs };
}

describe("the review log as FSRS sees it", () => {
  it("counts learner days in the learner's zone and day start, not UTC dates", () => {
    const cards = groupCardHistories(
      [
        // 23:30 Berlin (UTC+1) on 9 March, then 03:30 Berlin on 10 March: the same learner day (it starts at 04:00).
        row("card:a", "2026-03-09T22:30:00Z", 4, "new"),
        row("card:a", "2026-03-10T02:30:00Z", 4),
        // 05:00 Berlin on 10 March: the next learner day.
        row("card:a", "2026-03-10T04:00:00Z", 4),
        // Across the change to summer time (29 March): 09:00 Berlin on the 28th to 09:00 Berlin on the 30th.
        row("card:a", "2026-03-28T08:00:00Z", 4),
        row("card:a", "2026-03-30T07:00:00Z", 4),
      ],
      berlin,
    );
    expect(cards[0]!.reviews.map((r) => r.deltaDays)).toEqual([0, 0, 1, 18, 2]);
  });

  it("orders each card's reviews by time and leaves out practice re-drills and drills", () => {
    const cards = groupCardHistories(
      [
        row("card:b", "2026-03-12T10:00:00Z", 5),
        row("card:b", "2026-03-10T10:00:00Z", 3, "new"),
        row("card:b", "2026-03-10T10:05:00Z", 4, "practice"),
        row("card:b", "2026-03-11T10:00:00Z", 1),
        row("card:b", "2026-03-11T10:10:00Z", 4, "relearn"),
        row("card:b", "2026-03-11T11:00:00Z", 5, "drill"),
      ],
      berlin,
    );
    expect(cards[0]!.reviews.map((r) => [r.kind, r.quality, r.deltaDays])).toEqual([
      ["new", 3, 0],
      ["review", 1, 1],
      ["relearn", 4, 0],
      ["review", 5, 1],
    ]);
    // One item per review after the first, each the card's reviews up to it; grades 0–2 Again, 3 Hard, 4 Good, 5 Easy.
    expect(buildFsrsTrainingItems(cards)).toEqual([
      [
        { rating: 2, deltaT: 0 },
        { rating: 1, deltaT: 1 },
      ],
      [
        { rating: 2, deltaT: 0 },
        { rating: 1, deltaT: 1 },
        { rating: 3, deltaT: 0 },
      ],
      [
        { rating: 2, deltaT: 0 },
        { rating: 1, deltaT: 1 },
        { rating: 3, deltaT: 0 },
        { rating: 4, deltaT: 1 },
      ],
    ]);
  });

  it("leaves out training items with no review a day or more after the one before (fsrs-rs aborts on them)", () => {
    const cards = groupCardHistories(
      [row("card:c", "2026-03-10T10:00:00Z", 1, "new"), row("card:c", "2026-03-10T10:10:00Z", 4, "relearn")],
      berlin,
    );
    expect(buildFsrsTrainingItems(cards)).toEqual([]);
  });

  it("refuses a grade outside 0–5, naming the review", () => {
    expect(() => groupCardHistories([row("card:d", "2026-03-10T10:00:00Z", 7)], berlin)).toThrow(
      /card:d at 2026-03-10T10:00:00.000Z: quality must be 0..5, got 7/,
    );
  });

  it("takes the simulator's costs from the learner's median answer times, and fsrs-rs's defaults where there are none", () => {
    const cards = groupCardHistories(
      [
        row("card:e", "2026-03-10T10:00:00Z", 4, "new", 8000),
        row("card:f", "2026-03-10T10:00:00Z", 4, "new", 2000),
        row("card:g", "2026-03-10T10:00:00Z", 4, "new", 4000),
        row("card:e", "2026-03-11T10:00:00Z", 5, "review", 3000),
        row("card:f", "2026-03-11T10:00:00Z", 5, "review", 5000),
      ],
      berlin,
    );
    const inputs = measureSimulatorInputs(cards);
    const d = DEFAULT_SIMULATOR_CONFIG.stateRatingCostsSeconds;
    expect(inputs.stateRatingCostsSeconds).toEqual([
      [d[0][0], d[0][1], 4, d[0][3]],
      [d[1][0], d[1][1], d[1][2], 4],
      d[2],
    ]);
    expect(inputs.firstRatingProbabilities).toEqual([0, 0, 1, 0]);
    expect(inputs.reviewRatingProbabilities).toEqual([0, 0, 1]);
  });
});
