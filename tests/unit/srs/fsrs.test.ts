import { describe, expect, it } from "vitest";
import { type Grade, Rating } from "ts-fsrs";
import {
  DEFAULT_FSRS_PARAMS,
  type FsrsMemory,
  type FsrsParams,
  type FsrsStep,
  type PastReview,
  SM2_SCHEDULER,
  checkFsrsParams,
  fsrsRatingOf,
  fsrsStateFromHistory,
  fsrsStateFromSm2,
  learnerDaysBetween,
  nextFsrsSteps,
  previewFor,
  previewFsrsReview,
} from "@/lib/srs/fsrs";
import { learnerDayStart } from "@/lib/srs/day";
import { NEW_SCHEDULE, type ScheduleState, previewReview } from "@/lib/srs/schedule";
import { type Quality, QUALITIES } from "@/lib/srs/sm2";

const DAY_MS = 86_400_000;
const UTC_DAY = { timeZone: "UTC", dayStartHour: 4 };
const NOW = new Date("2026-03-02T10:00:00Z");

/** ts-fsrs's rating as the app's grade that maps to it (0–2 Again, 3 Hard, 4 Good, 5 Easy). */
const QUALITY_OF: Record<number, Quality> = { [Rating.Again]: 1, [Rating.Hard]: 3, [Rating.Good]: 4, [Rating.Easy]: 5 };

// ts-fsrs v5.4.1 packages/fsrs/__tests__/impl/long-term_scheduler.test.ts (5.4.2 changes only how a
// parameter list is clipped after migration, #486): FSRS-5 weights, short-term off, fuzz off, each review
// on the day the previous one fell due.
const LONG_TERM_W = [
  0.4197, 1.1869, 3.0412, 15.2441, 7.1434, 0.6477, 1.0007, 0.0674, 1.6597, 0.1712, 1.1178, 2.0225, 0.0904, 0.3025,
  2.1214, 0.2498, 2.9466, 0.4891, 0.6468,
];
const A: Grade = Rating.Again;
const H: Grade = Rating.Hard;
const G: Grade = Rating.Good;
const E: Grade = Rating.Easy;
const LONG_TERM_CASES = [
  {
    name: "test1",
    ratings: [G, G, G, G, G, G, A, A, G, G, G, G, G],
    ivl: [3, 13, 48, 155, 445, 1158, 17, 3, 11, 37, 112, 307, 773],
    s: [
      3.0412, 13.09130698, 48.15848988, 154.93732625, 445.05562739, 1158.07779739, 16.63063166, 3.01732209, 11.42247264,
      37.37521902, 111.8752758, 306.5974569, 772.94026648,
    ],
    d: [
      4.49094334, 4.26664289, 4.05746029, 3.86237659, 3.68044154, 3.51076891, 4.69833071, 5.55956298, 5.26323756,
      4.98688448, 4.72915759, 4.4888015, 4.26464541,
    ],
  },
  {
    name: "test2",
    ratings: [A, H, G, E, A, H, G, E],
    ivl: [1, 2, 6, 41, 4, 7, 21, 133],
    s: [0.4197, 1.0344317, 5.5356759, 41.0033667, 4.46605519, 6.67743292, 20.88868155, 132.81849454],
    d: [7.1434, 7.03653841, 6.64066485, 5.92312772, 6.44779861, 6.45995078, 6.10293922, 5.36588547],
  },
  {
    name: "test3",
    ratings: [H, G, E, A, H, G, E, A],
    ivl: [2, 7, 54, 5, 8, 26, 171, 8],
    s: [1.1869, 6.59167572, 53.76078737, 5.0853693, 8.09786749, 25.52991279, 171.16195166, 8.11072373],
    d: [6.23225985, 5.89059466, 5.14583392, 5.884097, 5.99269555, 5.667177, 4.91430736, 5.71619151],
  },
  {
    name: "test4",
    ratings: [G, E, A, H, G, E, A, H],
    ivl: [3, 33, 4, 7, 26, 193, 9, 14],
    s: [3.0412, 32.65484522, 4.22256838, 7.2325009, 25.52681746, 193.36618775, 8.63899847, 14.31323867],
    d: [4.49094334, 3.69538259, 4.83221448, 5.12078462, 4.85403286, 4.07165035, 5.1050878, 5.34697075],
  },
  {
    name: "test5",
    ratings: [E, A, H, G, E, A, H, G],
    ivl: [15, 3, 6, 27, 240, 10, 17, 60],
    s: [15.2441, 3.25621013, 6.32684549, 26.56339029, 239.70462771, 9.75621519, 17.06035531, 59.59547542],
    d: [1.16304343, 2.99573557, 3.59851762, 3.43436666, 2.60045771, 4.03816348, 4.46259158, 4.24020203],
  },
];
const LONG_TERM_PARAMS: FsrsParams = { ...DEFAULT_FSRS_PARAMS, weights: LONG_TERM_W };

