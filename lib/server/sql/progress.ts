import "server-only";
/**
 * Every SQL statement of the progress dashboard, in the subset SQLite and
 * PostgreSQL share. All aggregation happens here (GROUP BY over index ranges);
 * the review log is never loaded into JS.
 *
 * Bucketing by the learner's day. A learner day runs from dayStartHour in the
 * learner's time zone to the next one; with DST a day can be 23 or 25 hours,
 * and zones such as Asia/Kathmandu (+05:45) are not whole hours, so no
 * "timestamp + fixed offset, truncate" expression is exact all year, and the
 * date functions that would do it differ between SQLite (text instants) and
 * PostgreSQL (timestamp). Instead the boundaries are computed in JS with
 * lib/srs/day.ts (the very functions the scheduler uses) and passed in as a
 * VALUES table of [start, end) ranges; each range is joined to the
 * ("userId", "reviewedAt") index, so every bucket is one index range scan and
 * the grouping key is the range's label. The same trick gives local clock
 * hours (lib/progress/days.ts: localHours) for the hourly breakdown.
 *
 * What differs between the engines (how a bound instant is typed, a text
 * prefix range) comes from ./dialect.ts.
 */
import type { DayBucket, HourBucket } from "@/lib/progress/days";
import { FIRST_TRY_MIN_GRADE } from "@/lib/exercises/grading";
import { MATURE_INTERVAL_DAYS, PASS_QUALITY } from "@/lib/progress/types";
import { Prisma } from "../generated/prisma/client";
import { instant } from "./dialect";

/** A safe integer written into the statement (labels we generate, never input). */
function int(n: number): Prisma.Sql {
  if (!Number.isSafeInteger(n)) throw new Error(`Not an integer label: ${n}`);
  return Prisma.raw(String(n));
}

interface Range {
  label: number;
  start: Date;
  end: Date;
}

/** WITH "<name>"("label", "startAt", "endAt") AS (VALUES …); an empty list becomes one empty range. */
function rangesCte(name: string, ranges: readonly Range[]): Prisma.Sql {
  const rows = ranges.length > 0 ? ranges : [{ label: 0, start: new Date(0), end: new Date(0) }];
  const values = Prisma.join(rows.map((r) => Prisma.sql`(${int(r.label)}, ${instant(r.start)}, ${instant(r.end)})`));
  return Prisma.sql`WITH ${Prisma.raw(`"${name}"`)}("label", "startAt", "endAt") AS (VALUES ${values})`;
}

const dayRanges = (days: readonly DayBucket[]): Range[] =>
  days.map((d) => ({ label: d.offset, start: d.start, end: d.end }));

/**
 * Reviews per learner day × kind of item × grade × retention class, from
 * the aggregates (ReviewAggregate, kept by every writer of the log): each
 * day range sums its quarter-hour buckets, one index range per day. Day
 * ranges start and end on quarter-hours in every zone, so a bucket is
 * always wholly inside one day. Buckets an undo emptied count nothing.
 */
export function dailyCountsSql(userId: string, days: readonly DayBucket[]): Prisma.Sql {
  return Prisma.sql`
    ${rangesCte("d", dayRanges(days))}
    SELECT d."label" AS "dayOffset", a."itemKind" AS "itemKind", a."quality" AS "quality", a."retention" AS "retention",
           SUM(a."count") AS "n", SUM(a."durationMs") AS "durationMs"
    FROM "d"
    JOIN "ReviewAggregate" a ON a."userId" = ${userId} AND a."bucketStart" >= d."startAt" AND a."bucketStart" < d."endAt"
    GROUP BY d."label", a."itemKind", a."quality", a."retention"
    HAVING SUM(a."count") > 0`;
}

/**
 * Stores the counts of these closed days (summed from the aggregates, as
 * dailyCountsSql does) under the learner's zone key, keyed by local date.
 * A day already stored is left as it is: its counts cannot have changed.
 */
export function storeDayCountsSql(userId: string, zone: string, days: readonly DayBucket[]): Prisma.Sql {
  const values = Prisma.join(
    days.map((d) => Prisma.sql`(CAST(${d.key} AS TEXT), ${instant(d.start)}, ${instant(d.end)})`),
  );
  return Prisma.sql`
    WITH "d"("key", "startAt", "endAt") AS (VALUES ${values})
    INSERT INTO "ProgressDayCount" ("userId", "zone", "day", "itemKind", "quality", "retention", "count", "durationMs")
    SELECT ${userId}, ${zone}, d."key", a."itemKind", a."quality", a."retention", SUM(a."count"), SUM(a."durationMs")
    FROM "d"
    JOIN "ReviewAggregate" a ON a."userId" = ${userId}
    WHERE a."bucketStart" >= d."startAt" AND a."bucketStart" < d."endAt"
    GROUP BY d."key", a."itemKind", a."quality", a."retention"
    HAVING SUM(a."count") > 0
    ON CONFLICT ("userId", "zone", "day", "itemKind", "quality", "retention") DO NOTHING`;
}

