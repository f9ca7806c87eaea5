import "server-only";
/**
 * The decks aggregate: a learner's own decks (nested by name), the built-in
 * decks every learner has, the learner's limits on either, and what a
 * review of one deck covers. Every query is scoped to the learner passed in.
 */
import {
  DECK_SEPARATOR,
  type DeckLimitSetting,
  type DeckNameProblem,
  type NamedDeck,
  ancestorNames,
  deckLimitsOf,
  deckNameKey,
  isSameOrUnder,
  normalizeDeckName,
  renamedUnder,
  subtreeKeys,
} from "@/lib/decks/deck-names";
import { type BilingualText, parsePayload } from "@/lib/progress/items";
import { type ItemKind, itemKindOf } from "@/lib/progress/types";
import type { DailyLimits } from "@/lib/srs/queue";
import type { Db } from "./db";
import { NotFoundError } from "./errors";
import { newId } from "./ids";
import {
  type LearnerContext,
  type ReviewSessionView,
  type StudyScope,
  fetchLearnerContext,
  fetchReviewSession,
} from "./reviews";
import { builtInDecksSql, deckCountsSql } from "./sql/decks";
import { toNumber } from "./sql/queue";
import { dayContextOf } from "./users";

type Tx = Pick<Db, "deck" | "item" | "$executeRaw">;

/** Own deck ids start so; a content deck key never does (content ids are kebab-case). */
export const OWN_DECK_PREFIX = "deck_";
/** Highest per-deck limit a learner can set (the settings' own bounds). */
export const MAX_DECK_NEW_PER_DAY = 1000;
export const MAX_DECK_REVIEWS_PER_DAY = 10_000;

export function isOwnDeckKey(key: string): boolean {
  return key.startsWith(OWN_DECK_PREFIX);
}

interface DeckCounts {
  total: number;
  fresh: number;
  due: number;
}

export interface OwnDeck extends DeckCounts, DeckLimitSetting {
  key: string;
  name: string;
}

export interface BuiltInDeck extends DeckCounts, DeckLimitSetting {
  key: string;
  kind: ItemKind;
  /** A card deck's title; null for exercise and code decks, named by `topic`. */
  title: BilingualText | null;
  topic: string;
}

export interface DeckList {
  /** Sorted by name, so a parent comes right before its children. */
  own: OwnDeck[];
  builtIn: BuiltInDeck[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function titleOf(payload: unknown): BilingualText | null {
  const title = isRecord(payload) ? payload.deckTitle : undefined;
  if (!isRecord(title) || typeof title.zh !== "string" || typeof title.en !== "string") return null;
  return { zh: title.zh, en: title.en };
}

async function fetchBuiltInDecks(db: Db): Promise<Omit<BuiltInDeck, keyof DeckCounts | keyof DeckLimitSetting>[]> {
  const rows = await db.$queryRaw<{ deck: string; kind: string; itemId: string }[]>(builtInDecksSql());
  const payloads = new Map(
    (
      await db.item.findMany({ where: { id: { in: rows.map((r) => r.itemId) } }, select: { id: true, payload: true } })
    ).map((i) => [i.id, parsePayload(i.payload)] as const),
  );
  return rows.map((r) => {
    const payload = payloads.get(r.itemId);
    const topic = isRecord(payload) && typeof payload.topic === "string" ? payload.topic : r.deck;
    return { key: r.deck, kind: itemKindOf(r.itemId), title: titleOf(payload), topic };
  });
}

/** The learner's own decks and the built-in ones, with their cards and limits. */
export async function fetchDeckList(db: Db, userId: string, now: Date): Promise<DeckList> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true, dayStartHour: true } });
  if (!user) throw new NotFoundError("No such learner.");
  const [own, builtIn, limits, counts] = await Promise.all([
    db.deck.findMany({ where: { userId }, select: { id: true, name: true } }),
    fetchBuiltInDecks(db),
    db.deckLimit.findMany({ where: { userId } }),
    db.$queryRaw<{ deck: string; total: unknown; fresh: unknown; due: unknown }[]>(
      deckCountsSql(userId, now, dayContextOf(user)),
    ),
  ]);
  const limitOf = new Map(limits.map((l) => [l.deckKey, l] as const));
  const countOf = new Map(
    counts.map((c) => [c.deck, { total: toNumber(c.total), fresh: toNumber(c.fresh), due: toNumber(c.due) }] as const),
  );
  const extras = (key: string) => ({
    ...(countOf.get(key) ?? { total: 0, fresh: 0, due: 0 }),
    newPerDay: limitOf.get(key)?.newPerDay ?? null,
    maxReviewsPerDay: limitOf.get(key)?.maxReviewsPerDay ?? null,
  });
  return {
    own: own
      .map((d) => ({ key: d.id, name: d.name, ...extras(d.id) }))
      .sort((a, b) => deckNameKey(a.name).localeCompare(deckNameKey(b.name))),
    builtIn: builtIn.map((d) => ({ ...d, ...extras(d.key) })),
  };
}

