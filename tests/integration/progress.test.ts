import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearProgressCache } from "@/lib/server/progress/cache";
import { fetchDashboard } from "@/lib/server/progress/dashboard";
import { reviewLogCsv } from "@/lib/server/progress/export";
import { fetchItemHistory } from "@/lib/server/progress/item-history";
import { type TestDb, createTestDb } from "../setup/test-db";
import { rebuildReviewAggregates } from "@/lib/server/review-aggregates";

// 14:00 in Shanghai on 10 March; the learner day began at 04:00 local = 20:00Z on the 9th.
const NOW = new Date("2026-03-10T06:00:00Z");
const DAY_MS = 86_400_000;

let t: TestDb;
let seq = 0;

async function addUser(id: string, timeZone: string, limits = { newPerDay: 2, maxReviewsPerDay: 1 }) {
  await t.db.user.create({
    data: { id, email: `${id}@example.test`, name: id, kind: "account", timeZone, dayStartHour: 4, ...limits },
  });
}

async function addItem(id: string, position: number) {
  const [kind, contentId] = id.split(":") as [string, string];
  const payload =
    kind === "card"
      ? {
          kind,
          deck: "basics",
          deckTitle: { zh: "基础", en: "Basics" },
          chapter: "ch4",
          tags: [],
          source: "第四章 › 4.1 激活函数去线性/异或问题",
          front: { zh: `问 ${contentId}`, en: `Q ${contentId}` },
          back: { zh: "", en: "" },
        }
      : {
          kind,
          generatorId: contentId,
          topic: "activations",
          chapter: "ch4",
          title: { zh: "Softmax 练习", en: "Softmax drill" },
          source: "第四章 › 4.2 损失函数",
        };
  await t.db.item.create({
    data: {
      id,
      kind,
      contentId,
      deck: kind === "card" ? "basics" : "exercises-activations",
      position,
      payload: JSON.stringify(payload),
      contentHash: "h",
    },
  });
}

async function addState(
  userId: string,
  itemId: string,
  s: {
    status: string;
    intervalDays?: number;
    easePermille?: number;
    dueAt?: string;
    lapses?: number;
    lastReviewedAt?: string;
  },
) {
  await t.db.itemState.create({
    data: {
      userId,
      itemId,
      status: s.status,
      position: 0,
      intervalDays: s.intervalDays ?? 0,
      easePermille: s.easePermille ?? 2500,
      dueAt: s.dueAt ? new Date(s.dueAt) : null,
      lapses: s.lapses ?? 0,
      lastReviewedAt: s.lastReviewedAt ? new Date(s.lastReviewedAt) : null,
    },
  });
}

async function addLog(
  userId: string,
  itemId: string,
  at: string,
  r: {
    kind: string;
    quality: number;
    intervalBefore?: number;
    lastBefore?: string | null;
    durationMs?: number;
    undone?: boolean;
    detail?: unknown;
  },
) {
  const id = `log-${++seq}`;
  await t.db.reviewLog.create({
    data: {
      id,
      userId,
      itemId,
      kind: r.kind,
      quality: r.quality,
      reviewedAt: new Date(at),
      durationMs: r.durationMs ?? 1000,
      repsBefore: 1,
      intervalBefore: r.intervalBefore ?? 0,
      easeBefore: 2500,
      statusBefore: r.kind === "new" ? "new" : "active",
      redrillBefore: "none",
      lapsesBefore: 0,
      lastReviewedBefore: r.lastBefore ? new Date(r.lastBefore) : null,
      repsAfter: 2,
      intervalAfter: 6,
      easeAfter: 2500,
      undoneAt: r.undone ? new Date(at) : null,
      detail: r.detail === undefined ? null : JSON.stringify(r.detail),
    },
  });
  // Written around the app's writers: count it in the progress aggregates as they would.
  await rebuildReviewAggregates(t.db, userId);
  return id;
}

