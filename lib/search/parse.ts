/**
 * Parses a card search, a subset of Anki's syntax
 * (https://docs.ankiweb.net/searching.html), into a SearchNode tree:
 *
 *   query   := or?
 *   or      := and ("OR" and)*
 *   and     := unary ("AND"? unary)*        adjacent terms are ANDed
 *   unary   := "-" unary | "(" or ")" | term
 *   term    := word | "quoted phrase" | key ":" value
 *
 * Keys: deck, tag, note, card, is, prop, added, rated, cid, flag. `*` matches
 * any run of characters and `_` any one, `\` escapes the next character;
 * `OR` and `AND` are operators in any case (quote them to search the word).
 * A query that does not parse gives a SearchError with the position and
 * what was expected there, never a partial tree.
 */
import { CARD_TYPES, NOTE_TYPES, type CardType, type NoteType } from "@/lib/content/search-fields";
import {
  COMPARISONS,
  IS_STATES,
  PROPS,
  type IsState,
  type ParseResult,
  type Pattern,
  type PatternPart,
  type Prop,
  type SearchError,
  type SearchErrorCode,
  type SearchNode,
} from "./types";

/** Longest query accepted: far beyond any typed search, and it bounds the statement it compiles to. */
export const MAX_QUERY_CHARS = 1000;
/** Deepest nesting of parentheses and negations. */
export const MAX_QUERY_DEPTH = 24;
/** Most days `rated:` looks back, as Anki's. */
export const MAX_RATED_DAYS = 365;
/** Most days `added:` looks back. */
export const MAX_ADDED_DAYS = 36_500;
/** Most ids one `cid:` names. */
export const MAX_CID_IDS = 500;

export const SEARCH_KEYS = ["deck", "tag", "note", "card", "is", "prop", "added", "rated", "cid", "flag"] as const;
type SearchKey = (typeof SEARCH_KEYS)[number];

/** The words the UI shows for "what was expected" where a term is missing. */
export const A_SEARCH_TERM = "a search term";

interface Char {
  c: string;
  /** Preceded by a backslash: never a wildcard, a quote or a separator. */
  escaped: boolean;
  /** Inside "…". */
  quoted: boolean;
  /** Index in the query. */
  at: number;
}

type Token =
  | { type: "lparen" | "rparen" | "not" | "or" | "and"; start: number; end: number; raw: string }
  | { type: "word"; start: number; end: number; raw: string; chars: Char[]; fullyQuoted: boolean };

class SearchSyntaxError extends Error {
  constructor(readonly detail: SearchError) {
    super(detail.code);
  }
}

function fail(
  code: SearchErrorCode,
  position: number,
  length: number,
  expected: readonly string[],
  found: string,
): never {
  throw new SearchSyntaxError({ code, position, length: Math.max(1, length), expected: [...expected], found });
}

const isSpace = (c: string) => /\s/.test(c);

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query.charAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ type: c === "(" ? "lparen" : "rparen", start: i, end: i + 1, raw: c });
      i++;
      continue;
    }
    if (c === "-") {
      const next = query.charAt(i + 1);
      if (next === "" || isSpace(next) || next === ")") fail("dangling-negation", i, 1, [A_SEARCH_TERM], "-");
      tokens.push({ type: "not", start: i, end: i + 1, raw: c });
      i++;
      continue;
    }
    const start = i;
    const chars: Char[] = [];
    let quotedChars = 0;
    let unquotedChars = 0;
    while (i < query.length) {
      const ch = query.charAt(i);
      if (ch === '"') {
        const open = i;
        i++;
        let closed = false;
        while (i < query.length) {
          const q = query.charAt(i);
          if (q === "\\" && i + 1 < query.length) {
            chars.push({ c: query.charAt(i + 1), escaped: true, quoted: true, at: i });
            i += 2;
          } else if (q === '"') {
            closed = true;
            i++;
            break;
          } else {
            chars.push({ c: q, escaped: false, quoted: true, at: i });
            i++;
          }
          quotedChars++;
        }
        if (!closed) fail("unclosed-quote", open, query.length - open, ['"'], query.slice(open));
        continue;
      }
      if (isSpace(ch) || ch === "(" || ch === ")") break;
      if (ch === "\\" && i + 1 < query.length) {
        chars.push({ c: query.charAt(i + 1), escaped: true, quoted: false, at: i });
        i += 2;
      } else {
        chars.push({ c: ch, escaped: false, quoted: false, at: i });
        i++;
      }
      unquotedChars++;
    }
    const raw = query.slice(start, i);
    const word = { type: "word" as const, start, end: i, raw, chars, fullyQuoted: unquotedChars === 0 };
    const bare = unquotedChars > 0 && quotedChars === 0 && chars.every((ch) => !ch.escaped);
    const lower = raw.toLowerCase();
    if (bare && lower === "or") tokens.push({ type: "or", start, end: i, raw });
    else if (bare && lower === "and") tokens.push({ type: "and", start, end: i, raw });
    else tokens.push(word);
  }
  return tokens;
}