/** Every deck the learner can name in a search: their own by full name, the built-in ones by key. */
export async function fetchNamedDecks(db: Db, userId: string): Promise<NamedDeck[]> {
  const [own, builtIn] = await Promise.all([
    db.deck.findMany({ where: { userId }, select: { id: true, name: true } }),
    db.$queryRaw<{ deck: string }[]>(builtInDecksSql()),
  ]);
  return [
    ...own.map((d) => ({ key: d.id, name: d.name })),
    ...[...new Set(builtIn.map((d) => d.deck))].map((key) => ({ key, name: key })),
  ];
}

/**
 * The learner's deck of this name (compared without case), created with any
 * missing deck above it. `name` is already normalized.
 */
export async function ensureDeck(tx: Tx, userId: string, name: string): Promise<NamedDeck> {
  const existing = await tx.deck.findMany({ where: { userId }, select: { id: true, name: true } });
  const byKey = new Map(existing.map((d) => [deckNameKey(d.name), d] as const));
  let found: NamedDeck | null = null;
  for (const n of [...ancestorNames(name), name]) {
    const hit = byKey.get(deckNameKey(n));
    if (hit) {
      found = { key: hit.id, name: hit.name };
      continue;
    }
    const created = await tx.deck.create({ data: { id: newId(OWN_DECK_PREFIX), userId, name: n } });
    byKey.set(deckNameKey(n), created);
    found = { key: created.id, name: created.name };
  }
  if (!found) throw new Error("A deck name has at least one part");
  return found;
}

export type DeckResult =
  | { ok: true; key: string }
  | { ok: false; problem: DeckNameProblem | "exists" | "not-empty" | "under-itself"; count?: number };

/** Creates a deck (and any missing parent). A name the learner already has is refused. */
export async function createDeck(db: Db, userId: string, input: string): Promise<DeckResult> {
  const normalized = normalizeDeckName(input);
  if (!normalized.ok) return { ok: false, problem: normalized.problem };
  return db.$transaction(async (tx) => {
    const existing = await tx.deck.findMany({ where: { userId }, select: { name: true } });
    if (existing.some((d) => deckNameKey(d.name) === deckNameKey(normalized.name)))
      return { ok: false, problem: "exists" };
    const deck = await ensureDeck(tx, userId, normalized.name);
    return { ok: true, key: deck.key };
  });
}

async function findOwnDeck(tx: Pick<Db, "deck">, userId: string, key: string) {
  const deck = await tx.deck.findFirst({ where: { id: key, userId }, select: { id: true, name: true } });
  if (!deck) throw new NotFoundError("No such deck.");
  return deck;
}

/** The JSON a card's payload names its deck with (lib/notes/note.ts ownCardPayload), for an in-place rename. */
function deckTitleFragment(name: string): string {
  return `"deckTitle":${JSON.stringify({ zh: name, en: name })}`;
}

/**
 * Renames a deck and, with it, every deck under it ("A" to "B" makes
 * "A::x" "B::x"); the cards stay where they are. A name that another deck
 * has, or one under the deck itself, is refused.
 */
export async function renameDeck(db: Db, userId: string, key: string, input: string): Promise<DeckResult> {
  const normalized = normalizeDeckName(input);
  if (!normalized.ok) return { ok: false, problem: normalized.problem };
  const to = normalized.name;
  return db.$transaction(async (tx) => {
    const deck = await findOwnDeck(tx, userId, key);
    if (deckNameKey(deck.name) !== deckNameKey(to) && isSameOrUnder(to, deck.name))
      return { ok: false, problem: "under-itself" };
    const all = await tx.deck.findMany({ where: { userId }, select: { id: true, name: true } });
    const moving = all.filter((d) => isSameOrUnder(d.name, deck.name));
    const staying = new Set(all.filter((d) => !moving.includes(d)).map((d) => deckNameKey(d.name)));
    const renames = moving.map((d) => ({ ...d, to: renamedUnder(d.name, deck.name, to) }));
    if (renames.some((r) => staying.has(deckNameKey(r.to)))) return { ok: false, problem: "exists" };
    // Two passes, so no moment has two decks of one name (the unique index).
    for (const r of renames) await tx.deck.update({ where: { id: r.id }, data: { name: `${r.id}${DECK_SEPARATOR}` } });
    for (const r of renames) {
      await tx.deck.update({ where: { id: r.id }, data: { name: r.to } });
      await tx.$executeRaw`UPDATE "Item" SET "payload" = REPLACE("payload", ${deckTitleFragment(r.name)}, ${deckTitleFragment(r.to)})
                           WHERE "ownerId" = ${userId} AND "deck" = ${r.id}`;
    }
    await ensureDeck(tx, userId, to);
    return { ok: true, key };
  });
}