/**
 * Learner A (Shanghai, day starts 04:00, at most 1 review and 2 new a day):
 *  - 7 Mar 20:00 local: card:c, new, grade 4
 *  - 9 Mar 05:00 local: card:a, review (interval 6), grade 2 — the first of its day
 *  - 9 Mar 05:10 local: card:a, relearn, grade 4 — the same day: not a retention test
 *  - 10 Mar 03:30 local (still the 9th's learner day): card:b, review (interval 30), grade 4
 *  - 10 Mar 09:00 local (today): card:b, review (interval 1), grade 5, 3 s — first of today
 *  - today, undone: card:a review grade 0 — never counts
 */
async function seedLearnerA() {
  await addUser("A", "Asia/Shanghai");
  for (const [i, id] of ["card:a", "card:b", "card:c", "card:d", "exercise:softmax"].entries()) await addItem(id, i);
  await addState("A", "card:a", {
    status: "active",
    intervalDays: 1,
    easePermille: 2100,
    lapses: 1,
    dueAt: "2026-03-09T20:00:00Z",
    lastReviewedAt: "2026-03-08T21:10:00Z",
  });
  await addState("A", "card:b", {
    status: "active",
    intervalDays: 1,
    easePermille: 2360,
    dueAt: "2026-03-10T20:00:00Z",
    lastReviewedAt: "2026-03-10T01:00:00Z",
  });
  await addState("A", "card:c", {
    status: "active",
    intervalDays: 30,
    dueAt: "2026-03-10T20:00:00Z",
    lastReviewedAt: "2026-03-07T12:00:00Z",
  });
  await addState("A", "card:d", { status: "new" });
  await addState("A", "exercise:softmax", { status: "new" });
  await addLog("A", "card:c", "2026-03-07T12:00:00Z", { kind: "new", quality: 4 });
  await addLog("A", "card:a", "2026-03-08T21:00:00Z", {
    kind: "review",
    quality: 2,
    intervalBefore: 6,
    lastBefore: "2026-03-02T21:00:00Z",
  });
  await addLog("A", "card:a", "2026-03-08T21:10:00Z", {
    kind: "relearn",
    quality: 4,
    intervalBefore: 1,
    lastBefore: "2026-03-08T21:00:00Z",
  });
  await addLog("A", "card:b", "2026-03-09T19:30:00Z", {
    kind: "review",
    quality: 4,
    intervalBefore: 30,
    lastBefore: "2026-02-07T19:30:00Z",
  });
  await addLog("A", "card:b", "2026-03-10T01:00:00Z", {
    kind: "review",
    quality: 5,
    intervalBefore: 1,
    lastBefore: "2026-03-09T19:30:00Z",
    durationMs: 3000,
  });
  await addLog("A", "card:a", "2026-03-10T02:00:00Z", {
    kind: "review",
    quality: 0,
    intervalBefore: 1,
    lastBefore: "2026-03-08T21:10:00Z",
    undone: true,
  });
}

beforeEach(async () => {
  t = await createTestDb();
  clearProgressCache();
});
afterEach(async () => t.close());

