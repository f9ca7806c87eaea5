/**
 * Several app processes on one database: each has its own database client
 * and its own in-process progress cache (lib/server/progress/cache.ts), and
 * nothing either remembers may make them disagree. Each "process" here is a
 * Db client of its own on the test's database plus a cache of its own; what
 * one writes, the other must show at once through its warm cache, exactly as
 * a process with a cold cache computes it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Db, createDb } from "@/lib/server/db";
import { type ProgressCache, createProgressCache } from "@/lib/server/progress/cache";
import { fetchDashboard } from "@/lib/server/progress/dashboard";
import { fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
import { ensureLocalLearner } from "@/lib/server/users";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
const MONDAY_11 = new Date("2026-03-02T11:00:00Z");
const TUESDAY_10 = new Date("2026-03-03T10:00:00Z");

interface AppProcess {
  db: Db;
  cache: ProgressCache;
}

let t: TestDb;
let userId: string;
let a: AppProcess;
let b: AppProcess;
let seq = 0;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, MONDAY_10);
  userId = (await ensureLocalLearner(t.db)).id;
  a = { db: t.db, cache: createProgressCache() };
  b = { db: createDb(t.url), cache: createProgressCache() };
});
afterEach(async () => {
  await b.db.$disconnect();
  await t.close();
});

async function gradeHead(p: AppProcess, quality: number, now: Date): Promise<string> {
  const view = await fetchReviewSession(p.db, userId, now);
  if (!view.current) throw new Error("queue is empty");
  const reviewId = `two-processes-${++seq}`;
  await gradeItem(
    p.db,
    userId,
    { reviewId, itemId: view.current.itemId, quality, expectedVersion: view.current.version, durationMs: 2000 },
    now,
  );
  return reviewId;
}

/** The dashboard as `p` shows it (its warm cache), and as a process that remembers nothing computes it. */
async function dashboards(p: AppProcess, now: Date) {
  const shown = await fetchDashboard(p.db, userId, now, p.cache);
  const fresh = await fetchDashboard(p.db, userId, now, createProgressCache());
  return { shown, fresh };
}

async function expectAgreement(now: Date) {
  const seenByA = await dashboards(a, now);
  const seenByB = await dashboards(b, now);
  expect(seenByA.shown).toEqual(seenByA.fresh);
  expect(seenByB.shown).toEqual(seenByB.fresh);
  expect(seenByA.shown).toEqual(seenByB.shown);
  return seenByA.shown;
}

describe("two processes on one database", () => {
  it("see each other's grades and undos through their progress caches, at once", async () => {
    await gradeHead(a, 5, MONDAY_10);
    const start = await expectAgreement(MONDAY_10);
    expect(start.today.reviewsDone).toBe(1);
    // Both caches are warm now. B grades: A's cached figures must move.
    const byB = await gradeHead(b, 1, MONDAY_10);
    const afterB = await expectAgreement(MONDAY_10);
    expect(afterB.today.reviewsDone).toBe(2);
    expect(afterB.mastery.counts).not.toEqual(start.mastery.counts);
    expect(afterB.distributions).not.toEqual(start.distributions);
    // A undoes B's grade: B's cached figures must move back.
    await undoReview(a.db, userId, byB, MONDAY_10);
    const afterUndo = await expectAgreement(MONDAY_10);
    expect(afterUndo.today.reviewsDone).toBe(1);
    expect(afterUndo.distributions).toEqual(start.distributions);
    expect(afterUndo.mastery.counts).toEqual(start.mastery.counts);
    // And the review queue, read by either, is the same.
    expect(await fetchReviewSession(a.db, userId, MONDAY_10)).toEqual(
      await fetchReviewSession(b.db, userId, MONDAY_10),
    );
  });

  it("agree on the closed days after the day turns, whichever process wrote them", async () => {
    await gradeHead(a, 4, MONDAY_10);
    await gradeHead(b, 2, MONDAY_11);
    await expectAgreement(MONDAY_11);
    const tuesday = await expectAgreement(TUESDAY_10);
    await gradeHead(b, 5, TUESDAY_10);
    const later = await expectAgreement(TUESDAY_10);
    expect(later.today.reviewsDone).toBe(tuesday.today.reviewsDone + 1);
    expect(later.streaks).not.toEqual(tuesday.streaks);
  });

  it("see a learner's new settings in the other process (nothing about the learner is kept in memory)", async () => {
    await gradeHead(a, 4, MONDAY_10);
    await expectAgreement(MONDAY_10);
    await b.db.user.update({ where: { id: userId }, data: { timeZone: "Asia/Shanghai", newPerDay: 1 } });
    const moved = await expectAgreement(MONDAY_10);
    expect(moved.today.newAvailable).toBe(0);
    expect((await fetchReviewSession(a.db, userId, MONDAY_10)).timeZone).toBe("Asia/Shanghai");
  });
});
