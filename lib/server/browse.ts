import "server-only";
/**
 * The card browser: a search (lib/search) over every item the learner
 * studies, built-in and their own, compiled to one bound statement over
 * their schedule rows (lib/server/sql/search.ts), paged and sorted in SQL;
 * and the bulk actions on a selection, by ids or by the whole search.
 * Every statement carries the learner's id.
 */
import { type BrowseSort, type BulkActionName, type DueRange, MAX_BULK_ITEMS } from "@/lib/browse/bulk";
import { deckKeysMatching, type NamedDeck } from "@/lib/decks/deck-names";
import { type BilingualText, itemMetaOf, parsePayload } from "@/lib/progress/items";
import type { ItemKind } from "@/lib/progress/types";
import type { Rng } from "@/lib/random";
import { parseSearch } from "@/lib/search/parse";
import type { SearchError, SearchNode } from "@/lib/search/types";
import { tagsOfColumn } from "@/lib/content/search-fields";
import type { Db } from "./db";
import { fetchNamedDecks } from "./decks";
import { Prisma } from "./generated/prisma/client";
import { NotFoundError } from "./errors";
import { buryItems, changeTag, moveItems, resetItems, setDue, setFlag, setSuspended, unburyItems } from "./item-state";
import { trashNotes } from "./notes";
import {
  type SearchScope,
  browseCountSql,
  browsePageSql,
  compileSearch,
  matchingIdsSql,
  mentionsDeck,
} from "./sql/search";
import { toDateOrNull, toNumber } from "./sql/queue";
import { dayContextOf } from "./users";

export const BROWSE_PAGE_SIZE = 50;
/** Deepest page a browser asks for: far past any learner's cards at BROWSE_PAGE_SIZE. */
export const MAX_BROWSE_PAGE = 100_000;

export interface BrowseRow {
  itemId: string;
  kind: ItemKind;
  title: BilingualText;
  titleHtml: BilingualText;
  /** The deck's name: an own deck's full name, a built-in deck's title (or key). */
  deckName: BilingualText;
  cardType: string;
  noteType: string;
  status: "new" | "active";
  dueAt: string | null;
  intervalDays: number;
  /** SM-2 ease (2.5). */
  ease: number;
  lapses: number;
  repetitions: number;
  suspended: boolean;
  buried: boolean;
  flagged: boolean;
  /** The item's own tags, then the learner's. */
  tags: string[];
  /** The note of an own card (editable), or null for a built-in item. */
  noteId: string | null;
}

export interface BrowseOptions {
  sort: BrowseSort;
  descending: boolean;
  /** 1-based. */
  page: number;
}

export type BrowseResult =
  | {
      ok: true;
      rows: BrowseRow[];
      total: number;
      page: number;
      pageCount: number;
      /** The learner's IANA time zone: due dates are shown in it. */
      timeZone: string;
    }
  | { ok: false; error: SearchError };

async function scopeOf(db: Db, userId: string, node: SearchNode, now: Date): Promise<SearchScope> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true, dayStartHour: true } });
  if (!user) throw new NotFoundError("No such learner.");
  const decks: NamedDeck[] = mentionsDeck(node) ? await fetchNamedDecks(db, userId) : [];
  return { userId, now, day: dayContextOf(user), deckKeys: (pattern) => deckKeysMatching(decks, pattern) };
}

/** The compiled condition of a query, or where it fails to parse. */
async function compileQuery(
  db: Db,
  userId: string,
  query: string,
  now: Date,
): Promise<
  { ok: true; where: ReturnType<typeof compileSearch>; timeZone: string } | { ok: false; error: SearchError }
> {
  const parsed = parseSearch(query);
  if (!parsed.ok) return parsed;
  const scope = await scopeOf(db, userId, parsed.node, now);
  return { ok: true, where: compileSearch(parsed.node, scope), timeZone: scope.day.timeZone };
}

const asBool = (v: unknown) => v === true || v === 1 || v === 1n || v === "1" || v === "t";