function activeState(extra: Partial<ScheduleState>): ScheduleState {
  return { ...NEW_SCHEDULE, status: "active", repetitions: 2, intervalDays: 6, ...extra };
}

describe("fsrsRatingOf", () => {
  it("maps 0–2 to Again, 3 to Hard, 4 to Good and 5 to Easy", () => {
    expect(QUALITIES.map(fsrsRatingOf)).toEqual([A, A, A, H, G, E]);
  });
});

describe("ts-fsrs's published long-term cases through the wrapper", () => {
  it.each(LONG_TERM_CASES)("$name: nextFsrsSteps gives the same stability, difficulty and intervals", (c) => {
    let memory: FsrsMemory | null = null;
    let elapsed = 0;
    const ivl: number[] = [];
    const s: number[] = [];
    const d: number[] = [];
    for (const rating of c.ratings) {
      const step: FsrsStep = nextFsrsSteps(memory, elapsed, LONG_TERM_PARAMS)[rating];
      memory = step.memory;
      elapsed = step.intervalDays;
      ivl.push(step.intervalDays);
      s.push(step.memory.stability);
      d.push(step.memory.difficulty);
    }
    expect({ ivl, s, d }).toEqual({ ivl: c.ivl, s: c.s, d: c.d });
  });

  it.each(LONG_TERM_CASES)(
    "$name: previewFsrsReview on the learner's days gives the same memory, and the same interval for every pass",
    (c) => {
      // A learner in Shanghai whose day starts at 04:00, reviewing mid-afternoon on each due day.
      const day = { timeZone: "Asia/Shanghai", dayStartHour: 4 };
      let state: ScheduleState = NEW_SCHEDULE;
      let now = new Date("2022-12-29T07:30:00Z");
      c.ratings.forEach((rating, i) => {
        const outcome = previewFsrsReview(state, now, day, LONG_TERM_PARAMS)[QUALITY_OF[rating] as Quality];
        expect(outcome.kind).toBe(i === 0 ? "new" : "review");
        expect([outcome.next.stability, outcome.next.difficulty]).toEqual([c.s[i], c.d[i]]);
        // A failed item is relearned today (interval 0); FSRS's own interval decides when it comes next otherwise.
        expect(outcome.next.intervalDays).toBe(rating === A ? 0 : c.ivl[i]);
        state = outcome.next;
        now = new Date(now.getTime() + (c.ivl[i] ?? 0) * DAY_MS);
      });
    },
  );

  it("FSRS-6 defaults: the first review's memory for each rating (FSRS-6.test.ts 'first repeat')", () => {
    const steps = nextFsrsSteps(null, 0, DEFAULT_FSRS_PARAMS);
    expect([A, H, G, E].map((r) => steps[r].memory.stability)).toEqual([0.212, 1.2931, 2.3065, 8.2956]);
    expect([A, H, G, E].map((r) => steps[r].memory.difficulty)).toEqual([6.4133, 5.11217071, 2.11810397, 1]);
  });

  it("FSRS-6 defaults: Again then five Goods at 0, 0, 1, 3, 8, 21 days ('memory state[long-term]', from fsrs-rs)", () => {
    const ratings = [A, G, G, G, G, G];
    const gaps = [0, 0, 1, 3, 8, 21];
    let at = Date.UTC(2022, 11, 29, 12, 30);
    const reviews: PastReview[] = ratings.map((rating, i) => {
      at += (gaps[i] ?? 0) * DAY_MS;
      return { quality: QUALITY_OF[rating] as Quality, reviewedAt: new Date(at) };
    });
    const memory = fsrsStateFromHistory(reviews, { timeZone: "UTC", dayStartHour: 0 }, DEFAULT_FSRS_PARAMS);
    expect(memory?.stability).toBeCloseTo(53.335106, 4);
    expect(memory?.difficulty).toBeCloseTo(6.3574867, 4);
  });
});

