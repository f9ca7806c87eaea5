/**
 * The closed days' counts kept in the database (lib/server/progress/day-counts.ts):
 * a dashboard whose days were stored over several earlier views, as a
 * learner's daily visits store them, equals the one summed afresh from the
 * aggregates, after days of new reviews, a review committed at the turn of
 * the day, and a change of zone.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProgressCache } from "@/lib/server/progress/cache";
import { fetchDashboard } from "@/lib/server/progress/dashboard";
import { CLOSED_DAY_GRACE_MS, forgetStoredDays, zoneKeyOf } from "@/lib/server/progress/day-counts";
import { appendReviewLog } from "@/lib/server/review-log";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 04:00 in Asia/Kathmandu (+05:45) is 22:15 UTC the day before: the learner's day start. */
const ZONE = "Asia/Kathmandu";
const DAY_START_HOUR = 4;
const FIRST_DAY_START = new Date("2026-02-28T22:15:00Z");
const ITEMS = ["card:fixture-l1", "card:fixture-relu", "card:fixture-nyquist-c1"];

let t: TestDb;
let userId: string;
let logged = 0;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, FIRST_DAY_START);
  userId = (
    await t.db.user.create({
      data: { email: "days@example.test", timeZone: ZONE, dayStartHour: DAY_START_HOUR },
    })
  ).id;
});
afterEach(async () => t.close());

/** A review at `at`, counted in the aggregates as every writer of the log counts it. */
async function review(at: Date, quality: number, intervalBefore: number): Promise<void> {
  const i = logged++;
  await appendReviewLog(t.db, {
    id: `day-${i}`,
    userId,
    itemId: ITEMS[i % ITEMS.length] ?? "card:fixture-l1",
    kind: intervalBefore === 0 ? "new" : "review",
    quality,
    reviewedAt: at,
    durationMs: 1000 + i,
    repsBefore: 1,
    intervalBefore,
    easeBefore: 2500,
    statusBefore: "active",
    redrillBefore: "none",
    lapsesBefore: 0,
    repsAfter: 2,
    intervalAfter: 6,
    easeAfter: 2500,
  });
}

/** A few reviews on each learner day from `fromDay` to `toDay` (0 = the first day), at varied hours. */
async function reviewDays(fromDay: number, toDay: number): Promise<void> {
  for (let d = fromDay; d <= toDay; d++) {
    for (let k = 0; k < (d % 3) + 1; k++) {
      const at = new Date(FIRST_DAY_START.getTime() + d * DAY_MS + (k * 7 + 1) * HOUR_MS + d * 60_000);
      await review(at, (d + k) % 6, (d * k) % 30);
    }
  }
}

const dashboardAt = (now: Date) => fetchDashboard(t.db, userId, now, createProgressCache());

/** The same view with nothing stored: every closed day summed afresh from the aggregates. */
async function afreshAt(now: Date) {
  await forgetStoredDays(t.db, userId);
  return dashboardAt(now);
}

const noonOfDay = (d: number) => new Date(FIRST_DAY_START.getTime() + d * DAY_MS + 8 * HOUR_MS);

describe("closed days kept in the database", () => {
  it("extend view after view and give what summing afresh gives", async () => {
    await reviewDays(0, 9);
    await dashboardAt(noonOfDay(10));
    await reviewDays(10, 19);
    await dashboardAt(noonOfDay(20));
    await reviewDays(20, 24);
    const now = noonOfDay(25);
    const incremental = await dashboardAt(now);
    const span = await t.db.progressDaySpan.findUniqueOrThrow({
      where: { userId_zone: { userId, zone: zoneKeyOf({ timeZone: ZONE, dayStartHour: DAY_START_HOUR }) } },
    });
    // Everything up to yesterday is stored once the view is more than the grace past the day's start.
    expect(span.throughDay).toBe("2026-03-25");
    expect(incremental.activity.totalReviews).toBeGreaterThan(0);
    expect(incremental).toEqual(await afreshAt(now));
  });

  it("count a review committed just before the day turned, after a view in the grace period", async () => {
    await reviewDays(0, 5);
    const dayStart = new Date(FIRST_DAY_START.getTime() + 6 * DAY_MS);
    // A view ten minutes into day 6: day 5 closed within the grace, so it is not frozen yet.
    await dashboardAt(new Date(dayStart.getTime() + 10 * 60_000));
    // A grade stamped a second before day 6 began, committed after that view.
    await review(new Date(dayStart.getTime() - 1000), 5, 10);
    const later = new Date(dayStart.getTime() + CLOSED_DAY_GRACE_MS + 60_000);
    const view = await dashboardAt(later);
    expect(view).toEqual(await afreshAt(later));
    const yesterday = view.activity.days.find((d) => d.key === "2026-03-06");
    expect(yesterday?.total).toBe((5 % 3) + 1 + 1);
  });

  it("are summed afresh in a new zone at once, and the old zone's days are dropped", async () => {
    await reviewDays(0, 12);
    await dashboardAt(noonOfDay(13));
    await t.db.user.update({ where: { id: userId }, data: { timeZone: "America/New_York", dayStartHour: 0 } });
    const now = noonOfDay(14);
    const moved = await dashboardAt(now);
    expect(await t.db.progressDaySpan.findMany({ where: { userId }, select: { zone: true } })).toEqual([
      { zone: "America/New_York|0" },
    ]);
    expect(moved).toEqual(await afreshAt(now));
  });
});