/** One page of the learner's items matching `query`, with the number of all that match. */
export async function fetchBrowsePage(
  db: Db,
  userId: string,
  query: string,
  options: BrowseOptions,
  now: Date,
): Promise<BrowseResult> {
  const compiled = await compileQuery(db, userId, query, now);
  if (!compiled.ok) return compiled;
  const page = Math.min(Math.max(1, Math.floor(options.page)), MAX_BROWSE_PAGE);
  const [rows, decks] = await Promise.all([
    db.$queryRaw<Record<string, unknown>[]>(
      browsePageSql(
        userId,
        compiled.where,
        options.sort,
        options.descending,
        BROWSE_PAGE_SIZE,
        (page - 1) * BROWSE_PAGE_SIZE,
      ),
    ),
    db.deck.findMany({ where: { userId }, select: { id: true, name: true } }),
  ]);
  // Each row carries the count; a page past the last has none, and is counted on its own.
  const total =
    rows.length > 0
      ? toNumber(rows[0]?.total)
      : toNumber((await db.$queryRaw<{ n: unknown }[]>(browseCountSql(userId, compiled.where)))[0]?.n);
  const ownDeckName = new Map(decks.map((d) => [d.id, d.name] as const));
  return {
    ok: true,
    total,
    page,
    timeZone: compiled.timeZone,
    pageCount: Math.max(1, Math.ceil(total / BROWSE_PAGE_SIZE)),
    rows: rows.map((r) => {
      const itemId = String(r.itemId);
      const deck = String(r.deck);
      const meta = itemMetaOf(itemId, deck, parsePayload(String(r.payload)));
      const own = ownDeckName.get(deck);
      const buriedUntil = toDateOrNull(r.buriedUntil);
      return {
        itemId,
        kind: meta.kind,
        title: meta.title,
        titleHtml: meta.titleHtml,
        deckName: own !== undefined ? { zh: own, en: own } : meta.topic,
        cardType: String(r.cardType),
        noteType: String(r.noteType),
        status: String(r.status) === "new" ? "new" : "active",
        dueAt: toDateOrNull(r.dueAt)?.toISOString() ?? null,
        intervalDays: toNumber(r.intervalDays),
        ease: toNumber(r.easePermille) / 1000,
        lapses: toNumber(r.lapses),
        repetitions: toNumber(r.repetitions),
        suspended: asBool(r.suspended),
        buried: buriedUntil !== null && buriedUntil > now,
        flagged: toNumber(r.flag) > 0,
        tags: [...new Set([...tagsOfColumn(String(r.contentTags)), ...tagsOfColumn(String(r.tags))])],
        noteId: r.ownerId === userId && typeof r.noteId === "string" ? r.noteId : null,
      };
    }),
  };
}

/** Which items a bulk action applies to: the rows ticked, or everything the query matches. */
export type BrowseSelection = { itemIds: readonly string[] } | { query: string };

export type BulkAction =
  | { action: Exclude<BulkActionName, "set-due" | "move" | "add-tag" | "remove-tag"> }
  | { action: "set-due"; range: DueRange }
  | { action: "move"; deckName: string }
  | { action: "add-tag" | "remove-tag"; tag: string };

export type BulkResult = { ok: true; changed: number } | { ok: false; error: SearchError };

/** The learner's item ids a selection names (at most MAX_BULK_ITEMS). */
export async function resolveSelection(
  db: Db,
  userId: string,
  selection: BrowseSelection,
  now: Date,
): Promise<{ ok: true; itemIds: string[] } | { ok: false; error: SearchError }> {
  if ("itemIds" in selection) return { ok: true, itemIds: [...new Set(selection.itemIds)].slice(0, MAX_BULK_ITEMS) };
  const compiled = await compileQuery(db, userId, selection.query, now);
  if (!compiled.ok) return compiled;
  const rows = await db.$queryRaw<{ itemId: string }[]>(matchingIdsSql(userId, compiled.where, MAX_BULK_ITEMS));
  return { ok: true, itemIds: rows.map((r) => String(r.itemId)) };
}