function patternOf(chars: readonly Char[]): Pattern {
  const parts: PatternPart[] = [];
  for (const ch of chars) {
    if (!ch.escaped && ch.c === "*") parts.push({ kind: "any" });
    else if (!ch.escaped && ch.c === "_") parts.push({ kind: "one" });
    else {
      const last = parts[parts.length - 1];
      const text = ch.c.toLowerCase();
      if (last?.kind === "text") last.text += text;
      else parts.push({ kind: "text", text });
    }
  }
  return { parts };
}

const textOf = (chars: readonly Char[]) => chars.map((ch) => ch.c).join("");

/**
 * A tag pattern: `*` only at its start or end (a tag's prefix, suffix or
 * part), and `_` is a plain character, as tags often contain one. A `*`
 * inside a tag would have to match across the tag column's separators.
 */
function tagPatternOf(chars: readonly Char[], at: number): Pattern {
  const wild = (ch: Char | undefined) => ch !== undefined && !ch.escaped && ch.c === "*";
  const leading = wild(chars[0]);
  if (leading && chars.length === 1) return { parts: [{ kind: "any" }] };
  const trailing = chars.length > 1 && wild(chars[chars.length - 1]);
  const inner = chars.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  const text = textOf(inner).toLowerCase();
  if (inner.some(wild) || text === "" || /\s/.test(text)) {
    const span = spanOf(chars, at);
    fail("bad-value", span.position, span.length, ["a tag, with * only at its start or end"], textOf(chars));
  }
  const parts: PatternPart[] = [{ kind: "text", text }];
  if (leading) parts.unshift({ kind: "any" });
  if (trailing) parts.push({ kind: "any" });
  return { parts };
}

function oneOf<T extends string>(allowed: readonly T[], value: string): T | null {
  const lower = value.toLowerCase();
  return (allowed as readonly string[]).includes(lower) ? (lower as T) : null;
}

/** Where a value starts and how long it is, for an error that points at it. */
function spanOf(chars: readonly Char[], fallback: number): { position: number; length: number } {
  const first = chars[0];
  const last = chars[chars.length - 1];
  if (!first || !last) return { position: fallback, length: 1 };
  return { position: first.at, length: last.at - first.at + 1 };
}

const INTEGER = /^[0-9]+$/;

function positiveInt(chars: readonly Char[], max: number, at: number): number {
  const text = textOf(chars);
  const value = Number(text);
  if (!INTEGER.test(text) || value < 1 || value > max) {
    const span = spanOf(chars, at);
    fail("bad-number", span.position, span.length, [`a whole number from 1 to ${max}`], text);
  }
  return value;
}

