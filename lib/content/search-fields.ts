/**
 * What the card browser searches in an item, kept beside it as plain columns
 * so a search compiles to comparisons on one row: the card and note type,
 * the tags as one delimited string, and the fields as lower-case plain text.
 */
import { clozeBack } from "./cloze";

/** What `card:` matches: which card of its note an item is, or which kind of exercise. */
export const CARD_TYPES = ["basic", "reverse", "cloze", "exercise", "code"] as const;
export type CardType = (typeof CARD_TYPES)[number];

/** What `note:` matches: the type of the note an item comes from. */
export const NOTE_TYPES = ["basic", "basic-reverse", "cloze", "exercise", "code"] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export interface SearchFields {
  cardType: CardType;
  noteType: NoteType;
  tags: readonly string[];
  /** Lower-case plain text of every field (searchTextOf). */
  text: string;
}

/** Longest search text kept per item: enough for any card's fields, bounded for the scan. */
export const SEARCH_TEXT_MAX_CHARS = 10_000;

/** The separator of a tag column; a tag never contains it. */
export const TAG_SEPARATOR = " ";

/**
 * Tags as one column: lower case, each once, in order, with a separator at
 * each end (" a b "), so `LIKE '% a %'` matches the tag `a` and never `ab`.
 * The empty list is "" (no separators), which no tag pattern matches.
 */
export function tagsColumn(tags: readonly string[]): string {
  const unique = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== ""))];
  return unique.length === 0 ? "" : `${TAG_SEPARATOR}${unique.join(TAG_SEPARATOR)}${TAG_SEPARATOR}`;
}

/** The tags of a tag column, in order. */
export function tagsOfColumn(column: string): string[] {
  return column.split(TAG_SEPARATOR).filter((t) => t !== "");
}

/**
 * The searchable text of an item's fields (Markdown sources): cloze markers
 * removed (their answers kept), whitespace collapsed, lower case, bounded.
 * Searches lower-case their words the same way, so matching needs no
 * case-insensitive operator (which the two engines do not share).
 */
export function searchTextOf(fields: readonly string[]): string {
  return fields
    .map((f) => clozeBack(f, 0))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase()
    .slice(0, SEARCH_TEXT_MAX_CHARS);
}