/**
 * Applies a bulk action to the learner's selection; each function it calls
 * changes the learner's rows only, so ids of items they do not study, or
 * another learner's cards, change nothing. Delete trashes the notes of the
 * learner's own cards in the selection; built-in items are never deleted.
 */
export async function applyBulkAction(
  db: Db,
  userId: string,
  selection: BrowseSelection,
  bulk: BulkAction,
  now: Date,
  rng: Rng,
): Promise<BulkResult> {
  const resolved = await resolveSelection(db, userId, selection, now);
  if (!resolved.ok) return resolved;
  const ids = resolved.itemIds;
  if (ids.length === 0) return { ok: true, changed: 0 };
  const changed = await (async () => {
    switch (bulk.action) {
      case "suspend":
        return setSuspended(db, userId, ids, true);
      case "unsuspend":
        return setSuspended(db, userId, ids, false);
      case "bury":
        return buryItems(db, userId, ids, now);
      case "unbury":
        return unburyItems(db, userId, ids);
      case "flag":
        return setFlag(db, userId, ids, 1);
      case "unflag":
        return setFlag(db, userId, ids, 0);
      case "reset":
        return resetItems(db, userId, ids);
      case "set-due":
        return setDue(db, userId, ids, bulk.range, now, rng);
      case "move":
        return moveItems(db, userId, ids, bulk.deckName);
      case "add-tag":
        return changeTag(db, userId, ids, bulk.tag, true);
      case "remove-tag":
        return changeTag(db, userId, ids, bulk.tag, false);
      case "delete": {
        const items = await db.item.findMany({
          where: { ownerId: userId, id: { in: ids }, NOT: { noteId: null } },
          select: { noteId: true },
        });
        const noteIds = [...new Set(items.flatMap((i) => (i.noteId ? [i.noteId] : [])))];
        return trashNotes(db, userId, noteIds, now);
      }
    }
  })();
  return { ok: true, changed };
}

/** Most cards one custom-study session draws from a search. */
export const MAX_STUDY_CARDS = 50;

export interface StudyCard {
  itemId: string;
  front: BilingualText;
  back: BilingualText;
}

export type StudyResult = { ok: true; cards: StudyCard[]; total: number } | { ok: false; error: SearchError };

function bothOf(value: unknown): BilingualText {
  const r = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const zh = typeof r.zh === "string" ? r.zh : "";
  return { zh, en: typeof r.en === "string" ? r.en : zh };
}

/**
 * Custom study, as Anki's: the flashcards a search matches (a deck, a tag,
 * any query), suspended ones left out, in an order drawn from `rng`, at most
 * MAX_STUDY_CARDS. They are practised as drills, which leave the schedule
 * alone (lib/server/card-drills.ts); exercises are practised on their pages.
 */
export async function fetchStudyCards(
  db: Db,
  userId: string,
  query: string,
  now: Date,
  rng: Rng,
): Promise<StudyResult> {
  const compiled = await compileQuery(db, userId, query, now);
  if (!compiled.ok) return compiled;
  const where = Prisma.sql`${compiled.where} AND s."suspended" = FALSE AND s."cardType" IN ('basic', 'reverse', 'cloze')`;
  const ids = (await db.$queryRaw<{ itemId: string }[]>(matchingIdsSql(userId, where, MAX_BULK_ITEMS))).map((r) =>
    String(r.itemId),
  );
  const chosen = rng.shuffle(ids).slice(0, MAX_STUDY_CARDS);
  const items = await db.item.findMany({
    where: { id: { in: chosen }, OR: [{ ownerId: null }, { ownerId: userId }] },
    select: { id: true, payload: true },
  });
  const payloadOf = new Map(items.map((i) => [i.id, parsePayload(i.payload)] as const));
  return {
    ok: true,
    total: ids.length,
    cards: chosen.flatMap((itemId) => {
      const p = payloadOf.get(itemId);
      if (typeof p !== "object" || p === null) return [];
      const payload = p as Record<string, unknown>;
      return [{ itemId, front: bothOf(payload.front), back: bothOf(payload.back) }];
    }),
  };
}
