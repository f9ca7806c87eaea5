/**
 * The tree a card search parses into (lib/search/parse.ts), a subset of
 * Anki's search syntax (https://docs.ankiweb.net/searching.html). The tree is
 * plain data: lib/server/sql/search.ts compiles it to bound SQL, and the
 * tests evaluate it directly against rows to check that compilation.
 */
import type { CardType, NoteType } from "@/lib/content/search-fields";

/** A pattern piece: literal text, `*` (any run of characters) or `_` (any one character), as Anki's. */
export type PatternPart = { kind: "text"; text: string } | { kind: "any" } | { kind: "one" };

/** A lower-case pattern; a search matches regardless of case. */
export interface Pattern {
  parts: PatternPart[];
}

export const IS_STATES = ["new", "due", "review", "suspended", "buried", "flagged"] as const;
export type IsState = (typeof IS_STATES)[number];

/** `prop:` properties: interval (days), ease (2.5), lapses, days until due (negative: overdue), repetitions. */
export const PROPS = ["ivl", "ease", "lapses", "due", "reps"] as const;
export type Prop = (typeof PROPS)[number];

export const COMPARISONS = ["<=", ">=", "!=", "=", "<", ">"] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type SearchNode =
  | { kind: "all" }
  | { kind: "and"; children: SearchNode[] }
  | { kind: "or"; children: SearchNode[] }
  | { kind: "not"; child: SearchNode }
  /** Plain words or a "quoted phrase": contained in the item's fields. */
  | { kind: "text"; pattern: Pattern }
  /** A deck by name, with its children (`deck:Parent` includes `Parent::Child`). */
  | { kind: "deck"; pattern: Pattern }
  /** A tag, with its children (`tag:a` includes `a::b`); null is `tag:none`, no tag at all. */
  | { kind: "tag"; pattern: Pattern | null }
  | { kind: "note"; noteType: NoteType }
  | { kind: "card"; cardType: CardType }
  | { kind: "is"; state: IsState }
  | { kind: "prop"; prop: Prop; op: Comparison; value: number }
  /** Added in the last `days` learner days (1 is today). */
  | { kind: "added"; days: number }
  /** Answered in the last `days` learner days, with grade `quality` if given. */
  | { kind: "rated"; days: number; quality: number | null }
  /** These items by id (the "Practise" link of one card). */
  | { kind: "cid"; ids: string[] }
  | { kind: "flag"; flagged: boolean };

/** Why a query does not parse, with where: the UI points at `position` and says what was expected there. */
export type SearchErrorCode =
  | "too-long"
  | "too-deep"
  | "unclosed-quote"
  | "unclosed-paren"
  | "unexpected-paren"
  | "empty-group"
  | "missing-term"
  | "dangling-negation"
  | "unknown-key"
  | "empty-value"
  | "bad-value"
  | "bad-property"
  | "bad-operator"
  | "bad-number";

export interface SearchError {
  code: SearchErrorCode;
  /** Index into the query (0-based) where the problem starts. */
  position: number;
  /** How many characters the problem spans (at least 1; at the end of the query it points past it). */
  length: number;
  /** What would have been accepted there, e.g. ["new", "due", …] or ["a search term"]. */
  expected: string[];
  /** What was found there ("" at the end of the query). */
  found: string;
}

export type ParseResult = { ok: true; node: SearchNode } | { ok: false; error: SearchError };