describe("the dashboard of one learner", () => {
  it("counts today, streaks and the calendar in the learner's days", async () => {
    await seedLearnerA();
    const d = await fetchDashboard(t.db, "A", NOW);
    expect(d.today).toMatchObject({
      dayKey: "2026-03-10",
      reviewsDone: 1,
      durationMs: 3000,
      dueNow: 0,
      newAvailable: 2,
    });
    // Active learner days: 7th, 9th, 10th (the 03:30 review belongs to the 9th).
    expect(d.streaks).toEqual({ current: 2, longest: 2, activeDays: 3 });
    const byKey = new Map(d.activity.days.map((x) => [x.key, x.total]));
    expect([
      byKey.get("2026-03-07"),
      byKey.get("2026-03-08"),
      byKey.get("2026-03-09"),
      byKey.get("2026-03-10"),
    ]).toEqual([1, 0, 3, 1]);
    expect(d.activity.gradeTotals.card).toEqual([0, 0, 1, 0, 3, 1]);
  });

  it("puts the same reviews on other days for a learner in UTC", async () => {
    await seedLearnerA();
    await t.db.user.update({ where: { id: "A" }, data: { timeZone: "UTC", dayStartHour: 0 } });
    const d = await fetchDashboard(t.db, "A", NOW);
    // UTC days 7th, 8th, 9th, 10th: one unbroken run.
    expect(d.streaks).toEqual({ current: 4, longest: 4, activeDays: 4 });
  });

  it("measures true retention on the first review of each day only", async () => {
    await seedLearnerA();
    const d = await fetchDashboard(t.db, "A", NOW);
    expect(d.retention.last30Days).toEqual({
      young: { passes: 1, total: 2 },
      mature: { passes: 1, total: 1 },
      all: { passes: 2, total: 3 },
    });
    const thisWeek = d.retention.weeks[d.retention.weeks.length - 1];
    expect(thisWeek?.all).toEqual({ passes: 2, total: 3 });
  });

  it("forecasts the due reviews with the learner's daily limit", async () => {
    await seedLearnerA();
    const d = await fetchDashboard(t.db, "A", NOW);
    expect(d.forecast.days.slice(0, 4).map((x) => [x.due, x.reviews, x.carried])).toEqual([
      [1, 0, 1], // card:a overdue, but today's one review is used up
      [2, 1, 2],
      [0, 1, 1],
      [0, 1, 0],
    ]);
    expect(d.forecast.daysOverLimit).toBe(3);
    expect(d.forecast.dueNextDays).toBe(2);
  });

  it("shows distributions, mastery, the hardest items and the hourly breakdown", async () => {
    await seedLearnerA();
    const d = await fetchDashboard(t.db, "A", NOW);
    expect(d.distributions.intervals.filter((b) => b.count > 0)).toEqual([
      { label: "0-1", count: 2 },
      { label: "21-41", count: 1 },
    ]);
    expect(d.mastery.counts).toEqual({ new: 2, learning: 2, mature: 1, total: 5 });
    const ch4 = d.mastery.chapters.find((c) => c.chapter === "第四章");
    expect(ch4?.topics.map((x) => [x.kind, x.topicKey, x.mature, x.learning, x.new])).toEqual([
      ["card", "basics", 1, 2, 1],
      ["exercise", "exercises-activations", 0, 0, 1],
    ]);
    expect(d.hardest.map((h) => [h.itemId, h.lapses, h.ease])).toEqual([
      ["card:a", 1, 2.1],
      ["card:b", 0, 2.36],
    ]);
    expect(d.hardest[0]?.practiceHref).toBe("/practice/card%3Aa");
    expect(d.hardest[0]?.historyHref).toBe("/items/card%3Aa");
    const hours = Object.fromEntries(d.hourly.filter((h) => h.total > 0).map((h) => [h.hour, [h.passes, h.total]]));
    expect(hours).toEqual({ 3: [1, 1], 5: [1, 2], 9: [1, 1], 20: [1, 1] });
  });

  it("sees a new grade and an undo on the next view despite the caches", async () => {
    await seedLearnerA();
    expect((await fetchDashboard(t.db, "A", NOW)).today.reviewsDone).toBe(1);
    await addLog("A", "card:c", "2026-03-10T05:00:00Z", {
      kind: "review",
      quality: 3,
      intervalBefore: 30,
      lastBefore: "2026-03-07T12:00:00Z",
    });
    await t.db.itemState.update({ where: { userId_itemId: { userId: "A", itemId: "card:c" } }, data: { lapses: 3 } });
    const d = await fetchDashboard(t.db, "A", NOW);
    expect(d.today.reviewsDone).toBe(2);
    expect(d.hardest[0]?.itemId).toBe("card:c");
  });

  it("reports exercise accuracy and keeps the attempts for replay", async () => {
    await seedLearnerA();
    const detail = {
      generatorId: "softmax",
      seed: 42,
      attempts: [
        { input: "0.3", correct: false },
        { input: "0.25", correct: true },
      ],
      hintsShown: 0,
      solutionShown: false,
    };
    await addLog("A", "exercise:softmax", "2026-03-10T03:00:00Z", { kind: "new", quality: 3, detail });
    await addLog("A", "exercise:softmax", "2026-01-10T03:00:00Z", {
      kind: "drill",
      quality: 5,
      detail: { ...detail, seed: 7 },
    });
    const d = await fetchDashboard(t.db, "A", NOW);
    expect(d.mastery.exercises).toEqual([
      expect.objectContaining({
        itemId: "exercise:softmax",
        attempts: 2,
        accuracy: 0.5,
        recentAccuracy: 0,
        priorAccuracy: 1,
        trend: "down",
        href: "/exercises/softmax",
      }),
    ]);
    const h = await fetchItemHistory(t.db, "A", "exercise:softmax");
    expect(h?.reviews.map((r) => [r.kind, r.attempt?.seed, r.attempt?.verdict])).toEqual([
      ["drill", 7, "solved"],
      ["new", 42, "solved"],
    ]);
  });
});

