import "server-only";
/**
 * Compiles a parsed card search (lib/search) into a boolean SQL expression
 * over one learner's "ItemState" rows, alias `s`. Every value the learner
 * typed reaches the statement as a bound parameter; the only text written
 * into the statement is this module's own. Each leaf is two-valued (never
 * NULL), so a negation is the exact complement of what it negates.
 *
 * The search reads the row alone: the item's search columns are copied onto
 * it (lib/server/content-store.ts, lib/server/notes.ts), and decks are
 * resolved to their keys before compiling.
 */
import type { Pattern, SearchNode } from "@/lib/search/types";
import { type DayContext, learnerDayStart } from "@/lib/srs/day";
import type { BrowseSort } from "@/lib/browse/bulk";
import { Prisma } from "../generated/prisma/client";
import { DIALECT } from "./dialect";

export interface SearchScope {
  userId: string;
  now: Date;
  /** The learner's day: `added:`, `rated:` and `prop:due` count learner days. */
  day: DayContext;
  /** Keys (Item.deck) of the decks a `deck:` pattern names, with their children. */
  deckKeys: (pattern: Pattern) => readonly string[];
}

const PERMILLE = 1000;
const LIKE_ESCAPE = "\\";

/** A pattern as LIKE text: its literal parts escaped, `*` as %, `_` as _. */
export function likeText(pattern: Pattern): string {
  return pattern.parts
    .map((p) => {
      if (p.kind === "any") return "%";
      if (p.kind === "one") return "_";
      return p.text.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
    })
    .join("");
}