/**
 * Deletes a deck and the decks under it, with their limits. Refused while
 * any of them holds a card of a note, even one in the trash (which would
 * have nowhere to return to): move or delete those first.
 */
export async function deleteDeck(db: Db, userId: string, key: string): Promise<DeckResult> {
  return db.$transaction(async (tx) => {
    const deck = await findOwnDeck(tx, userId, key);
    const all = await tx.deck.findMany({ where: { userId }, select: { id: true, name: true } });
    const keys = subtreeKeys(
      all.map((d) => ({ key: d.id, name: d.name })),
      { key: deck.id, name: deck.name },
    );
    const count = await tx.item.count({ where: { ownerId: userId, deck: { in: keys }, noteId: { not: null } } });
    if (count > 0) return { ok: false, problem: "not-empty", count };
    await tx.deckLimit.deleteMany({ where: { userId, deckKey: { in: keys } } });
    await tx.deck.deleteMany({ where: { userId, id: { in: keys } } });
    return { ok: true, key };
  });
}

/** Whether the learner has a deck of this key: one of their own, or a built-in one. */
async function deckExists(db: Db, userId: string, key: string): Promise<boolean> {
  if (isOwnDeckKey(key)) return (await db.deck.count({ where: { id: key, userId } })) > 0;
  return (await db.item.count({ where: { deck: key, ownerId: null, retiredAt: null } })) > 0;
}

/** Sets (or clears, with null) the learner's daily limits of one deck, their own or a built-in one. */
export async function saveDeckLimits(db: Db, userId: string, key: string, limits: DeckLimitSetting): Promise<void> {
  if (!(await deckExists(db, userId, key))) throw new NotFoundError("No such deck.");
  if (limits.newPerDay === null && limits.maxReviewsPerDay === null) {
    await db.deckLimit.deleteMany({ where: { userId, deckKey: key } });
    return;
  }
  await db.deckLimit.upsert({
    where: { userId_deckKey: { userId, deckKey: key } },
    create: { userId, deckKey: key, ...limits },
    update: limits,
  });
}

export interface DeckScope {
  scope: StudyScope;
  /** The deck's name as the review names it: an own deck's full name, a built-in deck's key. */
  name: string;
  own: boolean;
}

/**
 * What a review limited to deck `key` covers: the deck and its children,
 * and the deck's own limits (or the nearest deck above's), if any are set,
 * in place of `global`. Null when the learner has no such deck.
 */
export async function fetchDeckScope(
  db: Db,
  userId: string,
  key: string,
  global: DailyLimits,
): Promise<DeckScope | null> {
  const decks = await fetchNamedDecks(db, userId);
  const chosen = decks.find((d) => d.key === key);
  if (!chosen) return null;
  const own = isOwnDeckKey(key);
  const keys = own
    ? subtreeKeys(
        decks.filter((d) => isOwnDeckKey(d.key)),
        chosen,
      )
    : [key];
  const chainNames = own ? [chosen.name, ...ancestorNames(chosen.name).reverse()] : [chosen.name];
  const chainKeys = chainNames.map((n) => decks.find((d) => isOwnDeckKey(d.key) === own && d.name === n)?.key ?? "");
  const settings = await db.deckLimit.findMany({ where: { userId, deckKey: { in: chainKeys } } });
  const limits = deckLimitsOf(
    chainKeys.map((k) => settings.find((s) => s.deckKey === k)),
    global,
  );
  return { scope: { deckKeys: keys, limits }, name: chosen.name, own };
}

/**
 * The review session limited to deck `key` and its children (null: all
 * decks), with the deck's own limits where set. A key the learner has no
 * deck of gives the whole review, as if none was chosen.
 */
export async function fetchScopedReviewSession(
  db: Db,
  userId: string,
  now: Date,
  key: string | null,
  context?: LearnerContext,
): Promise<{ session: ReviewSessionView; deck: DeckScope | null }> {
  const learner = context ?? (await fetchLearnerContext(db, userId, now));
  // The deck's limits replace the settings; today's raise of new items is added on top (reviews.ts scopedLimits).
  const settings = { ...learner.limits, newPerDay: learner.limits.newPerDay - learner.extraNewToday };
  const deck = key === null ? null : await fetchDeckScope(db, userId, key, settings);
  return { session: await fetchReviewSession(db, userId, now, learner, deck?.scope), deck };
}