describe("privacy", () => {
  it("shows learner B none of learner A's data", async () => {
    await seedLearnerA();
    await addUser("B", "Asia/Shanghai");
    await addState("B", "card:a", { status: "new" });
    await addLog("B", "card:a", "2026-03-10T04:00:00Z", { kind: "new", quality: 5, durationMs: 700 });
    const b = await fetchDashboard(t.db, "B", NOW);
    expect(b.today).toMatchObject({ reviewsDone: 1, durationMs: 700 });
    expect(b.activity.totalReviews).toBe(1);
    expect(b.streaks).toEqual({ current: 1, longest: 1, activeDays: 1 });
    expect(b.retention.lastYear.all.total).toBe(0);
    expect(b.mastery.counts.total).toBe(1);
    expect(b.hardest).toEqual([]);
    expect(b.mastery.exercises).toEqual([]);
    expect(b.forecast.days.every((x) => x.due === 0)).toBe(true);
    expect((await fetchItemHistory(t.db, "B", "card:a"))?.reviews.map((r) => r.quality)).toEqual([5]);
    let csv = "";
    for await (const chunk of reviewLogCsv(t.db, "B")) csv += chunk;
    expect(csv.trim().split("\r\n")).toHaveLength(2);
    expect(csv).toContain(",card:a,card,new,5,1,700,");
    // A's own dashboard is unchanged by B.
    expect((await fetchDashboard(t.db, "A", NOW)).activity.totalReviews).toBe(5);
  });
});

describe("the CSV export", () => {
  it("pages through the log in time order, without undone rows", async () => {
    await seedLearnerA();
    for (let i = 0; i < 2100; i++) {
      await t.db.reviewLog.create({
        data: {
          id: `bulk-${String(i).padStart(5, "0")}`,
          userId: "A",
          itemId: "card:d",
          kind: "review",
          quality: 4,
          reviewedAt: new Date(NOW.getTime() - 200 * DAY_MS + (i % 7) * 1000),
          durationMs: 1,
          repsBefore: 1,
          intervalBefore: 1,
          easeBefore: 2500,
          statusBefore: "active",
          redrillBefore: "none",
          lapsesBefore: 0,
          repsAfter: 2,
          intervalAfter: 6,
          easeAfter: 2500,
        },
      });
    }
    const chunks: string[] = [];
    for await (const chunk of reviewLogCsv(t.db, "A")) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThanOrEqual(3); // header + two pages
    const lines = chunks.join("").trim().split("\r\n");
    expect(lines).toHaveLength(1 + 2100 + 5);
    const ids = lines.slice(1).map((l) => l.split(",")[0]);
    expect(new Set(ids).size).toBe(2105);
    expect(lines[lines.length - 1]).toMatch(
      /^log-\d+,2026-03-10T01:00:00.000Z,2026-03-10,card:b,card,review,5,1,3000,1,6,2.5,2.5,1,2,0,,$/,
    );
  });
});
