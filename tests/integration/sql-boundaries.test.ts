/**
 * The edges of the raw SQL (lib/server/sql/), one named case each: the order
 * of due items, counts after a failure, the mature boundary, undone and retired
 * rows, what a lapse is, the duration cap, and the learner-day boundaries.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fetchExerciseOverview } from "@/lib/server/exercises";
import { createProgressCache } from "@/lib/server/progress/cache";
import { HARD_FAILURE_DAYS, fetchDashboard } from "@/lib/server/progress/dashboard";
import { fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
import { MAX_REVIEW_DURATION_MS as MAX_DURATION_MS } from "@/lib/srs/schedule";
import { RECENT_DAYS } from "@/lib/progress/mastery";
import { MATURE_INTERVAL_DAYS } from "@/lib/progress/types";
import { learnerDayStart } from "@/lib/srs/day";
import { type TestDb, createTestDb } from "../setup/test-db";
import { rebuildReviewAggregates } from "@/lib/server/review-aggregates";

// Tuesday 10 March 2026, 10:00 in UTC; the learner day (04:00 UTC) began at 04:00.
const NOW = new Date("2026-03-10T10:00:00Z");
const TODAY_START = new Date("2026-03-10T04:00:00Z");
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY_MS);
const LEARNER = "learner";

let t: TestDb;
let seq = 0;

beforeEach(async () => {
  t = await createTestDb();
  await t.db.user.create({
    data: {
      id: LEARNER,
      email: "l@example.test",
      timeZone: "UTC",
      dayStartHour: 4,
      newPerDay: 5,
      maxReviewsPerDay: 10,
    },
  });
});
afterEach(async () => t.close());

async function addItem(id: string, position: number, retiredAt: Date | null = null) {
  const [kind, contentId] = id.split(":") as [string, string];
  await t.db.item.create({
    data: {
      id,
      kind,
      contentId,
      deck: kind === "card" ? "deck" : `${kind}-topic`,
      position,
      payload: JSON.stringify(
        kind === "card"
          ? { kind, deckTitle: { zh: "组", en: "Deck" }, chapter: "ch4", front: { zh: "问", en: "Q" } }
          : { kind, generatorId: contentId, topic: "topic", chapter: "ch4", title: { zh: "题", en: "Exercise" } },
      ),
      contentHash: "h",
      retiredAt,
    },
  });
}

interface StateInput {
  status?: string;
  position?: number;
  repetitions?: number;
  intervalDays?: number;
  easePermille?: number;
  dueAt?: Date | null;
  lapses?: number;
  lastReviewedAt?: Date | null;
}

async function addState(itemId: string, s: StateInput = {}) {
  const active = (s.status ?? "active") !== "new";
  await t.db.itemState.create({
    data: {
      userId: LEARNER,
      itemId,
      status: s.status ?? "active",
      position: s.position ?? 0,
      repetitions: s.repetitions ?? (active ? 2 : 0),
      intervalDays: s.intervalDays ?? (active ? 6 : 0),
      easePermille: s.easePermille ?? 2500,
      dueAt: s.dueAt === undefined ? (active ? daysAgo(1) : null) : s.dueAt,
      lapses: s.lapses ?? 0,
      lastReviewedAt: s.lastReviewedAt === undefined ? (active ? daysAgo(7) : null) : s.lastReviewedAt,
    },
  });
}

async function addLog(
  itemId: string,
  r: { kind: string; quality: number; at: Date; intervalBefore?: number; lastBefore?: Date | null; undone?: boolean },
) {
  await t.db.reviewLog.create({
    data: {
      id: `log-${String(++seq).padStart(4, "0")}`,
      userId: LEARNER,
      itemId,
      kind: r.kind,
      quality: r.quality,
      reviewedAt: r.at,
      durationMs: 1000,
      repsBefore: 2,
      intervalBefore: r.intervalBefore ?? 6,
      easeBefore: 2500,
      statusBefore: "active",
      redrillBefore: "none",
      lapsesBefore: 0,
      lastReviewedBefore: r.lastBefore === undefined ? daysAgo(7) : r.lastBefore,
      repsAfter: 3,
      intervalAfter: 15,
      easeAfter: 2500,
      undoneAt: r.undone ? r.at : null,
    },
  });
  // Written around the app's writers: count it in the progress aggregates as they would.
  await rebuildReviewAggregates(t.db, LEARNER);
}

async function grade(itemId: string, quality: number, now: Date, durationMs = 1000) {
  const s = await fetchReviewSession(t.db, LEARNER, now);
  expect(s.current?.itemId).toBe(itemId);
  return gradeItem(
    t.db,
    LEARNER,
    { reviewId: `grade-${++seq}`, itemId, quality, expectedVersion: s.current!.version, durationMs },
    now,
  );
}

const dashboard = (now = NOW) => fetchDashboard(t.db, LEARNER, now, createProgressCache());

describe("the daily queue", () => {
  it("serves the most overdue of two due items first, whatever their content order", async () => {
    await addItem("card:late", 0);
    await addItem("card:later", 1);
    await addState("card:later", { position: 1, dueAt: daysAgo(5) });
    await addState("card:late", { position: 0, dueAt: daysAgo(1) });
    const s = await fetchReviewSession(t.db, LEARNER, NOW);
    expect(s.current).toMatchObject({ itemId: "card:later", section: "due" });
    expect(s.remaining).toEqual({ due: 2, new: 0, redrill: 0, total: 2 });
  });

  it("after a failed review counts the item once, as a re-drill, not as due again", async () => {
    for (const [i, id] of ["card:a", "card:b", "card:c", "card:n"].entries()) await addItem(id, i);
    await addState("card:a", { position: 0, dueAt: daysAgo(3) });
    await addState("card:b", { position: 1, dueAt: daysAgo(2) });
    await addState("card:c", { position: 2, dueAt: daysAgo(1) });
    await addState("card:n", { status: "new", position: 3 });
    expect((await fetchReviewSession(t.db, LEARNER, NOW)).remaining).toEqual({ due: 3, new: 1, redrill: 0, total: 4 });
    await grade("card:a", 1, NOW);
    const s = await fetchReviewSession(t.db, LEARNER, NOW);
    // card:a is due again at once (dueAt = now) but was reviewed today: it is a re-drill.
    expect(s.remaining).toEqual({ due: 2, new: 1, redrill: 1, total: 4 });
    expect(s.current?.itemId).toBe("card:b");
    expect((await dashboard()).today).toMatchObject({ dueNow: 2, newAvailable: 1, reviewsDone: 1 });
  });

  it("introduces new items in content order, not in id order", async () => {
    await addItem("card:a-second", 1);
    await addItem("card:b-first", 0);
    await addState("card:a-second", { status: "new", position: 1 });
    await addState("card:b-first", { status: "new", position: 0 });
    expect((await fetchReviewSession(t.db, LEARNER, NOW)).current).toMatchObject({
      itemId: "card:b-first",
      section: "new",
    });
  });

  it("counts an item due exactly now, not one due a millisecond later", async () => {
    await addItem("card:now", 0);
    await addItem("card:soon", 1);
    await addState("card:now", { position: 0, dueAt: NOW });
    await addState("card:soon", { position: 1, dueAt: new Date(NOW.getTime() + 1) });
    const s = await fetchReviewSession(t.db, LEARNER, NOW);
    expect(s.remaining.due).toBe(1);
    expect(s.current?.itemId).toBe("card:now");
  });

  it("counts an item last reviewed a millisecond before today began as due, one reviewed at the start as done", async () => {
    await addItem("card:yesterday", 0);
    await addItem("card:today", 1);
    await addState("card:yesterday", { position: 0, lastReviewedAt: new Date(TODAY_START.getTime() - 1) });
    await addState("card:today", { position: 1, lastReviewedAt: TODAY_START });
    const s = await fetchReviewSession(t.db, LEARNER, NOW);
    expect(s.remaining.due).toBe(1);
    expect(s.current?.itemId).toBe("card:yesterday");
  });
});

describe("a retired item with a due date", () => {
  it("is in neither the forecast nor the queue nor any schedule figure", async () => {
    await addItem("card:gone", 0, daysAgo(2));
    await addItem("card:kept", 1);
    await addState("card:gone", { status: "retired", dueAt: daysAgo(1), intervalDays: 30, lapses: 2 });
    await addState("card:kept", { position: 1, dueAt: new Date(NOW.getTime() + DAY_MS), intervalDays: 3 });
    const s = await fetchReviewSession(t.db, LEARNER, NOW);
    expect(s.current).toBeNull();
    expect(s.remaining.total).toBe(0);
    const d = await dashboard();
    expect(d.forecast.days.map((x) => x.due).slice(0, 3)).toEqual([0, 1, 0]);
    expect(d.forecast.days.reduce((n, x) => n + x.due, 0)).toBe(1);
    expect(d.today.dueNow).toBe(0);
    expect(d.hardest).toEqual([]);
    expect(d.distributions.intervals.reduce((n, b) => n + b.count, 0)).toBe(1);
    expect(d.mastery.counts).toEqual({ new: 0, learning: 1, mature: 0, total: 1 });
  });
});

describe("the mature boundary", () => {
  it(`puts an interval of exactly ${MATURE_INTERVAL_DAYS} days in mature, and one day less in young`, async () => {
    expect(MATURE_INTERVAL_DAYS).toBe(21);
    await addItem("card:m", 0);
    await addItem("card:y", 1);
    await addState("card:m", { intervalDays: 21, dueAt: daysAgo(-5) });
    await addState("card:y", { position: 1, intervalDays: 20, dueAt: daysAgo(-5) });
    await addLog("card:m", { kind: "review", quality: 4, at: daysAgo(2), intervalBefore: 21 });
    await addLog("card:y", { kind: "review", quality: 2, at: daysAgo(2), intervalBefore: 20 });
    const d = await dashboard();
    expect(d.retention.last30Days).toEqual({
      young: { passes: 0, total: 1 },
      mature: { passes: 1, total: 1 },
      all: { passes: 1, total: 2 },
    });
    expect(d.mastery.counts).toEqual({ new: 0, learning: 1, mature: 1, total: 2 });
  });
});

describe("true retention", () => {
  it("counts scheduled reviews as retention tests, and no re-drill, new item or drill", async () => {
    await addItem("card:r", 0);
    const dayStart = learnerDayStart(daysAgo(3), { timeZone: "UTC", dayStartHour: 4 });
    const at = (hours: number) => new Date(dayStart.getTime() + hours * HOUR_MS);
    await addLog("card:r", { kind: "review", quality: 5, at: at(1) });
    await addLog("card:r", { kind: "review", quality: 1, at: at(25) });
    await addLog("card:r", { kind: "relearn", quality: 4, at: at(26) });
    await addLog("card:r", { kind: "practice", quality: 3, at: at(27) });
    await addLog("card:r", { kind: "new", quality: 5, at: at(28) });
    await addLog("card:r", { kind: "drill", quality: 5, at: at(29) });
    expect((await dashboard()).retention.last30Days.all).toEqual({ passes: 1, total: 2 });
  });
});

describe("exercise accuracy", () => {
  it("splits attempts at the start of the recent window: on it is recent, a millisecond before is prior", async () => {
    await addItem("exercise:mse", 0);
    await addItem("code:xor", 1);
    const recentStart = learnerDayStart(NOW, { timeZone: "UTC", dayStartHour: 4 }, 1 - RECENT_DAYS);
    const priorStart = learnerDayStart(NOW, { timeZone: "UTC", dayStartHour: 4 }, 1 - 2 * RECENT_DAYS);
    await addLog("exercise:mse", { kind: "review", quality: 5, at: recentStart });
    await addLog("exercise:mse", { kind: "review", quality: 1, at: new Date(recentStart.getTime() - 1) });
    await addLog("code:xor", { kind: "drill", quality: 4, at: priorStart });
    await addLog("code:xor", { kind: "drill", quality: 4, at: new Date(priorStart.getTime() - 1) });
    const stats = (await dashboard()).mastery.exercises;
    expect(stats.map((e) => [e.itemId, e.attempts, e.recentAccuracy, e.priorAccuracy, e.trend])).toEqual([
      ["exercise:mse", 2, 1, 0, "up"],
      ["code:xor", 2, null, 1, "unknown"],
    ]);
  });

  it("leaves out an undone attempt, on the dashboard and on the exercises page", async () => {
    await addItem("exercise:softmax", 0);
    await addLog("exercise:softmax", { kind: "drill", quality: 5, at: daysAgo(3) });
    await addLog("exercise:softmax", {
      kind: "review",
      quality: 1,
      at: new Date(NOW.getTime() - HOUR_MS),
      undone: true,
    });
    const d = await dashboard();
    expect(d.mastery.exercises).toEqual([
      expect.objectContaining({ itemId: "exercise:softmax", attempts: 1, accuracy: 1, recentAccuracy: 1 }),
    ]);
    const softmax = (await fetchExerciseOverview(t.db, LEARNER))
      .flatMap((topic) => topic.generators)
      .find((g) => g.generatorId === "softmax");
    expect(softmax).toMatchObject({ attempts: 1, firstTry: 1, accuracy: 1, recent: [5] });
  });
});

describe("lapses", () => {
  it("are not counted for failing a new item, nor for failing it again before it was learned", async () => {
    await addItem("card:fresh", 0);
    await addState("card:fresh", { status: "new" });
    await grade("card:fresh", 0, NOW);
    await grade("card:fresh", 1, new Date(NOW.getTime() + 60_000)); // relearn, same day
    let state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId: LEARNER, itemId: "card:fresh" } },
    });
    expect(state).toMatchObject({ lapses: 0, repetitions: 0, easePermille: 2500 });
    // The next day it is still unlearned (0 repetitions): failing it is no lapse either.
    const tomorrow = new Date(NOW.getTime() + DAY_MS);
    await grade("card:fresh", 2, tomorrow);
    state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId: LEARNER, itemId: "card:fresh" } },
    });
    expect(state.lapses).toBe(0);
    // Not a lapse, but three failures: it is among the hardest by those.
    expect((await dashboard(tomorrow)).hardest.map((h) => [h.itemId, h.lapses, h.recentFailures])).toEqual([
      ["card:fresh", 0, 3],
    ]);
  });

  it("are counted for forgetting an item once learned", async () => {
    await addItem("card:known", 0);
    await addState("card:known", { repetitions: 3, intervalDays: 15, dueAt: daysAgo(1) });
    await grade("card:known", 1, NOW);
    const d = await dashboard();
    expect(d.hardest.map((h) => [h.itemId, h.lapses])).toEqual([["card:known", 1]]);
  });
});

describe("the hardest items", () => {
  it("rank a card failed recently with 0 lapses above one graded 3 (ease 2.36, 0 lapses)", async () => {
    await addItem("card:a-passed-hard", 0);
    await addItem("card:b-failed", 1);
    await addState("card:a-passed-hard", { status: "new" });
    await addState("card:b-failed", { status: "new", position: 1 });
    await grade("card:a-passed-hard", 3, NOW);
    await grade("card:b-failed", 0, new Date(NOW.getTime() + 60_000));
    const states = await t.db.itemState.findMany({ where: { userId: LEARNER }, orderBy: { itemId: "asc" } });
    // SM-2: a 3 lowers the ease to 2.36; a 0 leaves it at 2.5; neither is a lapse of a new card.
    expect(states.map((s) => [s.itemId, s.easePermille, s.lapses])).toEqual([
      ["card:a-passed-hard", 2360, 0],
      ["card:b-failed", 2500, 0],
    ]);
    const d = await dashboard(new Date(NOW.getTime() + 120_000));
    expect(d.hardest.map((h) => [h.itemId, h.lapses, h.recentFailures, h.ease])).toEqual([
      ["card:b-failed", 0, 1, 2.5],
      ["card:a-passed-hard", 0, 0, 2.36],
    ]);
  });

  it(`count a failure on the first of the last ${HARD_FAILURE_DAYS} learner days, not one a millisecond before nor an undone one`, async () => {
    expect(HARD_FAILURE_DAYS).toBe(30);
    const windowStart = learnerDayStart(NOW, { timeZone: "UTC", dayStartHour: 4 }, 1 - HARD_FAILURE_DAYS);
    for (const [i, id] of ["card:in", "card:out", "card:undone"].entries()) {
      await addItem(id, i);
      await addState(id, { position: i });
    }
    await addLog("card:in", { kind: "review", quality: 2, at: windowStart });
    await addLog("card:out", { kind: "review", quality: 2, at: new Date(windowStart.getTime() - 1) });
    await addLog("card:undone", { kind: "review", quality: 0, at: new Date(NOW.getTime() - HOUR_MS), undone: true });
    expect((await dashboard()).hardest.map((h) => [h.itemId, h.recentFailures])).toEqual([["card:in", 1]]);
  });

  it("count a failed drill of a card, and rank lapses before failures and failures before ease", async () => {
    for (const [i, id] of ["card:lapsed", "card:drilled", "card:low-ease"].entries()) {
      await addItem(id, i);
    }
    await addState("card:lapsed", { lapses: 1, easePermille: 2900 });
    await addState("card:drilled", { position: 1, easePermille: 2600 });
    await addState("card:low-ease", { position: 2, easePermille: 1300 });
    await addLog("card:drilled", { kind: "drill", quality: 1, at: daysAgo(2) });
    await addLog("card:drilled", { kind: "drill", quality: 4, at: daysAgo(1) });
    expect((await dashboard()).hardest.map((h) => [h.itemId, h.lapses, h.recentFailures])).toEqual([
      ["card:lapsed", 1, 0],
      ["card:drilled", 0, 1],
      ["card:low-ease", 0, 0],
    ]);
  });
});

describe("the dashboard's caches", () => {
  it("show an undo on the next view", async () => {
    await addItem("card:k", 0);
    await addState("card:k", { repetitions: 3, intervalDays: 15 });
    const cache = createProgressCache();
    const graded = await grade("card:k", 1, NOW);
    const later = new Date(NOW.getTime() + 60_000);
    expect((await fetchDashboard(t.db, LEARNER, later, cache)).hardest.map((h) => h.lapses)).toEqual([1]);
    await undoReview(t.db, LEARNER, graded.reviewId, later);
    const d = await fetchDashboard(t.db, LEARNER, later, cache);
    expect(d.hardest).toEqual([]);
    expect(d.distributions.intervals.find((b) => b.label === "14-20")?.count).toBe(1);
    expect(d.today.reviewsDone).toBe(0);
  });
});

describe("review durations", () => {
  it(`clamp a three-hour review to MAX_DURATION_MS (${MAX_DURATION_MS} ms)`, async () => {
    expect(MAX_DURATION_MS).toBe(HOUR_MS);
    await addItem("card:slow", 0);
    await addState("card:slow", { status: "new" });
    await grade("card:slow", 4, NOW, 3 * HOUR_MS);
    const log = await t.db.reviewLog.findFirstOrThrow({ where: { userId: LEARNER } });
    expect(log.durationMs).toBe(MAX_DURATION_MS);
    expect((await dashboard()).today.durationMs).toBe(MAX_DURATION_MS);
  });
});

describe("learner days", () => {
  it("count a review at the very start of today for today and one a millisecond earlier for yesterday", async () => {
    await addItem("card:d", 0);
    await addLog("card:d", { kind: "review", quality: 4, at: TODAY_START });
    await addLog("card:d", { kind: "review", quality: 4, at: new Date(TODAY_START.getTime() - 1) });
    const d = await dashboard();
    expect(d.activity.days.slice(-2).map((x) => [x.key, x.total])).toEqual([
      ["2026-03-09", 1],
      ["2026-03-10", 1],
    ]);
    expect(d.today.reviewsDone).toBe(1);
    expect(d.streaks).toEqual({ current: 2, longest: 2, activeDays: 2 });
  });

  it("count in the hourly breakdown a review stamped at the instant of the view", async () => {
    await addItem("card:h", 0);
    await addLog("card:h", { kind: "review", quality: 4, at: NOW });
    const d = await dashboard();
    expect(d.today.reviewsDone).toBe(1);
    expect(d.hourly.find((h) => h.hour === 10)).toEqual({ hour: 10, total: 1, passes: 1 });
  });

  it("do not count an undone review, however old, as a day of a streak", async () => {
    await addItem("card:u", 0);
    await addLog("card:u", { kind: "review", quality: 4, at: daysAgo(400) });
    await addLog("card:u", { kind: "review", quality: 4, at: daysAgo(401), undone: true });
    await addLog("card:u", { kind: "review", quality: 4, at: daysAgo(399) });
    expect((await dashboard()).streaks).toEqual({ current: 0, longest: 2, activeDays: 2 });
  });

  it("keep the first review ever in the longest streak when it fell in the hour a DST change repeats", async () => {
    // Berlin, day starting 02:00: on 26 Oct 2025 02:00–02:59 happens twice; the learner day of the
    // 26th starts at the second 02:00 (01:00Z), so 00:30Z (the first 02:30) is still the 25th.
    await t.db.user.update({ where: { id: LEARNER }, data: { timeZone: "Europe/Berlin", dayStartHour: 2 } });
    await addItem("card:dst", 0);
    const first = new Date("2025-10-26T00:30:00Z");
    await addLog("card:dst", { kind: "review", quality: 4, at: first });
    await addLog("card:dst", { kind: "review", quality: 4, at: new Date("2025-10-26T12:00:00Z") });
    const d = await dashboard(new Date("2026-11-10T12:00:00Z"));
    expect(d.streaks).toEqual({ current: 0, longest: 2, activeDays: 2 });
  });
});