/** The stored counts of the learner's closed days from `fromKey` through `toKey` (local dates) in one zone. */
export function storedDayCountsSql(userId: string, zone: string, fromKey: string, toKey: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "day", "itemKind", "quality", "retention", "count" AS "n", "durationMs"
    FROM "ProgressDayCount"
    WHERE "userId" = ${userId} AND "zone" = ${zone} AND "day" >= ${fromKey} AND "day" <= ${toKey}`;
}

/** Which of the learner's stored closed days from `fromKey` through `toKey` had a review. */
export function storedActiveDaysSql(userId: string, zone: string, fromKey: string, toKey: string): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT "day"
    FROM "ProgressDayCount"
    WHERE "userId" = ${userId} AND "zone" = ${zone} AND "day" >= ${fromKey} AND "day" <= ${toKey}`;
}

/** Records that every day from `firstDay` through `throughDay` is stored for the learner's zone. */
export function storeDaySpanSql(userId: string, zone: string, firstDay: string, throughDay: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ProgressDaySpan" ("userId", "zone", "firstDay", "throughDay")
    VALUES (${userId}, ${zone}, ${firstDay}, ${throughDay})
    ON CONFLICT ("userId", "zone") DO UPDATE SET "firstDay" = excluded."firstDay", "throughDay" = excluded."throughDay"`;
}

/** The start of the quarter-hour of the learner's first review that counts (at or before that review). */
export function firstReviewSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "bucketStart" AS "reviewedAt" FROM "ReviewAggregate"
    WHERE "userId" = ${userId} AND "count" > 0
    ORDER BY "bucketStart" ASC LIMIT 1`;
}

/** Reviews and passes per local clock hour (labels 0…23), from the aggregates. */
export function hourlySql(userId: string, hours: readonly HourBucket[]): Prisma.Sql {
  return Prisma.sql`
    ${rangesCte(
      "h",
      hours.map((h) => ({ label: h.hour, start: h.start, end: h.end })),
    )}
    SELECT h."label" AS "hour", SUM(a."count") AS "total",
           SUM(CASE WHEN a."quality" >= ${int(PASS_QUALITY)} THEN a."count" ELSE 0 END) AS "passes"
    FROM "h"
    JOIN "ReviewAggregate" a ON a."userId" = ${userId} AND a."bucketStart" >= h."startAt" AND a."bucketStart" < h."endAt"
    GROUP BY h."label"`;
}

/** Scheduled items due per learner day (day 0 starts at the epoch, so it holds the overdue). */
export function futureDueSql(userId: string, days: readonly DayBucket[]): Prisma.Sql {
  return Prisma.sql`
    ${rangesCte("d", dayRanges(days))}
    SELECT d."label" AS "dayOffset", COUNT(*) AS "n"
    FROM "d"
    JOIN "ItemState" s ON s."userId" = ${userId} AND s."status" = 'active' AND s."dueAt" >= d."startAt" AND s."dueAt" < d."endAt"
    GROUP BY d."label"`;
}

/** Scheduled items per interval (days). */
export function intervalCountsSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "intervalDays", COUNT(*) AS "n" FROM "ItemState"
    WHERE "userId" = ${userId} AND "status" = 'active'
    GROUP BY "intervalDays"`;
}

/** Scheduled items per ease factor (permille). */
export function easeCountsSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "easePermille", COUNT(*) AS "n" FROM "ItemState"
    WHERE "userId" = ${userId} AND "status" = 'active'
    GROUP BY "easePermille"`;
}

/**
 * Items per mastery class, cards grouped by deck (one representative item id
 * per deck carries the deck's chapter and title), exercises and code per item.
 */
