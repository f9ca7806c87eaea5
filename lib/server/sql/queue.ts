import "server-only";
/**
 * lib/server/sql/ holds every raw SQL statement of the app, one module per
 * aggregate (this one: the review queue), written in the subset that
 * SQLite and PostgreSQL share (quoted identifiers, INSERT … SELECT,
 * NOT EXISTS, UNION ALL of LIMITed subqueries, bound parameters); what
 * differs between them is in ./dialect.ts.
 *
 * The queue read runs on every page view and every grade. Through the ORM it
 * took about nine statements of ORM overhead each; here it is four plain
 * statements, and the benchmark runs these very Prisma.sql objects raw on
 * better-sqlite3 as its floor.
 */
import { INITIAL_EASE_PERMILLE } from "@/lib/srs/sm2";
import type { Db } from "../db";
import { type ItemState, Prisma } from "../generated/prisma/client";
import { CONTENT_VERSION_KEY } from "../meta";
import { integer } from "./dialect";

type Tx = Pick<Db, "$executeRaw" | "$queryRaw">;

/**
 * Gives the learner a "new" schedule row for every active item they lack.
 * One statement, whatever the number of items; two requests enrolling the
 * same learner at once (two tabs, two processes) add each row once.
 */
export async function insertMissingStates(tx: Tx, userId: string): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "ItemState" ("userId", "itemId", "status", "position", "repetitions", "intervalDays",
                             "easePermille", "lapses", "redrill", "version")
    SELECT ${userId}, i."id", 'new', i."position", 0, 0, ${integer(INITIAL_EASE_PERMILLE)}, 0, 'none', 0
    FROM "Item" i
    WHERE i."retiredAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "ItemState" s WHERE s."userId" = ${userId} AND s."itemId" = i."id")
    ON CONFLICT ("userId", "itemId") DO NOTHING`;
}

/** The learner's settings and the installed content version, in one read. */
export function queueContextSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT u."id", u."timeZone", u."dayStartHour", u."newPerDay", u."maxReviewsPerDay", u."extraNewDayKey",
           u."extraNewCount", u."enrolledContentVersion",
           (SELECT m."value" FROM "Meta" m WHERE m."key" = ${CONTENT_VERSION_KEY}) AS "contentVersion"
    FROM "User" u
    WHERE u."id" = ${userId}`;
}

