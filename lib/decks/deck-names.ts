/**
 * A learner's decks are nested by name, as Anki's: "Parent::Child" is a
 * child of "Parent". Names compare without regard to case (two decks never
 * differ only by case), and a deck includes its children wherever a deck is
 * chosen: the review of a deck, `deck:` in a search, custom study.
 */
import { matchesWhole } from "@/lib/search/pattern";
import type { Pattern } from "@/lib/search/types";
import type { DailyLimits } from "@/lib/srs/queue";

export const DECK_SEPARATOR = "::";
export const MAX_DECK_NAME_CHARS = 200;
export const MAX_DECK_PART_CHARS = 60;
export const MAX_DECK_DEPTH = 6;
/** The deck a learner's first note goes to when they name none. */
export const DEFAULT_DECK_NAME = "Default";

export type DeckNameProblem = "empty" | "empty-part" | "too-long" | "too-deep" | "control";

const CONTROL = /[\p{Cc}\p{Cf}]/u;

/**
 * A deck name as stored: each part trimmed, runs of spaces made one, parts
 * joined by "::"; or why it cannot be one.
 */
export function normalizeDeckName(input: string): { ok: true; name: string } | { ok: false; problem: DeckNameProblem } {
  if (CONTROL.test(input)) return { ok: false, problem: "control" };
  const trimmed = input.trim();
  if (trimmed === "") return { ok: false, problem: "empty" };
  const parts = trimmed.split(DECK_SEPARATOR).map((p) => p.replace(/\s+/g, " ").trim());
  if (parts.some((p) => p === "")) return { ok: false, problem: "empty-part" };
  if (parts.length > MAX_DECK_DEPTH) return { ok: false, problem: "too-deep" };
  const name = parts.join(DECK_SEPARATOR);
  if (name.length > MAX_DECK_NAME_CHARS || parts.some((p) => p.length > MAX_DECK_PART_CHARS))
    return { ok: false, problem: "too-long" };
  return { ok: true, name };
}

/** The names of every deck above `name`, nearest last ("a::b::c" → ["a", "a::b"]). */
export function ancestorNames(name: string): string[] {
  const parts = name.split(DECK_SEPARATOR);
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join(DECK_SEPARATOR));
}

/** The comparison key of a name: decks whose names differ only by case are one deck. */
export function deckNameKey(name: string): string {
  return name.toLowerCase();
}

/** Whether `name` is `ancestor` or a deck under it. */
export function isSameOrUnder(name: string, ancestor: string): boolean {
  const n = deckNameKey(name);
  const a = deckNameKey(ancestor);
  return n === a || n.startsWith(a + DECK_SEPARATOR);
}

/** `name` with its `from` prefix (itself or an ancestor) replaced by `to`: a rename that carries the children. */
export function renamedUnder(name: string, from: string, to: string): string {
  return to + name.slice(from.length);
}

/** The last part of a deck name, as a tree shows it. */
export function leafName(name: string): string {
  const parts = name.split(DECK_SEPARATOR);
  return parts[parts.length - 1] ?? name;
}

export interface NamedDeck {
  /** Item.deck of its cards: a Deck id, or a built-in deck's key. */
  key: string;
  /** Own decks: the full name; built-in decks: their key. */
  name: string;
}

/** The keys of every deck whose name `pattern` matches, with their children (`deck:a` is a and a::…). */
export function deckKeysMatching(decks: readonly NamedDeck[], pattern: Pattern): string[] {
  return decks.filter((d) => matchesWhole(d.name, pattern, DECK_SEPARATOR)).map((d) => d.key);
}

/** The keys of `chosen` and every deck under it. */
export function subtreeKeys(decks: readonly NamedDeck[], chosen: NamedDeck): string[] {
  return decks.filter((d) => d.key === chosen.key || isSameOrUnder(d.name, chosen.name)).map((d) => d.key);
}

export interface DeckLimitSetting {
  newPerDay: number | null;
  maxReviewsPerDay: number | null;
}

/**
 * The limits a review of a deck runs on, as Anki's presets: each limit from
 * the deck itself if set there, else from the nearest deck above it that
 * sets it; null when none of them sets either (the global limits stay).
 * `chain` is the deck's setting first, then its ancestors' nearest first.
 */
export function deckLimitsOf(
  chain: readonly (DeckLimitSetting | undefined)[],
  global: DailyLimits,
): DailyLimits | null {
  const newPerDay = chain.find((c) => c?.newPerDay != null)?.newPerDay ?? null;
  const maxReviewsPerDay = chain.find((c) => c?.maxReviewsPerDay != null)?.maxReviewsPerDay ?? null;
  if (newPerDay === null && maxReviewsPerDay === null) return null;
  return {
    newPerDay: newPerDay ?? global.newPerDay,
    maxReviewsPerDay: maxReviewsPerDay ?? global.maxReviewsPerDay,
  };
}