function parseProp(chars: readonly Char[], at: number): SearchNode {
  const text = textOf(chars);
  const name = /^[a-z]*/i.exec(text)?.[0] ?? "";
  const prop = oneOf<Prop>(PROPS, name);
  if (!prop) fail("bad-property", at, Math.max(1, name.length), PROPS, name);
  const rest = text.slice(name.length);
  const op = COMPARISONS.find((c) => rest.startsWith(c));
  const opAt = chars[name.length]?.at ?? at + name.length;
  if (!op) fail("bad-operator", opAt, 1, COMPARISONS, rest.slice(0, 2));
  const numberText = rest.slice(op.length);
  const numberAt = chars[name.length + op.length]?.at ?? opAt + op.length;
  const shape = prop === "ease" ? /^[0-9]+(?:\.[0-9]+)?$/ : prop === "due" ? /^-?[0-9]+$/ : /^[0-9]+$/;
  if (!shape.test(numberText) || numberText.length > 9) {
    const wanted =
      prop === "ease" ? "a number such as 2.5" : prop === "due" ? "a whole number of days" : "a whole number";
    fail("bad-number", numberAt, Math.max(1, numberText.length), [wanted], numberText);
  }
  return { kind: "prop", prop, op, value: Number(numberText) };
}

function parseRated(chars: readonly Char[], at: number): SearchNode {
  const colon = chars.findIndex((ch) => ch.c === ":" && !ch.escaped);
  const dayChars = colon === -1 ? chars : chars.slice(0, colon);
  const days = positiveInt(dayChars, MAX_RATED_DAYS, at);
  if (colon === -1) return { kind: "rated", days, quality: null };
  const qualityChars = chars.slice(colon + 1);
  const text = textOf(qualityChars);
  if (!/^[0-5]$/.test(text)) {
    const span = spanOf(qualityChars, (chars[colon]?.at ?? at) + 1);
    fail("bad-number", span.position, span.length, ["a grade from 0 to 5"], text);
  }
  return { kind: "rated", days, quality: Number(text) };
}

function qualified(key: SearchKey, value: readonly Char[], at: number): SearchNode {
  const text = textOf(value);
  if (value.length === 0) fail("empty-value", at, 1, [`a value after ${key}:`], "");
  const span = spanOf(value, at);
  switch (key) {
    case "deck":
      return { kind: "deck", pattern: patternOf(value) };
    case "tag":
      return text.toLowerCase() === "none" && !value.some((ch) => ch.quoted)
        ? { kind: "tag", pattern: null }
        : { kind: "tag", pattern: tagPatternOf(value, at) };
    case "note": {
      const noteType = oneOf<NoteType>(NOTE_TYPES, text);
      if (!noteType) fail("bad-value", span.position, span.length, NOTE_TYPES, text);
      return { kind: "note", noteType };
    }
    case "card": {
      const cardType = oneOf<CardType>(CARD_TYPES, text);
      if (!cardType) fail("bad-value", span.position, span.length, CARD_TYPES, text);
      return { kind: "card", cardType };
    }
    case "is": {
      const state = oneOf<IsState>(IS_STATES, text);
      if (!state) fail("bad-value", span.position, span.length, IS_STATES, text);
      return { kind: "is", state };
    }
    case "prop":
      return parseProp(value, at);
    case "added":
      return { kind: "added", days: positiveInt(value, MAX_ADDED_DAYS, at) };
    case "rated":
      return parseRated(value, at);
    case "cid": {
      const ids = text.split(",").filter((id) => id !== "");
      if (ids.length === 0 || ids.length > MAX_CID_IDS)
        fail("bad-value", span.position, span.length, [`1 to ${MAX_CID_IDS} item ids, separated by commas`], text);
      return { kind: "cid", ids };
    }
    case "flag":
      if (text !== "0" && text !== "1") fail("bad-value", span.position, span.length, ["0", "1"], text);
      return { kind: "flag", flagged: text === "1" };
  }
}

