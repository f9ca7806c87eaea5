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
 * One statement, whatever the number of items.
 */
export async function insertMissingStates(tx: Tx, userId: string): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "ItemState" ("userId", "itemId", "status", "position", "repetitions", "intervalDays",
                             "easePermille", "lapses", "redrill", "version")
    SELECT ${userId}, i."id", 'new', i."position", 0, 0, ${integer(INITIAL_EASE_PERMILLE)}, 0, 'none', 0
    FROM "Item" i
    WHERE i."retiredAt" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "ItemState" s WHERE s."userId" = ${userId} AND s."itemId" = i."id")`;
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

const STATE_COLUMNS = Prisma.raw(
  `"itemId", "status", "position", "repetitions", "intervalDays", "easePermille", "dueAt", "lapses",
   "lastReviewedAt", "redrill", "version"`,
);

function dueWhere(userId: string, now: Date, dayStart: Date): Prisma.Sql {
  return Prisma.sql`"userId" = ${userId} AND "status" = 'active' AND "dueAt" <= ${now} AND "lastReviewedAt" < ${dayStart}`;
}

function newWhere(userId: string): Prisma.Sql {
  return Prisma.sql`"userId" = ${userId} AND "status" = 'new'`;
}

/**
 * The candidates for the head of the queue: the most overdue due item, the
 * first new item (each only if its limit allows one more), and every re-drill
 * of today.
 */
export function queueHeadsSql(
  userId: string,
  now: Date,
  dayStart: Date,
  reviewLimit: number,
  newLimit: number,
): Prisma.Sql {
  return Prisma.sql`
    SELECT * FROM (SELECT ${STATE_COLUMNS} FROM "ItemState" WHERE ${dueWhere(userId, now, dayStart)}
                   ORDER BY "dueAt" ASC, "position" ASC LIMIT ${Math.min(1, reviewLimit)}) d
    UNION ALL
    SELECT * FROM (SELECT ${STATE_COLUMNS} FROM "ItemState" WHERE ${newWhere(userId)}
                   ORDER BY "position" ASC LIMIT ${Math.min(1, newLimit)}) n
    UNION ALL
    SELECT * FROM (SELECT ${STATE_COLUMNS} FROM "ItemState"
                   WHERE "userId" = ${userId} AND "status" = 'active' AND "lastReviewedAt" >= ${dayStart} AND "redrill" <> 'none') r`;
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

/** The item shown at the head of the queue. */
export function queueItemSql(itemId: string): Prisma.Sql {
  return Prisma.sql`SELECT "id", "kind", "payload" FROM "Item" WHERE "id" = ${itemId}`;
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