function like(column: Prisma.Sql, pattern: string): Prisma.Sql {
  return Prisma.sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

const TRUE = Prisma.sql`1 = 1`;
const FALSE = Prisma.sql`1 = 0`;

const col = {
  searchText: Prisma.raw(`s."searchText"`),
  tags: Prisma.raw(`s."tags"`),
  contentTags: Prisma.raw(`s."contentTags"`),
};

/**
 * A tag, or one under it (`a` matches `a` and `a::b`), in either tag column.
 * The columns hold " a b " (lib/content/search-fields.ts), so a separator
 * before the tag and one after it (or "::" after it) match it whole; a `*`
 * at the start or end (the only places the parser allows one) drops that
 * side's anchor.
 */
function tagSql(pattern: Pattern | null): Prisma.Sql {
  if (pattern === null) return Prisma.sql`(${col.tags} = '' AND ${col.contentTags} = '')`;
  const parts = pattern.parts;
  if (parts.length === 1 && parts[0]?.kind === "any")
    return Prisma.sql`(${col.tags} <> '' OR ${col.contentTags} <> '')`;
  const leading = parts[0]?.kind === "any";
  const trailing = parts.length > 1 && parts[parts.length - 1]?.kind === "any";
  const body = likeText({ parts: parts.filter((p) => p.kind === "text") });
  const before = leading ? "%" : "% ";
  const patterns = trailing ? [`${before}${body}%`] : [`${before}${body} %`, `${before}${body}::%`];
  const clauses = patterns.flatMap((p) => [like(col.tags, p), like(col.contentTags, p)]);
  return Prisma.sql`(${Prisma.join(clauses, " OR ")})`;
}

function comparison(column: Prisma.Sql, op: string, value: number): Prisma.Sql {
  switch (op) {
    case "<":
      return Prisma.sql`${column} < ${value}`;
    case ">":
      return Prisma.sql`${column} > ${value}`;
    case "<=":
      return Prisma.sql`${column} <= ${value}`;
    case ">=":
      return Prisma.sql`${column} >= ${value}`;
    case "!=":
      return Prisma.sql`${column} <> ${value}`;
    default:
      return Prisma.sql`${column} = ${value}`;
  }
}

const ACTIVE = Prisma.sql`s."status" = 'active'`;

/**
 * `prop:due` counts learner days from today (0 today, 1 tomorrow, -1
 * yesterday): due on day d means due in [start of day d, start of day d+1).
 */
function dueDaysSql(op: string, days: number, scope: SearchScope): Prisma.Sql {
  const start = (d: number) => learnerDayStart(scope.now, scope.day, d);
  const due = Prisma.raw(`s."dueAt"`);
  const range = (() => {
    switch (op) {
      case "<":
        return Prisma.sql`${due} < ${start(days)}`;
      case "<=":
        return Prisma.sql`${due} < ${start(days + 1)}`;
      case ">":
        return Prisma.sql`${due} >= ${start(days + 1)}`;
      case ">=":
        return Prisma.sql`${due} >= ${start(days)}`;
      case "!=":
        return Prisma.sql`(${due} < ${start(days)} OR ${due} >= ${start(days + 1)})`;
      default:
        return Prisma.sql`(${due} >= ${start(days)} AND ${due} < ${start(days + 1)})`;
    }
  })();
  return Prisma.sql`(${ACTIVE} AND ${due} IS NOT NULL AND ${range})`;
}

function propSql(node: Extract<SearchNode, { kind: "prop" }>, scope: SearchScope): Prisma.Sql {
  switch (node.prop) {
    case "ivl":
      return Prisma.sql`(${ACTIVE} AND ${comparison(Prisma.raw(`s."intervalDays"`), node.op, node.value)})`;
    case "ease":
      return Prisma.sql`(${ACTIVE} AND ${comparison(
        Prisma.raw(`s."easePermille"`),
        node.op,
        Math.round(node.value * PERMILLE),
      )})`;
    case "lapses":
      return comparison(Prisma.raw(`s."lapses"`), node.op, node.value);
    case "reps":
      return comparison(Prisma.raw(`s."repetitions"`), node.op, node.value);
    case "due":
      return dueDaysSql(node.op, node.value, scope);
  }
}

function isSql(node: Extract<SearchNode, { kind: "is" }>, scope: SearchScope): Prisma.Sql {
  switch (node.state) {
    case "new":
      return Prisma.sql`s."status" = 'new'`;
    case "review":
      return ACTIVE;
    case "suspended":
      return Prisma.sql`s."suspended" = TRUE`;
    case "buried":
      return Prisma.sql`(s."buriedUntil" IS NOT NULL AND s."buriedUntil" > ${scope.now})`;
    case "flagged":
      return Prisma.sql`s."flag" > 0`;
    case "due":
      // As Anki's: due by today's end, and not held out of the queue.
      return Prisma.sql`(${ACTIVE} AND s."dueAt" IS NOT NULL AND s."dueAt" < ${learnerDayStart(scope.now, scope.day, 1)}
        AND s."suspended" = FALSE AND (s."buriedUntil" IS NULL OR s."buriedUntil" <= ${scope.now}))`;
  }
}

/** The boolean expression over `s` that `node` stands for. */
export function compileSearch(node: SearchNode, scope: SearchScope): Prisma.Sql {
  switch (node.kind) {
    case "all":
      return TRUE;
    case "and":
      return Prisma.sql`(${Prisma.join(
        node.children.map((c) => compileSearch(c, scope)),
        " AND ",
      )})`;
    case "or":
      return Prisma.sql`(${Prisma.join(
        node.children.map((c) => compileSearch(c, scope)),
        " OR ",
      )})`;
    case "not":
      return Prisma.sql`NOT (${compileSearch(node.child, scope)})`;
    case "text":
      return like(col.searchText, `%${likeText(node.pattern)}%`);
    case "deck": {
      const keys = scope.deckKeys(node.pattern);
      return keys.length === 0 ? FALSE : Prisma.sql`s."deck" IN (${Prisma.join([...keys])})`;
    }
    case "tag":
      return tagSql(node.pattern);
    case "note":
      return Prisma.sql`s."noteType" = ${node.noteType}`;
    case "card":
      return Prisma.sql`s."cardType" = ${node.cardType}`;
    case "is":
      return isSql(node, scope);
    case "prop":
      return propSql(node, scope);
    case "added":
      return Prisma.sql`(s."addedAt" IS NOT NULL AND s."addedAt" >= ${learnerDayStart(scope.now, scope.day, 1 - node.days)})`;
    case "rated": {
      const graded = node.quality === null ? Prisma.empty : Prisma.sql` AND r."quality" = ${node.quality}`;
      return Prisma.sql`s."itemId" IN (SELECT r."itemId" FROM "ReviewLog" r WHERE r."userId" = ${scope.userId}
        AND r."reviewedAt" >= ${learnerDayStart(scope.now, scope.day, 1 - node.days)} AND r."undoneAt" IS NULL${graded})`;
    }
    case "cid":
      return Prisma.sql`s."itemId" IN (${Prisma.join(node.ids)})`;
    case "flag":
      return node.flagged ? Prisma.sql`s."flag" > 0` : Prisma.sql`s."flag" = 0`;
  }
}

/** Whether a tree names any deck (so the caller reads the learner's decks only when needed). */
export function mentionsDeck(node: SearchNode): boolean {
  switch (node.kind) {
    case "deck":
      return true;
    case "and":
    case "or":
      return node.children.some(mentionsDeck);
    case "not":
      return mentionsDeck(node.child);
    default:
      return false;
  }
}

const SORT_COLUMN: Record<BrowseSort, string> = {
  added: `s."addedAt"`,
  due: `s."dueAt"`,
  interval: `s."intervalDays"`,
  ease: `s."easePermille"`,
  lapses: `s."lapses"`,
  reps: `s."repetitions"`,
  text: `s."searchText"`,
};

/**
 * The order of a page: the column (NULLs last either way, which the two
 * engines' defaults disagree on; text in byte order, which PostgreSQL's
 * collation would not give), then the item id (in byte order too) so every
 * row has one place.
 */
function orderBySql(sort: BrowseSort, descending: boolean): Prisma.Sql {
  const column = SORT_COLUMN[sort];
  const bytes = (text: string) => (DIALECT === "postgresql" ? `${text} COLLATE "C"` : text);
  const key = sort === "text" ? bytes(column) : column;
  const dir = descending ? "DESC" : "ASC";
  return Prisma.raw(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END, ${key} ${dir}, ${bytes(`s."itemId"`)} ${dir}`);
}

const LIVE_ROW = Prisma.sql`s."status" <> 'retired'`;

/**
 * One page of the learner's matching rows, each with the number of all
 * matching rows ("total", counted in the same pass) and the item's payload.
 * The page is chosen carrying only each row's id (the pass over every
 * match stays narrow); then only its rows are read whole and joined to
 * their items.
 */
export function browsePageSql(
  userId: string,
  where: Prisma.Sql,
  sort: BrowseSort,
  descending: boolean,
  limit: number,
  offset: number,
): Prisma.Sql {
  const order = orderBySql(sort, descending);
  return Prisma.sql`
    WITH page AS (
      SELECT s."itemId", COUNT(*) OVER () AS "total"
      FROM "ItemState" s
      WHERE s."userId" = ${userId} AND ${LIVE_ROW} AND ${where}
      ORDER BY ${order}
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT s."itemId", s."status", s."deck", s."cardType", s."noteType", s."dueAt", s."intervalDays",
           s."easePermille", s."lapses", s."repetitions", s."suspended", s."buriedUntil", s."flag", s."tags",
           s."contentTags", s."addedAt", p."total", i."payload", i."noteId", i."ownerId"
    FROM page p
    JOIN "ItemState" s ON s."userId" = ${userId} AND s."itemId" = p."itemId"
    JOIN "Item" i ON i."id" = p."itemId"
    ORDER BY ${order}`;
}

/** How many of the learner's rows match. */
export function browseCountSql(userId: string, where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT COUNT(*) AS "n" FROM "ItemState" s
    WHERE s."userId" = ${userId} AND ${LIVE_ROW} AND ${where}`;
}

/** The ids of the learner's matching rows (a bulk action on a whole search), at most `limit`. */
export function matchingIdsSql(userId: string, where: Prisma.Sql, limit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT s."itemId" FROM "ItemState" s
    WHERE s."userId" = ${userId} AND ${LIVE_ROW} AND ${where}
    ORDER BY s."itemId"
    LIMIT ${limit}`;
}