describe("fsrsStateFromSm2 (fsrs-rs src/inference.rs test_memory_from_sm2)", () => {
  it.each([
    { ease: 2500, interval: 10, r: 0.9, s: 10.0, d: 6.9140563 },
    { ease: 2500, interval: 10, r: 0.8, s: 3.01572, d: 9.393428 },
    { ease: 2500, interval: 10, r: 0.95, s: 24.841097, d: 1.2974405 },
    { ease: 1300, interval: 20, r: 0.9, s: 20.0, d: 10.0 },
  ])("ease $ease‰, interval $interval d at r = $r gives S = $s, D = $d", ({ ease, interval, r, s, d }) => {
    const memory = fsrsStateFromSm2(interval, ease, r);
    // fsrs-rs computes in f32 and compares to 1e-4.
    expect(Math.abs(memory.stability - s)).toBeLessThan(1e-4);
    expect(Math.abs(memory.difficulty - d)).toBeLessThan(1e-4);
  });

  it("at r = 0.9 the stability is the interval", () => {
    for (const interval of [1, 6, 15, 100, 3650])
      expect(fsrsStateFromSm2(interval, 2500, 0.9).stability).toBeCloseTo(interval, 9);
  });

  it("a Good review on the due day multiplies the seeded stability by about the SM-2 ease (fsrs-rs: within 0.01)", () => {
    const state = activeState({
      intervalDays: 15,
      easePermille: 2000,
      lastReviewedAt: new Date(NOW.getTime() - 15 * DAY_MS),
      dueAt: learnerDayStart(NOW, UTC_DAY),
    });
    const good = previewFsrsReview(state, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS)[4].next;
    expect(Math.abs((good.stability ?? 0) / 15 - 2.0)).toBeLessThan(0.01);
  });
});

