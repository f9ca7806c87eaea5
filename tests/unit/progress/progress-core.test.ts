import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeActivity } from "@/lib/progress/activity";
import { CSV_HEADER, csvField, csvLine } from "@/lib/progress/csv";
import { dayKeyAt, dayOffsetOf, learnerDays, localHours } from "@/lib/progress/days";
import { easeBuckets, forecast, intervalBuckets } from "@/lib/progress/distributions";
import { parseAttempt } from "@/lib/progress/history";
import { historyHref, practiceHref, replayHref } from "@/lib/progress/items";
import { leastSquares, summarizeRetention } from "@/lib/progress/retention";
import { computeStreaks } from "@/lib/progress/streaks";

const SHANGHAI = { timeZone: "Asia/Shanghai", dayStartHour: 4 };
const BERLIN = { timeZone: "Europe/Berlin", dayStartHour: 4 };

describe("learner days", () => {
  it("start at the day-start hour in the learner's zone", () => {
    const now = new Date("2026-03-10T06:00:00Z"); // 14:00 in Shanghai
    const [yesterday, today] = learnerDays(now, SHANGHAI, -1, 0);
    expect(today).toMatchObject({
      offset: 0,
      key: "2026-03-10",
      start: new Date("2026-03-09T20:00:00Z"),
      end: new Date("2026-03-10T20:00:00Z"),
    });
    expect(yesterday?.key).toBe("2026-03-09");
    // 03:30 local on the 10th still belongs to the 9th.
    expect(dayOffsetOf(new Date("2026-03-09T19:30:00Z"), now, SHANGHAI)).toBe(-1);
    expect(dayOffsetOf(new Date("2026-03-09T20:00:00Z"), now, SHANGHAI)).toBe(0);
  });

  it("are 23 and 25 hours long on DST changes", () => {
    const days = learnerDays(new Date("2026-10-30T12:00:00Z"), BERLIN, -6, 2);
    const lengths = days.map((d) => (d.end.getTime() - d.start.getTime()) / 3_600_000);
    expect(days.find((d) => d.key === "2026-10-25")).toBeTruthy();
    expect(lengths[days.findIndex((d) => d.key === "2026-10-24")]).toBe(25);
    const spring = learnerDays(new Date("2026-03-30T12:00:00Z"), BERLIN, -2, -2)[0]!;
    expect(spring.key).toBe("2026-03-28");
    expect((spring.end.getTime() - spring.start.getTime()) / 3_600_000).toBe(23);
    expect(dayKeyAt(new Date("2026-03-30T12:00:00Z"), BERLIN, 2)).toBe("2026-04-01");
  });
});