function termOf(token: Extract<Token, { type: "word" }>): SearchNode {
  const colon = token.chars.findIndex((ch) => ch.c === ":" && !ch.escaped && !ch.quoted);
  // "deck:My deck" quoted whole is a deck search, as in Anki; a quoted phrase with another colon is text.
  const quotedColon = token.fullyQuoted ? token.chars.findIndex((ch) => ch.c === ":" && !ch.escaped) : -1;
  const at = colon !== -1 ? colon : quotedColon;
  if (at === -1) return { kind: "text", pattern: patternOf(token.chars) };
  const keyText = textOf(token.chars.slice(0, at)).toLowerCase();
  const key = (SEARCH_KEYS as readonly string[]).includes(keyText) ? (keyText as SearchKey) : null;
  if (!key) {
    if (colon === -1) return { kind: "text", pattern: patternOf(token.chars) };
    fail("unknown-key", token.start, Math.max(1, at), SEARCH_KEYS, keyText);
  }
  const valueAt = (token.chars[at]?.at ?? token.start) + 1;
  return qualified(key, token.chars.slice(at + 1), valueAt);
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly length: number,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private missingTerm(after: Token | undefined): never {
    const next = this.peek();
    if (next) fail("missing-term", next.start, next.end - next.start, [A_SEARCH_TERM], next.raw);
    const at = after ? after.end : this.length;
    fail("missing-term", at, 1, [A_SEARCH_TERM], "");
  }

  parseQuery(): SearchNode {
    if (this.tokens.length === 0) return { kind: "all" };
    const node = this.parseOr();
    const left = this.peek();
    if (left) fail("unexpected-paren", left.start, 1, ["(", A_SEARCH_TERM], left.raw);
    return node;
  }

  private parseOr(): SearchNode {
    const children = [this.parseAnd()];
    for (let t = this.peek(); t?.type === "or"; t = this.peek()) {
      this.index++;
      const next = this.peek();
      if (!next || next.type === "rparen" || next.type === "or") this.missingTerm(t);
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: "or", children };
  }

  private parseAnd(): SearchNode {
    const children: SearchNode[] = [];
    for (let t = this.peek(); t && t.type !== "rparen" && t.type !== "or"; t = this.peek()) {
      if (t.type === "and") {
        if (children.length === 0) fail("missing-term", t.start, t.end - t.start, [A_SEARCH_TERM], t.raw);
        this.index++;
        const next = this.peek();
        if (!next || next.type === "rparen" || next.type === "or" || next.type === "and") this.missingTerm(t);
        continue;
      }
      children.push(this.parseUnary());
    }
    if (children.length === 0) this.missingTerm(this.tokens[this.index - 1]);
    return children.length === 1 ? children[0]! : { kind: "and", children };
  }

  private parseUnary(): SearchNode {
    const t = this.peek();
    if (!t) this.missingTerm(this.tokens[this.index - 1]);
    if (this.depth >= MAX_QUERY_DEPTH) fail("too-deep", t.start, 1, [], t.raw);
    if (t.type === "not") {
      this.index++;
      this.depth++;
      const child = this.parseUnary();
      this.depth--;
      return { kind: "not", child };
    }
    if (t.type === "lparen") {
      this.index++;
      const next = this.peek();
      if (next?.type === "rparen") fail("empty-group", t.start, next.end - t.start, [A_SEARCH_TERM], "()");
      if (!next) fail("unclosed-paren", t.start, 1, [")"], "");
      this.depth++;
      const inner = this.parseOr();
      this.depth--;
      const close = this.peek();
      if (close?.type !== "rparen") fail("unclosed-paren", t.start, 1, [")"], "");
      this.index++;
      return inner;
    }
    if (t.type === "rparen") fail("unexpected-paren", t.start, 1, [A_SEARCH_TERM], ")");
    if (t.type === "word") {
      this.index++;
      return termOf(t);
    }
    return this.missingTerm(this.tokens[this.index - 1]);
  }
}

/** Parses a search query; an empty query matches everything. */
export function parseSearch(query: string): ParseResult {
  if (query.length > MAX_QUERY_CHARS) {
    return {
      ok: false,
      error: {
        code: "too-long",
        position: MAX_QUERY_CHARS,
        length: query.length - MAX_QUERY_CHARS,
        expected: [`at most ${MAX_QUERY_CHARS} characters`],
        found: "",
      },
    };
  }
  try {
    return { ok: true, node: new Parser(tokenize(query), query.length).parseQuery() };
  } catch (error) {
    if (error instanceof SearchSyntaxError) return { ok: false, error: error.detail };
    throw error;
  }
}
