/**
 * The shapes of a learner's note that the editor needs in the browser:
 * the types, their fields, what a draft and a problem look like. No
 * renderer here (lib/notes/note.ts renders), so the editor's bundle stays small.
 */
import type { DeckNameProblem } from "@/lib/decks/deck-names";
import type { TagProblem } from "./tags";

export const OWN_NOTE_TYPES = ["basic", "basic-reverse", "cloze"] as const;
export type OwnNoteType = (typeof OWN_NOTE_TYPES)[number];

export const NOTE_FIELD_NAMES = ["front", "back", "text", "extra"] as const;
export type NoteFieldName = (typeof NOTE_FIELD_NAMES)[number];

/** The fields each type has, the required ones first. */
export const FIELDS_OF: Record<OwnNoteType, { name: NoteFieldName; required: boolean }[]> = {
  basic: [
    { name: "front", required: true },
    { name: "back", required: true },
  ],
  "basic-reverse": [
    { name: "front", required: true },
    { name: "back", required: true },
  ],
  cloze: [
    { name: "text", required: true },
    { name: "extra", required: false },
  ],
};

/** Longest field accepted, in characters. */
export const MAX_FIELD_CHARS = 20_000;
/** Highest cloze number, as a bound on the cards one note makes. */
export const MAX_CLOZE_NUMBER = 50;

export interface NoteDraft {
  type: OwnNoteType;
  /** The deck's full name, as typed ("Parent::Child"). */
  deck: string;
  fields: Partial<Record<NoteFieldName, string>>;
  /** Tags as typed, separated by spaces or commas. */
  tags: string;
}

export type NoteProblemCode =
  | "required"
  | "too-long"
  | "math"
  | "cloze-none"
  | "cloze-unclosed"
  | "cloze-empty"
  | "cloze-math"
  | "cloze-stray"
  | "cloze-number"
  | "type-change"
  | DeckNameProblem
  | TagProblem;

export type NoteProblemField = NoteFieldName | "deck" | "tags" | "type";

export interface NoteProblem {
  field: NoteProblemField;
  code: NoteProblemCode;
  /** KaTeX's message, the cloze number, the tag: what the message names. */
  detail?: string;
}

/**
 * Whether a saved note of type `from` can become `to`: a basic note gains or
 * loses its reverse card, but a cloze note's fields are not a basic note's.
 */
export function canChangeType(from: OwnNoteType, to: OwnNoteType): boolean {
  return from === to || (from !== "cloze" && to !== "cloze");
}