describe("local hours", () => {
  it("follow a quarter-hour zone", () => {
    const hours = localHours(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T03:00:00Z"), "Asia/Kathmandu");
    // 05:45 local at the start: a 15-minute piece of hour 5, then whole hours.
    expect(hours.map((h) => [h.hour, h.start.toISOString()])).toEqual([
      [5, "2026-01-01T00:00:00.000Z"],
      [6, "2026-01-01T00:15:00.000Z"],
      [7, "2026-01-01T01:15:00.000Z"],
      [8, "2026-01-01T02:15:00.000Z"],
    ]);
  });

  it("repeat the hour that autumn's change repeats and skip spring's", () => {
    const autumn = localHours(new Date("2026-10-24T22:00:00Z"), new Date("2026-10-25T03:00:00Z"), "Europe/Berlin");
    expect(autumn.map((h) => h.hour)).toEqual([0, 1, 2, 2, 3]);
    const spring = localHours(new Date("2026-03-28T23:00:00Z"), new Date("2026-03-29T03:00:00Z"), "Europe/Berlin");
    expect(spring.map((h) => h.hour)).toEqual([0, 1, 3, 4]);
  });

  it("tile the range without gaps", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.constantFrom("UTC", "Europe/Berlin", "Asia/Kathmandu", "America/St_Johns"),
        (s, tz) => {
          const from = new Date(Math.floor(s / 60) * 60_000 * 10);
          const to = new Date(from.getTime() + 3 * 86_400_000);
          const hours = localHours(from, to, tz);
          expect(hours[0]?.start).toEqual(from);
          expect(hours[hours.length - 1]?.end).toEqual(to);
          for (let i = 1; i < hours.length; i++) expect(hours[i]?.start).toEqual(hours[i - 1]?.end);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe("streaks", () => {
  it("count runs of days, today's run still open until the day ends", () => {
    expect(computeStreaks([0, -1, -3, -4, -5])).toEqual({ current: 2, longest: 3, activeDays: 5 });
    expect(computeStreaks([-1, -2])).toEqual({ current: 2, longest: 2, activeDays: 2 });
    expect(computeStreaks([-2, -3])).toEqual({ current: 0, longest: 2, activeDays: 2 });
    expect(computeStreaks([])).toEqual({ current: 0, longest: 0, activeDays: 0 });
  });
});

describe("retention", () => {
  it("fits a least-squares line", () => {
    const line = leastSquares([0.8, null, 0.9, 1.0]);
    expect(line?.slopePerWeek).toBeCloseTo(0.0643, 3);
    expect(line?.intercept).toBeCloseTo(0.7929, 3);
    expect(leastSquares([0.5])).toBeNull();
  });

  it("folds days into weeks ending today", () => {
    const s = summarizeRetention(
      [
        { dayOffset: 0, cls: "young", passes: 1, total: 2 },
        { dayOffset: -6, cls: "mature", passes: 1, total: 1 },
        { dayOffset: -7, cls: "young", passes: 0, total: 1 },
        { dayOffset: -40, cls: "mature", passes: 3, total: 4 },
      ],
      8,
      (o) => `d${o}`,
    );
    expect(s.weeks[7]).toMatchObject({
      weeksAgo: 0,
      startKey: "d-6",
      young: { passes: 1, total: 2 },
      mature: { passes: 1, total: 1 },
      all: { passes: 2, total: 3 },
    });
    expect(s.weeks[6]?.young).toEqual({ passes: 0, total: 1 });
    expect(s.last30Days.all).toEqual({ passes: 2, total: 4 });
    expect(s.lastYear.mature).toEqual({ passes: 4, total: 5 });
  });
});

describe("forecast", () => {
  it("carries what the daily limit holds back", () => {
    const f = forecast({
      dueByOffset: [1, 2, 0, 0],
      maxReviewsPerDay: 1,
      reviewsDoneToday: 1,
      newPerDay: 2,
      newDoneToday: 1,
      newWaiting: 2,
    });
    expect(f.days.map((d) => [d.due, d.reviews, d.carried, d.newItems])).toEqual([
      [1, 0, 1, 1],
      [2, 1, 2, 1],
      [0, 1, 1, 0],
      [0, 1, 0, 0],
    ]);
    expect(f.daysOverLimit).toBe(3);
    expect(f.dueNextDays).toBe(2);
    expect(f.averagePerDay).toBeCloseTo(2 / 3);
  });
});

describe("distributions", () => {
  it("bucket intervals and ease", () => {
    const ivl = intervalBuckets([
      { intervalDays: 1, count: 2 },
      { intervalDays: 30, count: 1 },
      { intervalDays: 400, count: 5 },
    ]);
    expect(ivl.filter((b) => b.count > 0)).toEqual([
      { label: "0-1", count: 2 },
      { label: "21-41", count: 1 },
      { label: "365+", count: 5 },
    ]);
    const ease = easeBuckets([
      { easePermille: 1300, count: 1 },
      { easePermille: 2500, count: 2 },
      { easePermille: 3400, count: 1 },
    ]);
    expect(ease.filter((b) => b.count > 0)).toEqual([
      { label: "1.3", count: 1 },
      { label: "2.5", count: 2 },
      { label: "3.0+", count: 1 },
    ]);
  });
});

describe("activity", () => {
  it("sums per day, kind and grade", () => {
    const a = summarizeActivity(
      [
        { dayOffset: 0, itemKind: "card", quality: 5, count: 2, durationMs: 3000 },
        { dayOffset: -1, itemKind: "exercise", quality: 1, count: 1, durationMs: 500 },
        { dayOffset: -9, itemKind: "card", quality: 4, count: 7, durationMs: 1 },
      ],
      3,
      (o) => `k${o}`,
    );
    expect(a.days.map((d) => [d.key, d.total])).toEqual([
      ["k-2", 0],
      ["k-1", 1],
      ["k0", 2],
    ]);
    expect(a.today).toEqual({ reviews: 2, durationMs: 3000 });
    expect(a.gradeTotals.exercise).toEqual([0, 1, 0, 0, 0, 0]);
  });
});

describe("export and links", () => {
  it("quotes CSV fields and defuses formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField(-3)).toBe("-3");
    expect(csvField(null)).toBe("");
    expect(csvLine(["x", 1, true])).toBe("x,1,1\r\n");
    expect(CSV_HEADER.startsWith("review_id,reviewed_at,learner_day,item_id")).toBe(true);
  });

  it("links items to practice and history", () => {
    expect(historyHref("card:norm-l0")).toBe("/items/card%3Anorm-l0");
    expect(practiceHref({ id: "exercise:softmax", kind: "exercise", contentId: "softmax" })).toBe("/exercises/softmax");
    expect(practiceHref({ id: "code:mse", kind: "code", contentId: "mse" })).toBe("/code/mse");
    // A card is practised on its own page, not sent back to its history.
    expect(practiceHref({ id: "card:norm-l0", kind: "card", contentId: "norm-l0" })).toBe("/practice/card%3Anorm-l0");
    expect(replayHref("softmax", 42)).toBe("/exercises/softmax?seed=42");
  });

  it("reads exercise attempts back from the log", () => {
    const a = parseAttempt(
      JSON.stringify({
        generatorId: "softmax",
        seed: 7,
        attempts: [
          { input: "0.2", correct: false },
          { input: "0.25", correct: true },
        ],
        hintsShown: 1,
        solutionShown: false,
      }),
    );
    expect(a).toEqual({
      generatorId: "softmax",
      seed: 7,
      inputs: [
        { input: "0.2", correct: false },
        { input: "0.25", correct: true },
      ],
      hintsShown: 1,
      solutionShown: false,
      verdict: "solved",
    });
    expect(parseAttempt("not json")).toBeNull();
    expect(parseAttempt(null)).toBeNull();
  });
});