describe("previewFsrsReview", () => {
  it("previews every grade of a new item on a fixed date", () => {
    const p = previewFsrsReview(NEW_SCHEDULE, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS);
    // Memories: ts-fsrs's 'first repeat'; intervals: round(S) at r = 0.9, kept apart as ts-fsrs's
    // long-term scheduler does (Again ≤ Hard < Good < Easy): 1, 2, 3, 8 days; a failure is relearned today.
    const row = (q: Quality) => {
      const { kind, next } = p[q];
      return [
        kind,
        next.intervalDays,
        next.dueAt?.toISOString(),
        next.redrill,
        next.repetitions,
        next.stability,
        next.difficulty,
      ];
    };
    const again = ["new", 0, NOW.toISOString(), "relearn", 0, 0.212, 6.4133];
    expect(QUALITIES.map(row)).toEqual([
      again,
      again,
      again,
      ["new", 2, "2026-03-04T04:00:00.000Z", "practice", 1, 1.2931, 5.11217071],
      ["new", 3, "2026-03-05T04:00:00.000Z", "none", 1, 2.3065, 2.11810397],
      ["new", 8, "2026-03-10T04:00:00.000Z", "none", 1, 8.2956, 1],
    ]);
    for (const q of QUALITIES) {
      expect(p[q].next.easePermille).toBe(NEW_SCHEDULE.easePermille);
      expect(p[q].next.lapses).toBe(0);
      expect(p[q].next.lastReviewedAt).toEqual(NOW);
      expect(p[q].next.status).toBe("active");
    }
  });

  it("counts a lapse and restarts repetitions on a failed review, as SM-2 counts them; ease never changes", () => {
    const state = activeState({
      repetitions: 4,
      intervalDays: 20,
      easePermille: 2360,
      lapses: 1,
      stability: 20,
      difficulty: 5,
      lastReviewedAt: new Date(NOW.getTime() - 20 * DAY_MS),
    });
    const p = previewFsrsReview(state, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS);
    expect([p[2].next.repetitions, p[2].next.lapses, p[2].next.intervalDays, p[2].next.redrill]).toEqual([
      0,
      2,
      0,
      "relearn",
    ]);
    expect([p[4].next.repetitions, p[4].next.lapses]).toEqual([5, 1]);
    expect(QUALITIES.map((q) => p[q].next.easePermille)).toEqual(QUALITIES.map(() => 2360));
    // Forgetting shrinks stability; recalling grows it, more for a higher grade.
    expect(p[0].next.stability).toBeLessThan(20);
    expect(p[3].next.stability).toBeGreaterThan(20);
    expect(p[5].next.stability).toBeGreaterThan(p[4].next.stability ?? 0);
  });

  it("relearns a failed item the same day with elapsed 0, and a q = 3 practice changes nothing", () => {
    const failed = previewFsrsReview(NEW_SCHEDULE, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS)[1].next;
    const later = new Date(NOW.getTime() + 60_000);
    const relearn = previewFsrsReview(failed, later, UTC_DAY, DEFAULT_FSRS_PARAMS);
    expect(relearn[4].kind).toBe("relearn");
    // Retrievability is 1 on the same day: a recall keeps the stability, as ts-fsrs's long-term scheduler does.
    expect(relearn[4].next.stability).toBe(failed.stability);
    const hard = previewFsrsReview(NEW_SCHEDULE, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS)[3].next;
    const practice = previewFsrsReview(hard, later, UTC_DAY, DEFAULT_FSRS_PARAMS);
    expect(practice[5]).toEqual({
      quality: 5,
      kind: "practice",
      next: { ...hard, lastReviewedAt: later, redrill: "none" },
    });
  });

  it("seeds an item FSRS has never seen from its SM-2 interval and ease", () => {
    const last = new Date(NOW.getTime() - 10 * DAY_MS);
    const unseen = activeState({ intervalDays: 10, easePermille: 2500, lastReviewedAt: last });
    const seeded = activeState({
      intervalDays: 10,
      easePermille: 2500,
      lastReviewedAt: last,
      ...fsrsStateFromSm2(10, 2500, 0.9),
    });
    expect(previewFsrsReview(unseen, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS)).toEqual(
      previewFsrsReview(seeded, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS),
    );
  });

  it("counts elapsed time in learner days: a review at 05:00 after one at 23:30 is a day later", () => {
    const day = { timeZone: "America/New_York", dayStartHour: 4 };
    const memory = { stability: 5, difficulty: 5 };
    const state = activeState({ ...memory, lastReviewedAt: new Date("2026-03-09T23:30:00-04:00") });
    const now = new Date("2026-03-10T05:00:00-04:00");
    const steps = nextFsrsSteps(memory, 1, DEFAULT_FSRS_PARAMS);
    const p = previewFsrsReview(state, now, day, DEFAULT_FSRS_PARAMS);
    expect([p[4].next.stability, p[4].next.intervalDays]).toEqual([steps[G].memory.stability, steps[G].intervalDays]);
    expect(p[4].next.stability).not.toBe(nextFsrsSteps(memory, 0, DEFAULT_FSRS_PARAMS)[G].memory.stability);
  });

  it("asks for longer intervals at a lower desired retention", () => {
    const state = activeState({ stability: 30, difficulty: 5, lastReviewedAt: new Date(NOW.getTime() - 30 * DAY_MS) });
    const at = (r: number) =>
      previewFsrsReview(state, NOW, UTC_DAY, { ...DEFAULT_FSRS_PARAMS, desiredRetention: r })[4].next.intervalDays;
    expect(at(0.7)).toBeGreaterThan(at(0.9));
    expect(at(0.9)).toBeGreaterThan(at(0.97));
  });
});

