import "server-only";
/**
 * The review counts of a learner's closed days, kept per local date in the
 * database (ProgressDayCount) so that the first view of a day sums only the
 * days that closed since the last one, not a year of quarter-hour buckets.
 *
 * A closed day's counts never change: reviews are stamped with the moment
 * they are recorded and undo reaches only today's. A day is stored only once
 * it closed CLOSED_DAY_GRACE_MS ago, so a grade still being committed at the
 * turn of the day (on any process) is counted before the day is frozen;
 * younger days are summed from the aggregates on every view. Counts are kept
 * per zone and day start ("Asia/Shanghai|4"): a learner who changes either
 * gets their days summed afresh in the new zone at once, the old zone's rows
 * are dropped. Whatever rewrites past log rows must call forgetStoredDays
 * (rebuildReviewAggregates does).
 */
import type { DayBucket } from "@/lib/progress/days";
import type { DayContext } from "@/lib/srs/day";
import type { Db } from "../db";
import {
  dailyCountsSql,
  storeDayCountsSql,
  storeDaySpanSql,
  storedActiveDaysSql,
  storedDayCountsSql,
} from "../sql/progress";
import { toNumber } from "../sql/queue";

/** How long after its end a day is still summed live before it is stored. */
export const CLOSED_DAY_GRACE_MS = 60 * 60_000;

/** Days summed and stored per statement (bounds the VALUES list). */
const DAYS_PER_STATEMENT = 400;

export function zoneKeyOf(day: DayContext): string {
  return `${day.timeZone}|${day.dayStartHour}`;
}

/** Drops every stored day of the learner (all zones). */
export async function forgetStoredDays(tx: Pick<Db, "$executeRaw">, userId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM "ProgressDayCount" WHERE "userId" = ${userId}`;
  await tx.$executeRaw`DELETE FROM "ProgressDaySpan" WHERE "userId" = ${userId}`;
}

export interface ClosedDayRows {
  /** (dayOffset, itemKind, quality, retention, n, durationMs) of the days from `windowStart` on, as dailyCountsSql gives them. */
  windowRows: Record<string, unknown>[];
  /** Offsets of the older days with a review. */
  olderActive: number[];
}

/**
 * The closed days `days` (contiguous, oldest first, all before today): the
 * counts of those from offset `windowStart` on, and which older ones had a
 * review. Stored days are read back, days missing from the store are summed
 * from the aggregates and stored, the youngest are summed live.
 */
export async function fetchClosedDayRows(
  db: Db,
  userId: string,
  now: Date,
  day: DayContext,
  days: readonly DayBucket[],
  windowStart: number,
): Promise<ClosedDayRows> {
  const frozenBefore = now.getTime() - CLOSED_DAY_GRACE_MS;
  const storable = days.filter((d) => d.end.getTime() <= frozenBefore);
  const live = days.filter((d) => d.end.getTime() > frozenBefore);
  const liveRows: Record<string, unknown>[] =
    live.length > 0 ? await db.$queryRaw<Record<string, unknown>[]>(dailyCountsSql(userId, live)) : [];
  const result: ClosedDayRows = {
    windowRows: liveRows.filter((r) => toNumber(r.dayOffset) >= windowStart),
    olderActive: liveRows.filter((r) => toNumber(r.dayOffset) < windowStart).map((r) => toNumber(r.dayOffset)),
  };
  const first = storable[0];
  const last = storable.at(-1);
  if (!first || !last) return result;

  const zone = zoneKeyOf(day);
  const span = await db.progressDaySpan.findUnique({ where: { userId_zone: { userId, zone } } });
  // Days before the stored span are needed (an earlier first review): start the zone afresh.
  const fresh = span === null || span.firstDay > first.key;
  const missing = fresh ? storable : storable.filter((d) => d.key > span.throughDay);
  if (missing.length > 0) {
    await db.$transaction(async (tx) => {
      if (fresh) await forgetStoredDays(tx, userId);
      for (let i = 0; i < missing.length; i += DAYS_PER_STATEMENT)
        await tx.$executeRaw(storeDayCountsSql(userId, zone, missing.slice(i, i + DAYS_PER_STATEMENT)));
      const through = span && !fresh && span.throughDay > last.key ? span.throughDay : last.key;
      await tx.$executeRaw(storeDaySpanSql(userId, zone, fresh ? first.key : span.firstDay, through));
    });
  }
  const offsetOf = new Map(storable.map((d) => [d.key, d.offset] as const));
  const windowFirst = storable.find((d) => d.offset >= windowStart);
  const olderLast = [...storable].reverse().find((d) => d.offset < windowStart);
  const [windowRows, older] = await Promise.all([
    windowFirst
      ? db.$queryRaw<Record<string, unknown>[]>(storedDayCountsSql(userId, zone, windowFirst.key, last.key))
      : Promise.resolve([]),
    olderLast
      ? db.$queryRaw<{ day: unknown }[]>(storedActiveDaysSql(userId, zone, first.key, olderLast.key))
      : Promise.resolve([]),
  ]);
  for (const r of windowRows) {
    const offset = offsetOf.get(String(r.day));
    if (offset !== undefined) result.windowRows.push({ ...r, dayOffset: offset });
  }
  for (const r of older) {
    const offset = offsetOf.get(String(r.day));
    if (offset !== undefined) result.olderActive.push(offset);
  }
  return result;
}
