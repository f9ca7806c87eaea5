/**
 * A plain TypeScript reading of a card search tree (lib/search/types.ts)
 * against one learner's rows in memory: what each key means, written from
 * Anki's manual (https://docs.ankiweb.net/searching.html) without the SQL.
 * Days are compared as learner-day labels ("2026-03-10"), not as the
 * instants the SQL compiles them to, so the two meet only if both are right.
 */
import { learnerDayKey, type DayContext } from "@/lib/srs/day";
import type { Pattern, SearchNode } from "@/lib/search/types";

export interface RefRow {
  itemId: string;
  status: "new" | "active";
  deck: string;
  cardType: string;
  noteType: string;
  dueAt: Date | null;
  intervalDays: number;
  easePermille: number;
  lapses: number;
  repetitions: number;
  suspended: boolean;
  buriedUntil: Date | null;
  flag: number;
  tags: string[];
  contentTags: string[];
  searchText: string;
  addedAt: Date | null;
}

export interface RefReview {
  itemId: string;
  quality: number;
  reviewedAt: Date;
  undone: boolean;
}

export interface RefContext {
  now: Date;
  day: DayContext;
  /** Own decks by full name, built-in ones by key. */
  decks: { key: string; name: string }[];
  reviews: RefReview[];
}

/** Days from the learner's today to the learner day containing `at` (0 today, -1 yesterday). */
function dayOffset(at: Date, ctx: RefContext): number {
  const toUtc = (key: string) => Date.parse(`${key}T00:00:00Z`);
  return Math.round((toUtc(learnerDayKey(at, ctx.day)) - toUtc(learnerDayKey(ctx.now, ctx.day))) / 86_400_000);
}

/** Matches a pattern against the whole of `text`, by hand (no regular expressions): `*` any run, `_` any one. */
function wholeMatch(parts: Pattern["parts"], text: string): boolean {
  const [head, ...rest] = parts;
  if (!head) return text === "";
  if (head.kind === "text") return text.startsWith(head.text) && wholeMatch(rest, text.slice(head.text.length));
  if (head.kind === "one") return text.length > 0 && wholeMatch(rest, text.slice(1));
  for (let i = 0; i <= text.length; i++) if (wholeMatch(rest, text.slice(i))) return true;
  return false;
}

function contains(pattern: Pattern, text: string): boolean {
  return wholeMatch([{ kind: "any" }, ...pattern.parts, { kind: "any" }], text);
}

function deckMatches(pattern: Pattern, name: string): boolean {
  const lower = name.toLowerCase();
  const parts = lower.split("::");
  // The deck itself, or any deck below one that matches.
  return parts.some((_, i) => wholeMatch(pattern.parts, parts.slice(0, i + 1).join("::")));
}

function tagMatches(pattern: Pattern, tag: string): boolean {
  const parts = pattern.parts;
  const leading = parts[0]?.kind === "any";
  const trailing = parts.length > 1 && parts[parts.length - 1]?.kind === "any";
  const body = parts.flatMap((p) => (p.kind === "text" ? [p.text] : [])).join("");
  if (leading && trailing) return tag.includes(body);
  if (trailing) return tag.startsWith(body);
  if (leading) return tag.endsWith(body) || tag.includes(`${body}::`);
  return tag === body || tag.startsWith(`${body}::`);
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case ">":
      return a > b;
    case "<=":
      return a <= b;
    case ">=":
      return a >= b;
    case "!=":
      return a !== b;
    default:
      return a === b;
  }
}

export function referenceMatches(node: SearchNode, row: RefRow, ctx: RefContext): boolean {
  const buried = row.buriedUntil !== null && row.buriedUntil > ctx.now;
  switch (node.kind) {
    case "all":
      return true;
    case "and":
      return node.children.every((c) => referenceMatches(c, row, ctx));
    case "or":
      return node.children.some((c) => referenceMatches(c, row, ctx));
    case "not":
      return !referenceMatches(node.child, row, ctx);
    case "text":
      return contains(node.pattern, row.searchText);
    case "deck": {
      const deck = ctx.decks.find((d) => d.key === row.deck);
      return deck !== undefined && deckMatches(node.pattern, deck.name);
    }
    case "tag": {
      const all = [...row.tags, ...row.contentTags];
      if (node.pattern === null) return all.length === 0;
      const pattern = node.pattern;
      if (pattern.parts.length === 1 && pattern.parts[0]?.kind === "any") return all.length > 0;
      return all.some((t) => tagMatches(pattern, t));
    }
    case "note":
      return row.noteType === node.noteType;
    case "card":
      return row.cardType === node.cardType;
    case "is":
      switch (node.state) {
        case "new":
          return row.status === "new";
        case "review":
          return row.status === "active";
        case "suspended":
          return row.suspended;
        case "buried":
          return buried;
        case "flagged":
          return row.flag > 0;
        case "due":
          return (
            row.status === "active" && row.dueAt !== null && dayOffset(row.dueAt, ctx) <= 0 && !row.suspended && !buried
          );
      }
      return false;
    case "prop":
      switch (node.prop) {
        case "ivl":
          return row.status === "active" && compare(row.intervalDays, node.op, node.value);
        case "ease":
          return row.status === "active" && compare(row.easePermille / 1000, node.op, node.value);
        case "lapses":
          return compare(row.lapses, node.op, node.value);
        case "reps":
          return compare(row.repetitions, node.op, node.value);
        case "due":
          return (
            row.status === "active" && row.dueAt !== null && compare(dayOffset(row.dueAt, ctx), node.op, node.value)
          );
      }
      return false;
    case "added":
      return row.addedAt !== null && dayOffset(row.addedAt, ctx) > -node.days;
    case "rated":
      return ctx.reviews.some(
        (r) =>
          r.itemId === row.itemId &&
          !r.undone &&
          dayOffset(r.reviewedAt, ctx) > -node.days &&
          (node.quality === null || r.quality === node.quality),
      );
    case "cid":
      return node.ids.includes(row.itemId);
    case "flag":
      return node.flagged ? row.flag > 0 : row.flag === 0;
  }
}