export function masteryCountsSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT MIN(s."itemId") AS "itemId",
           CASE WHEN s."status" = 'new' THEN 'new'
                WHEN s."intervalDays" >= ${int(MATURE_INTERVAL_DAYS)} THEN 'mature' ELSE 'learning' END AS "cls",
           COUNT(*) AS "n"
    FROM "ItemState" s
    JOIN "Item" i ON i."id" = s."itemId"
    WHERE s."userId" = ${userId} AND s."status" <> 'retired'
    GROUP BY CASE WHEN i."kind" = 'card' THEN i."deck" ELSE i."id" END, 2`;
}

/** Payload of the given items (for titles, chapters and topics). */
export function itemPayloadsSql(itemIds: readonly string[]): Prisma.Sql {
  if (itemIds.length === 0) return Prisma.sql`SELECT "id", "deck", "payload" FROM "Item" WHERE 1 = 0`;
  return Prisma.sql`SELECT "id", "deck", "payload" FROM "Item" WHERE "id" IN (${Prisma.join([...itemIds])})`;
}

/**
 * Attempts and first-try solves per exercise and coding exercise, overall and
 * in two windows [recentStart, ∞) and [priorStart, recentStart). The few
 * exercise items are looked up one by one on the ("userId", "itemId",
 * "reviewedAt") index: an id-prefix range would need the "C" collation on
 * PostgreSQL, which that index does not have, and scan the learner's log.
 */
export function exerciseStatsSql(userId: string, recentStart: Date, priorStart: Date): Prisma.Sql {
  const ok = Prisma.sql`r."quality" >= ${int(FIRST_TRY_MIN_GRADE)}`;
  return Prisma.sql`
    SELECT r."itemId" AS "itemId",
           COUNT(*) AS "total",
           SUM(CASE WHEN ${ok} THEN 1 ELSE 0 END) AS "accurate",
           SUM(CASE WHEN r."reviewedAt" >= ${recentStart} THEN 1 ELSE 0 END) AS "recentTotal",
           SUM(CASE WHEN r."reviewedAt" >= ${recentStart} AND ${ok} THEN 1 ELSE 0 END) AS "recentAccurate",
           SUM(CASE WHEN r."reviewedAt" >= ${priorStart} AND r."reviewedAt" < ${recentStart} THEN 1 ELSE 0 END) AS "priorTotal",
           SUM(CASE WHEN r."reviewedAt" >= ${priorStart} AND r."reviewedAt" < ${recentStart} AND ${ok} THEN 1 ELSE 0 END) AS "priorAccurate",
           MAX(r."reviewedAt") AS "lastReviewedAt"
    FROM "Item" i
    JOIN "ReviewLog" r ON r."userId" = ${userId} AND r."itemId" = i."id"
    WHERE i."kind" IN ('exercise', 'code') AND r."undoneAt" IS NULL
    GROUP BY r."itemId"`;
}

/**
 * The hardest scheduled items: those with a lapse, a failure (grade < 3) since
 * `failuresSince`, or an ease below the initial one; most lapses first, then
 * most recent failures, then lowest ease. A failed new item has no lapse yet
 * and keeps its ease (SM-2 leaves the E-Factor alone below 3), so without the
 * failures it would rank below every item graded 3. Failures of every kind
 * count (a failed drill is a failure too); undone ones never do.
 */
export function hardestItemsSql(
  userId: string,
  limit: number,
  initialEasePermille: number,
  failuresSince: Date,
): Prisma.Sql {
  // The failures are read first, as rows of the ("userId", "reviewedAt") range, and grouped after:
  // grouping in the same step lets SQLite walk the ("userId", "itemId", "reviewedAt") index instead,
  // which reads the learner's whole log, not the window (ten times slower on a million rows).
  return Prisma.sql`
    WITH "failed" AS MATERIALIZED (
           SELECT r."itemId" AS "itemId" FROM "ReviewLog" r
           WHERE r."userId" = ${userId} AND r."reviewedAt" >= ${failuresSince}
             AND r."quality" < ${int(PASS_QUALITY)} AND r."undoneAt" IS NULL),
         "f" AS (SELECT "itemId", COUNT(*) AS "n" FROM "failed" GROUP BY "itemId")
    SELECT s."itemId" AS "itemId", s."lapses" AS "lapses", s."easePermille" AS "easePermille",
           s."intervalDays" AS "intervalDays", COALESCE(f."n", 0) AS "recentFailures"
    FROM "ItemState" s
    LEFT JOIN "f" ON f."itemId" = s."itemId"
    WHERE s."userId" = ${userId} AND s."status" = 'active'
      AND (s."lapses" > 0 OR s."easePermille" < ${int(initialEasePermille)} OR f."n" > 0)
    ORDER BY s."lapses" DESC, COALESCE(f."n", 0) DESC, s."easePermille" ASC, s."itemId" ASC
    LIMIT ${int(limit)}`;
}

/**
 * The first and the last review before `before` (undone ones included): two
 * index seeks. They identify the closed days' part of the log cheaply, since
 * rows before today are never added, changed or undone (undo only reaches
 * today's reviews); a wholesale move of rows between learners changes them.
 */
export function closedLogMarkersSql(userId: string, before: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT (SELECT "id" FROM "ReviewLog" WHERE "userId" = ${userId} ORDER BY "reviewedAt" ASC, "id" ASC LIMIT 1) AS "firstId",
           (SELECT "id" FROM "ReviewLog" WHERE "userId" = ${userId} AND "reviewedAt" < ${before}
            ORDER BY "reviewedAt" DESC, "id" DESC LIMIT 1) AS "lastId"`;
}

/**
 * What identifies the learner's schedule state cheaply (index seeks only):
 * the latest review (every grade appends one), today's undone reviews (an
 * undo restores a state without appending) and the content versions (sync
 * and enrolment add or retire rows).
 */
export function stateMarkersSql(userId: string, dayStart: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT (SELECT "id" FROM "ReviewLog" WHERE "userId" = ${userId} ORDER BY "reviewedAt" DESC, "id" DESC LIMIT 1) AS "lastId",
           (SELECT COUNT(*) FROM "ReviewLog" WHERE "userId" = ${userId} AND "reviewedAt" >= ${dayStart} AND "undoneAt" IS NOT NULL) AS "undone",
           (SELECT u."enrolledContentVersion" FROM "User" u WHERE u."id" = ${userId}) AS "enrolled",
           (SELECT m."value" FROM "Meta" m WHERE m."key" = 'contentVersion') AS "content"`;
}