describe("fsrsStateFromHistory", () => {
  it("replays a log graded live under FSRS to the state the live grades left (learner days, not UTC days)", () => {
    const day = { timeZone: "America/New_York", dayStartHour: 4 };
    // Late-evening and early-morning reviews, where UTC dates and learner days disagree; a failure relearned
    // the same evening; a q = 3 practice (not replayed: it changes no state).
    const plan: [string, Quality][] = [
      ["2026-03-01T23:30:00-05:00", 4],
      ["2026-03-04T03:30:00-05:00", 2],
      ["2026-03-04T03:50:00-05:00", 4],
      ["2026-03-07T22:00:00-05:00", 3],
      ["2026-03-07T22:05:00-05:00", 5],
      ["2026-03-20T08:00:00-04:00", 5],
      ["2026-05-02T01:00:00-04:00", 1],
    ];
    let state: ScheduleState = NEW_SCHEDULE;
    const replayed: PastReview[] = [];
    for (const [iso, quality] of plan) {
      const now = new Date(iso);
      const outcome = previewFsrsReview(state, now, day, DEFAULT_FSRS_PARAMS)[quality];
      if (outcome.kind !== "practice") replayed.push({ quality, reviewedAt: now });
      state = outcome.next;
    }
    expect(replayed).toHaveLength(plan.length - 1);
    expect(fsrsStateFromHistory(replayed, day, DEFAULT_FSRS_PARAMS)).toEqual({
      stability: state.stability,
      difficulty: state.difficulty,
    });
  });

  it("starts a truncated log from the state it is given, and refuses reviews out of time order", () => {
    const start = {
      memory: fsrsStateFromSm2(10, 2500, 0.9),
      lastReviewedAt: new Date("2026-02-20T10:00:00Z"),
      intervalDays: 10,
    };
    const review = { quality: 4 as Quality, reviewedAt: NOW };
    const expected = nextFsrsSteps(start.memory, 10, DEFAULT_FSRS_PARAMS)[G].memory;
    expect(fsrsStateFromHistory([review], UTC_DAY, DEFAULT_FSRS_PARAMS, start)).toEqual(expected);
    expect(fsrsStateFromHistory([], UTC_DAY, DEFAULT_FSRS_PARAMS)).toBeNull();
    expect(() =>
      fsrsStateFromHistory(
        [review, { quality: 4, reviewedAt: new Date(NOW.getTime() - 1) }],
        UTC_DAY,
        DEFAULT_FSRS_PARAMS,
      ),
    ).toThrow(/time order/);
  });
});

describe("previewFor and SM-2's pass-through", () => {
  it("SM-2 keeps the FSRS memory as it was; FSRS changes it", () => {
    const state = activeState({
      stability: 12.5,
      difficulty: 4.2,
      lastReviewedAt: new Date(NOW.getTime() - 6 * DAY_MS),
    });
    const sm2 = previewFor(SM2_SCHEDULER, state, NOW, UTC_DAY);
    expect(sm2).toEqual(previewReview(state, NOW, UTC_DAY));
    for (const q of QUALITIES) expect([sm2[q].next.stability, sm2[q].next.difficulty]).toEqual([12.5, 4.2]);
    const fsrs = previewFor({ name: "fsrs", params: DEFAULT_FSRS_PARAMS }, state, NOW, UTC_DAY);
    expect(fsrs).toEqual(previewFsrsReview(state, NOW, UTC_DAY, DEFAULT_FSRS_PARAMS));
    expect(fsrs[4].next.stability).not.toBe(12.5);
  });
});

describe("parameters and days", () => {
  it("refuses weights, retention or maximum interval that make no schedule, saying which", () => {
    expect(() => checkFsrsParams({ ...DEFAULT_FSRS_PARAMS, weights: [1, 2, 3] })).toThrow(/17, 19 or 21/);
    expect(() => checkFsrsParams({ ...DEFAULT_FSRS_PARAMS, weights: [...LONG_TERM_W, Number.NaN, 0.5] })).toThrow(
      /finite/,
    );
    expect(() => checkFsrsParams({ ...DEFAULT_FSRS_PARAMS, desiredRetention: 0.99 })).toThrow(/retention/);
    expect(() => checkFsrsParams({ ...DEFAULT_FSRS_PARAMS, maximumIntervalDays: 0 })).toThrow(/maximum interval/);
    expect(() =>
      previewFsrsReview(NEW_SCHEDULE, NOW, UTC_DAY, { ...DEFAULT_FSRS_PARAMS, desiredRetention: 0.5 }),
    ).toThrow(/retention/);
  });

  it("counts learner days, not UTC days or 24-hour spans", () => {
    const day = { timeZone: "Asia/Shanghai", dayStartHour: 4 };
    // 03:00 and 05:00 local on the same date are two learner days; 05:00 and 03:00 the next date are one.
    expect(learnerDaysBetween(new Date("2026-03-01T19:00:00Z"), new Date("2026-03-01T21:00:00Z"), day)).toBe(1);
    expect(learnerDaysBetween(new Date("2026-03-01T21:00:00Z"), new Date("2026-03-02T19:00:00Z"), day)).toBe(0);
  });
});