/** Today's reviews that still count (not undone), by kind. */
export function doneTodaySql(userId: string, dayStart: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT "kind", COUNT(*) AS "n"
    FROM "ReviewLog"
    WHERE "userId" = ${userId} AND "reviewedAt" >= ${dayStart} AND "undoneAt" IS NULL
    GROUP BY "kind"`;
}

function dueWhere(userId: string, now: Date, dayStart: Date): Prisma.Sql {
  return Prisma.sql`"userId" = ${userId} AND "status" = 'active' AND "dueAt" <= ${now} AND "lastReviewedAt" < ${dayStart}`;
}

function newWhere(userId: string): Prisma.Sql {
  return Prisma.sql`"userId" = ${userId} AND "status" = 'new'`;
}

/** How many due and new items are left today, each counted only up to its limit. */
export function queueCountsSql(
  userId: string,
  now: Date,
  dayStart: Date,
  reviewLimit: number,
  newLimit: number,
): Prisma.Sql {
  return Prisma.sql`
    SELECT (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" WHERE ${dueWhere(userId, now, dayStart)} LIMIT ${reviewLimit}) d) AS "due",
           (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" WHERE ${newWhere(userId)} LIMIT ${newLimit}) n) AS "new"`;
}

/**
 * Which of the given items today's queue holds (fetchDueToday): the same
 * sections and order as queueHeadsSql, each item counted against its limit
 * by how many of its section come before it.
 */
export function dueTodaySql(
  userId: string,
  itemIds: readonly string[],
  now: Date,
  dayStart: Date,
  reviewLimit: number,
  newLimit: number,
): Prisma.Sql {
  return Prisma.sql`
    SELECT s."itemId" FROM "ItemState" s
    WHERE s."userId" = ${userId} AND s."itemId" IN (${Prisma.join([...itemIds])})
      AND ((s."status" = 'active' AND s."lastReviewedAt" >= ${dayStart} AND s."redrill" <> 'none')
        OR (s."status" = 'active' AND s."dueAt" <= ${now} AND s."lastReviewedAt" < ${dayStart}
            AND (SELECT COUNT(*) FROM "ItemState" o
                 WHERE o."userId" = ${userId} AND o."status" = 'active' AND o."dueAt" <= ${now}
                   AND o."lastReviewedAt" < ${dayStart}
                   AND (o."dueAt" < s."dueAt" OR (o."dueAt" = s."dueAt" AND o."position" < s."position"))) < ${reviewLimit})
        OR (s."status" = 'new'
            AND (SELECT COUNT(*) FROM "ItemState" o
                 WHERE o."userId" = ${userId} AND o."status" = 'new' AND o."position" < s."position") < ${newLimit}))`;
}

const SNAPSHOT_STATE_COLUMNS = Prisma.raw(
  `s."itemId", s."status", s."position", s."repetitions", s."intervalDays", s."easePermille", s."dueAt", s."lapses",
   s."lastReviewedAt", s."redrill", s."version", i."kind", i."payload"`,
);
/**
 * The columns one kind of row leaves empty, as typed NULLs: PostgreSQL gives
 * a bare NULL in a derived table the type text, which then cannot be matched
 * with a count across UNION ALL. (SQLite accepts the same casts.)
 */
const NO_META = Prisma.raw(
  `CAST(NULL AS BIGINT) AS "dueCount", CAST(NULL AS BIGINT) AS "newCount", CAST(NULL AS BIGINT) AS "doneNew",
   CAST(NULL AS BIGINT) AS "doneReview", CAST(NULL AS BIGINT) AS "doneRelearn", CAST(NULL AS BIGINT) AS "donePractice",
   CAST(NULL AS BIGINT) AS "doneDrill", CAST(NULL AS TEXT) AS "undoable", CAST(NULL AS TIMESTAMP(3)) AS "earliestDue",
   CAST(NULL AS BIGINT) AS "anyNew", CAST(NULL AS BIGINT) AS "anyDue"`,
);
const NO_STATE = Prisma.raw(
  `CAST(NULL AS TEXT) AS "itemId", CAST(NULL AS TEXT) AS "status", CAST(NULL AS INTEGER) AS "position",
   CAST(NULL AS INTEGER) AS "repetitions", CAST(NULL AS INTEGER) AS "intervalDays", CAST(NULL AS INTEGER) AS "easePermille",
   CAST(NULL AS TIMESTAMP(3)) AS "dueAt", CAST(NULL AS INTEGER) AS "lapses", CAST(NULL AS TIMESTAMP(3)) AS "lastReviewedAt",
   CAST(NULL AS TEXT) AS "redrill", CAST(NULL AS INTEGER) AS "version", CAST(NULL AS TEXT) AS "kind",
   CAST(NULL AS TEXT) AS "payload"`,
);

/** Candidates read per section: enough for the head and the item after it. */
const HEADS_PER_SECTION = 2;

function doneSql(userId: string, dayStart: Date, kind: string): Prisma.Sql {
  return Prisma.sql`(SELECT COUNT(*) FROM "ReviewLog" WHERE "userId" = ${userId} AND "reviewedAt" >= ${dayStart}
                     AND "undoneAt" IS NULL AND "kind" = ${kind})`;
}

/**
 * The whole day's queue in one statement (fetchReviewSession): the
 * candidates for its first two places with their rendered payloads (the two
 * most overdue due items, the first two new items, every re-drill of today;
 * the second place is what the page shows the moment a grade is sent) and
 * one "meta" row with
 * everything else the session shows: the due and new counts (each counted up
 * to the daily limit from the settings; the caller caps them by what today
 * leaves), today's reviews by kind, the latest undoable review, and, for an
 * empty day, when work resumes. Each part is an index seek or an index range
 * bounded by a limit (the ORDER BY in the limited counts keeps PostgreSQL's
 * planner on the learner's index when one learner owns most rows).
 */
export function queueSnapshotSql(
  userId: string,
  now: Date,
  dayStart: Date,
  maxReviews: number,
  maxNew: number,
  scheduledKinds: readonly string[],
): Prisma.Sql {
  return Prisma.sql`
    SELECT * FROM (SELECT 'due' AS "section", ${SNAPSHOT_STATE_COLUMNS}, ${NO_META}
                   FROM "ItemState" s JOIN "Item" i ON i."id" = s."itemId"
                   WHERE ${dueWhere(userId, now, dayStart)}
                   ORDER BY s."dueAt" ASC, s."position" ASC LIMIT ${HEADS_PER_SECTION}) d
    UNION ALL
    SELECT * FROM (SELECT 'new' AS "section", ${SNAPSHOT_STATE_COLUMNS}, ${NO_META}
                   FROM "ItemState" s JOIN "Item" i ON i."id" = s."itemId"
                   WHERE ${newWhere(userId)}
                   ORDER BY s."position" ASC LIMIT ${HEADS_PER_SECTION}) n
    UNION ALL
    SELECT 'redrill' AS "section", ${SNAPSHOT_STATE_COLUMNS}, ${NO_META}
    FROM "ItemState" s JOIN "Item" i ON i."id" = s."itemId"
    WHERE s."userId" = ${userId} AND s."status" = 'active' AND s."lastReviewedAt" >= ${dayStart} AND s."redrill" <> 'none'
    UNION ALL
    SELECT 'meta' AS "section", ${NO_STATE},
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" WHERE ${dueWhere(userId, now, dayStart)}
                             ORDER BY "dueAt" LIMIT ${maxReviews}) dc) AS "dueCount",
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" WHERE ${newWhere(userId)}
                             ORDER BY "position" LIMIT ${maxNew}) nc) AS "newCount",
      ${doneSql(userId, dayStart, "new")} AS "doneNew",
      ${doneSql(userId, dayStart, "review")} AS "doneReview",
      ${doneSql(userId, dayStart, "relearn")} AS "doneRelearn",
      ${doneSql(userId, dayStart, "practice")} AS "donePractice",
      ${doneSql(userId, dayStart, "drill")} AS "doneDrill",
      (SELECT "id" FROM "ReviewLog" WHERE "userId" = ${userId} AND "reviewedAt" >= ${dayStart} AND "undoneAt" IS NULL
         AND "kind" IN (${Prisma.join([...scheduledKinds])})
       ORDER BY "reviewedAt" DESC, "id" DESC LIMIT 1) AS "undoable",
      (SELECT MIN("dueAt") FROM "ItemState" WHERE "userId" = ${userId} AND "status" = 'active' AND "dueAt" > ${now}) AS "earliestDue",
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" WHERE ${newWhere(userId)} ORDER BY "position" LIMIT 1) an) AS "anyNew",
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" WHERE ${dueWhere(userId, now, dayStart)} LIMIT 1) ad) AS "anyDue"`;
}

export interface QueueContextRow {
  id: string;
  timeZone: string;
  dayStartHour: number;
  newPerDay: number;
  maxReviewsPerDay: number;
  extraNewDayKey: string | null;
  extraNewCount: number;
  enrolledContentVersion: number;
  contentVersion: string | null;
}

/** An ItemState row as the queue reads it (the generated model's columns, without the learner id). */
export type StateRow = Omit<ItemState, "userId">;

/** Raw reads may return integers as bigint and, through UNION, instants as text. */
export function toNumber(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : Number(value ?? 0);
}

export function toDateOrNull(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number") return new Date(value);
  throw new TypeError(`Not an instant: ${typeof value}`);
}

export function toStateRow(raw: Record<string, unknown>): StateRow {
  return {
    itemId: String(raw.itemId),
    status: String(raw.status),
    position: toNumber(raw.position),
    repetitions: toNumber(raw.repetitions),
    intervalDays: toNumber(raw.intervalDays),
    easePermille: toNumber(raw.easePermille),
    dueAt: toDateOrNull(raw.dueAt),
    lapses: toNumber(raw.lapses),
    lastReviewedAt: toDateOrNull(raw.lastReviewedAt),
    redrill: String(raw.redrill),
    version: toNumber(raw.version),
  };
}
