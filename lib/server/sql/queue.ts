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
 * Gives the learner a "new" schedule row for every active built-in item they
 * lack (a learner's own cards get theirs when written), with the item's
 * columns that the queue and the search read from the row. One statement,
 * whatever the number of items; two requests enrolling the same learner at
 * once (two tabs, two processes) add each row once.
 */
export async function insertMissingStates(tx: Tx, userId: string): Promise<number> {
  return tx.$executeRaw`
    INSERT INTO "ItemState" ("userId", "itemId", "status", "position", "repetitions", "intervalDays",
                             "easePermille", "lapses", "redrill", "version", "deck", "contentTags", "cardType",
                             "noteType", "searchText", "addedAt")
    SELECT ${userId}, i."id", 'new', i."position", 0, 0, ${integer(INITIAL_EASE_PERMILLE)}, 0, 'none', 0, i."deck",
           i."tags", i."cardType", i."noteType", i."searchText", i."createdAt"
    FROM "Item" i
    WHERE i."retiredAt" IS NULL AND i."ownerId" IS NULL
      AND NOT EXISTS (SELECT 1 FROM "ItemState" s WHERE s."userId" = ${userId} AND s."itemId" = i."id")
    ON CONFLICT ("userId", "itemId") DO NOTHING`;
}

/** The learner's settings and the installed content version, in one read. */
export function queueContextSql(userId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT u."id", u."timeZone", u."dayStartHour", u."newPerDay", u."maxReviewsPerDay", u."extraNewDayKey",
           u."extraNewCount", u."enrolledContentVersion", u."scheduler", u."desiredRetention", u."fsrsWeights",
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

/**
 * What keeps an item out of every queue, whatever its schedule: the learner
 * suspended it, or buried it until a later instant (the next learner day).
 */
function notHeld(now: Date): Prisma.Sql {
  return Prisma.sql`s."suspended" = FALSE AND (s."buriedUntil" IS NULL OR s."buriedUntil" <= ${now})`;
}

/** The queue limited to some decks (Item.deck keys, copied on the row), or to none. */
function inDecks(deckKeys: readonly string[] | null): Prisma.Sql {
  if (deckKeys === null) return Prisma.empty;
  if (deckKeys.length === 0) return Prisma.sql` AND 1 = 0`;
  return Prisma.sql` AND s."deck" IN (${Prisma.join([...deckKeys])})`;
}

/**
 * Due reviews; every reference is to the alias `s` of "ItemState". An
 * active item never reviewed (given a due date from the browser) has no
 * last review and is due like any other.
 */
function dueWhere(userId: string, now: Date, dayStart: Date, deckKeys: readonly string[] | null = null): Prisma.Sql {
  return Prisma.sql`s."userId" = ${userId} AND s."status" = 'active' AND s."dueAt" <= ${now}
    AND (s."lastReviewedAt" IS NULL OR s."lastReviewedAt" < ${dayStart}) AND ${notHeld(now)}${inDecks(deckKeys)}`;
}

function newWhere(userId: string, now: Date, deckKeys: readonly string[] | null = null): Prisma.Sql {
  return Prisma.sql`s."userId" = ${userId} AND s."status" = 'new' AND ${notHeld(now)}${inDecks(deckKeys)}`;
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
    SELECT (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" s WHERE ${dueWhere(userId, now, dayStart)} LIMIT ${reviewLimit}) d) AS "due",
           (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" s WHERE ${newWhere(userId, now)} LIMIT ${newLimit}) n) AS "new"`;
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
  const heldOther = Prisma.sql`o."suspended" = FALSE AND (o."buriedUntil" IS NULL OR o."buriedUntil" <= ${now})`;
  return Prisma.sql`
    SELECT s."itemId" FROM "ItemState" s
    WHERE s."userId" = ${userId} AND s."itemId" IN (${Prisma.join([...itemIds])}) AND ${notHeld(now)}
      AND ((s."status" = 'active' AND s."lastReviewedAt" >= ${dayStart} AND s."redrill" <> 'none')
        OR (${dueWhere(userId, now, dayStart)}
            AND (SELECT COUNT(*) FROM "ItemState" o
                 WHERE o."userId" = ${userId} AND o."status" = 'active' AND o."dueAt" <= ${now}
                   AND (o."lastReviewedAt" IS NULL OR o."lastReviewedAt" < ${dayStart}) AND ${heldOther}
                   AND (o."dueAt" < s."dueAt" OR (o."dueAt" = s."dueAt" AND o."position" < s."position"))) < ${reviewLimit})
        OR (s."status" = 'new'
            AND (SELECT COUNT(*) FROM "ItemState" o
                 WHERE o."userId" = ${userId} AND o."status" = 'new' AND ${heldOther}
                   AND o."position" < s."position") < ${newLimit}))`;
}

const SNAPSHOT_STATE_COLUMNS = Prisma.raw(
  `s."itemId", s."status", s."position", s."repetitions", s."intervalDays", s."easePermille", s."dueAt", s."lapses",
   s."lastReviewedAt", s."redrill", s."stability", s."difficulty", s."version", i."kind", i."payload", s."flag",
   pn."html" AS "personalNote", i."ownerId"`,
);
/** A head's item, and the learner's personal note on it, if any. */
const SNAPSHOT_JOINS = Prisma.raw(
  `JOIN "Item" i ON i."id" = s."itemId"
   LEFT JOIN "PersonalNote" pn ON pn."userId" = s."userId" AND pn."itemId" = s."itemId"`,
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
   CAST(NULL AS TEXT) AS "redrill", CAST(NULL AS DOUBLE PRECISION) AS "stability",
   CAST(NULL AS DOUBLE PRECISION) AS "difficulty", CAST(NULL AS INTEGER) AS "version", CAST(NULL AS TEXT) AS "kind",
   CAST(NULL AS TEXT) AS "payload", CAST(NULL AS INTEGER) AS "flag", CAST(NULL AS TEXT) AS "personalNote",
   CAST(NULL AS TEXT) AS "ownerId"`,
);

/** Candidates read per section: enough for the head and the item after it. */
const HEADS_PER_SECTION = 2;

/** What the day's queue is limited to (a deck and its children), and whether today's work counts only there. */
export interface SnapshotScope {
  /** Deck keys (Item.deck); null for every deck. */
  deckKeys: readonly string[] | null;
  /** The deck's own limits apply: today's reviews count against them only when they are of these decks. */
  countDoneInDecks: boolean;
}

const EVERY_DECK: SnapshotScope = { deckKeys: null, countDoneInDecks: false };

function doneSql(userId: string, dayStart: Date, kind: string, scope: SnapshotScope): Prisma.Sql {
  const inScope =
    scope.countDoneInDecks && scope.deckKeys !== null
      ? Prisma.sql` AND EXISTS (SELECT 1 FROM "ItemState" s WHERE s."userId" = ${userId}
                      AND s."itemId" = "ReviewLog"."itemId"${inDecks(scope.deckKeys)})`
      : Prisma.empty;
  return Prisma.sql`(SELECT COUNT(*) FROM "ReviewLog" WHERE "userId" = ${userId} AND "reviewedAt" >= ${dayStart}
                     AND "undoneAt" IS NULL AND "kind" = ${kind}${inScope})`;
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
 * planner on the learner's index when one learner owns most rows). Suspended
 * and buried items are left out; `scope` limits it all to some decks.
 */
export function queueSnapshotSql(
  userId: string,
  now: Date,
  dayStart: Date,
  maxReviews: number,
  maxNew: number,
  scheduledKinds: readonly string[],
  scope: SnapshotScope = EVERY_DECK,
): Prisma.Sql {
  const decks = scope.deckKeys;
  return Prisma.sql`
    SELECT * FROM (SELECT 'due' AS "section", ${SNAPSHOT_STATE_COLUMNS}, ${NO_META}
                   FROM "ItemState" s ${SNAPSHOT_JOINS}
                   WHERE ${dueWhere(userId, now, dayStart, decks)}
                   ORDER BY s."dueAt" ASC, s."position" ASC LIMIT ${HEADS_PER_SECTION}) d
    UNION ALL
    SELECT * FROM (SELECT 'new' AS "section", ${SNAPSHOT_STATE_COLUMNS}, ${NO_META}
                   FROM "ItemState" s ${SNAPSHOT_JOINS}
                   WHERE ${newWhere(userId, now, decks)}
                   ORDER BY s."position" ASC LIMIT ${HEADS_PER_SECTION}) n
    UNION ALL
    SELECT 'redrill' AS "section", ${SNAPSHOT_STATE_COLUMNS}, ${NO_META}
    FROM "ItemState" s ${SNAPSHOT_JOINS}
    WHERE s."userId" = ${userId} AND s."status" = 'active' AND s."lastReviewedAt" >= ${dayStart} AND s."redrill" <> 'none'
      AND ${notHeld(now)}${inDecks(decks)}
    UNION ALL
    SELECT 'meta' AS "section", ${NO_STATE},
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" s WHERE ${dueWhere(userId, now, dayStart, decks)}
                             ORDER BY s."dueAt" LIMIT ${maxReviews}) dc) AS "dueCount",
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" s WHERE ${newWhere(userId, now, decks)}
                             ORDER BY s."position" LIMIT ${maxNew}) nc) AS "newCount",
      ${doneSql(userId, dayStart, "new", scope)} AS "doneNew",
      ${doneSql(userId, dayStart, "review", scope)} AS "doneReview",
      ${doneSql(userId, dayStart, "relearn", scope)} AS "doneRelearn",
      ${doneSql(userId, dayStart, "practice", scope)} AS "donePractice",
      ${doneSql(userId, dayStart, "drill", scope)} AS "doneDrill",
      (SELECT "id" FROM "ReviewLog" WHERE "userId" = ${userId} AND "reviewedAt" >= ${dayStart} AND "undoneAt" IS NULL
         AND "kind" IN (${Prisma.join([...scheduledKinds])})
       ORDER BY "reviewedAt" DESC, "id" DESC LIMIT 1) AS "undoable",
      (SELECT MIN(s."dueAt") FROM "ItemState" s WHERE s."userId" = ${userId} AND s."status" = 'active'
         AND s."dueAt" > ${now} AND s."suspended" = FALSE${inDecks(decks)}) AS "earliestDue",
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" s WHERE ${newWhere(userId, now, decks)} ORDER BY s."position" LIMIT 1) an) AS "anyNew",
      (SELECT COUNT(*) FROM (SELECT 1 AS x FROM "ItemState" s WHERE ${dueWhere(userId, now, dayStart, decks)} LIMIT 1) ad) AS "anyDue"`;
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
  scheduler: string;
  desiredRetention: number;
  fsrsWeights: string | null;
  contentVersion: string | null;
}

/** An ItemState row as the queue reads it (the generated model's schedule columns). */
export type StateRow = Pick<
  ItemState,
  | "itemId"
  | "status"
  | "position"
  | "repetitions"
  | "intervalDays"
  | "easePermille"
  | "dueAt"
  | "lapses"
  | "lastReviewedAt"
  | "redrill"
  | "stability"
  | "difficulty"
  | "version"
>;

/** Raw reads may return integers as bigint and, through UNION, instants as text. */
export function toNumber(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : Number(value ?? 0);
}

export function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value);
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
    stability: toNumberOrNull(raw.stability),
    difficulty: toNumberOrNull(raw.difficulty),
    version: toNumber(raw.version),
  };
}
