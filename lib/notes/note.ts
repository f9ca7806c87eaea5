/**
 * A learner's own note: its type, deck, fields and tags as typed, checked
 * field by field, and the cards it makes, rendered by the same Markdown,
 * KaTeX and cloze code as the built-in deck (lib/content). Pure: the editor's
 * preview and the save run exactly this.
 *
 * - basic: one card, front to back;
 * - basic-reverse: that card and one from back to front;
 * - cloze: one card per deletion number, `{{c1::answer}}` or
 *   `{{c1::answer::hint}}`, with an optional extra shown on the back.
 */
import type { CardPayload } from "@/lib/content/deck";
import {
  clozeBack,
  clozeFront,
  clozeGiveaways,
  clozeNumbers,
  clozeProblems,
  strayClozeMarkers,
} from "@/lib/content/cloze";
import { MathRenderError, renderLearnerMarkdown } from "@/lib/content/markdown";
import { type CardType, searchTextOf } from "@/lib/content/search-fields";
import { normalizeDeckName } from "@/lib/decks/deck-names";
import {
  FIELDS_OF,
  MAX_CLOZE_NUMBER,
  MAX_FIELD_CHARS,
  type NoteDraft,
  type NoteFieldName,
  type NoteProblem,
  type NoteProblemCode,
  type OwnNoteType,
} from "./note-types";
import { parseTags } from "./tags";

export * from "./note-types";

export interface NoteWarning {
  field: NoteFieldName;
  code: "cloze-giveaway";
  detail: string;
}

export interface RenderedCard {
  /** 1 front to back, 2 back to front, n the cloze number. */
  ord: number;
  cardType: Extract<CardType, "basic" | "reverse" | "cloze">;
  frontHtml: string;
  backHtml: string;
}

export interface CheckedNote {
  type: OwnNoteType;
  deckName: string;
  /** The type's fields, each trimmed of trailing whitespace. */
  fields: Partial<Record<NoteFieldName, string>>;
  tags: string[];
  cards: RenderedCard[];
  /** Lower-case plain text of the fields, for search. */
  searchText: string;
}

export interface NoteCheck {
  /** Empty when the note can be saved. */
  problems: NoteProblem[];
  warnings: NoteWarning[];
  /** What renders (for the preview); the saved cards when there are no problems. */
  note: CheckedNote;
}

function renderField(
  field: NoteFieldName,
  markdown: string,
  problems: NoteProblem[],
  transform: (t: string) => string = (t) => t,
): string {
  try {
    return renderLearnerMarkdown(transform(markdown));
  } catch (error) {
    if (!(error instanceof MathRenderError)) throw error;
    if (!problems.some((p) => p.field === field && p.code === "math"))
      problems.push({ field, code: "math", detail: error.message });
    return "";
  }
}

function clozeCode(message: string): NoteProblemCode {
  if (message.includes("not closed")) return "cloze-unclosed";
  if (message.includes("is empty")) return "cloze-empty";
  return "cloze-math";
}

function checkCloze(text: string, problems: NoteProblem[], warnings: NoteWarning[]): number[] {
  const before = problems.length;
  for (const message of clozeProblems(text)) {
    const number = /c(\d+)/.exec(message)?.[1];
    problems.push({ field: "text", code: clozeCode(message), ...(number ? { detail: number } : {}) });
  }
  if (problems.length === before) {
    for (const message of strayClozeMarkers(text))
      problems.push({ field: "text", code: "cloze-stray", detail: message });
  }
  const numbers = clozeNumbers(text);
  if (text.trim() !== "" && numbers.length === 0 && problems.length === before)
    problems.push({ field: "text", code: "cloze-none" });
  const tooHigh = numbers.find((n) => n < 1 || n > MAX_CLOZE_NUMBER);
  if (tooHigh !== undefined) problems.push({ field: "text", code: "cloze-number", detail: String(tooHigh) });
  for (const message of clozeGiveaways(text)) {
    const number = /c(\d+)/.exec(message)?.[1] ?? "";
    warnings.push({ field: "text", code: "cloze-giveaway", detail: number });
  }
  return numbers.filter((n) => n >= 1 && n <= MAX_CLOZE_NUMBER);
}

/** Checks a draft field by field and renders its cards; every problem names its field. */
export function checkNote(draft: NoteDraft): NoteCheck {
  const problems: NoteProblem[] = [];
  const warnings: NoteWarning[] = [];
  const fields: Partial<Record<NoteFieldName, string>> = {};
  for (const { name, required } of FIELDS_OF[draft.type]) {
    const value = (draft.fields[name] ?? "").replace(/\s+$/, "");
    fields[name] = value;
    if (value.length > MAX_FIELD_CHARS) {
      problems.push({ field: name, code: "too-long", detail: String(MAX_FIELD_CHARS) });
    } else if (required && value.trim() === "") {
      problems.push({ field: name, code: "required" });
    }
  }
  const deck = normalizeDeckName(draft.deck);
  if (!deck.ok) problems.push({ field: "deck", code: deck.problem });
  const tags = parseTags(draft.tags);
  for (const p of tags.problems) problems.push({ field: "tags", code: p.code, ...(p.tag ? { detail: p.tag } : {}) });

  const cards: RenderedCard[] = [];
  const tooLong = (name: NoteFieldName) => problems.some((p) => p.field === name && p.code === "too-long");
  if (draft.type === "cloze") {
    const text = fields.text ?? "";
    const extra = fields.extra ?? "";
    if (!tooLong("text") && !tooLong("extra")) {
      const numbers = checkCloze(text, problems, warnings);
      // Each field alone first, so a formula KaTeX refuses is named by the field it is in.
      renderField("text", text, problems, (t) => clozeBack(t, 0));
      const extraHtml = extra.trim() === "" ? "" : renderField("extra", extra, problems);
      const clean = !problems.some((p) => p.field === "text");
      for (const n of clean ? numbers : []) {
        cards.push({
          ord: n,
          cardType: "cloze",
          frontHtml: renderField("text", text, problems, (t) => clozeFront(t, n)),
          backHtml: renderField("text", text, problems, (t) => clozeBack(t, n)) + extraHtml,
        });
      }
    }
  } else if (!tooLong("front") && !tooLong("back")) {
    const front = renderField("front", fields.front ?? "", problems);
    const back = renderField("back", fields.back ?? "", problems);
    cards.push({ ord: 1, cardType: "basic", frontHtml: front, backHtml: back });
    if (draft.type === "basic-reverse") cards.push({ ord: 2, cardType: "reverse", frontHtml: back, backHtml: front });
  }
  return {
    problems,
    warnings,
    note: {
      type: draft.type,
      deckName: deck.ok ? deck.name : draft.deck.trim(),
      fields,
      tags: tags.tags,
      cards,
      searchText: searchTextOf(FIELDS_OF[draft.type].map((f) => fields[f.name] ?? "")),
    },
  };
}

/** The payload a learner's card is stored and reviewed with: the built-in cards' shape (lib/content/deck.ts). */
export function ownCardPayload(
  card: RenderedCard,
  note: Pick<CheckedNote, "tags">,
  deck: { key: string; name: string },
): CardPayload {
  const both = (html: string) => ({ zh: html, en: html });
  return {
    kind: "card",
    deck: deck.key,
    deckTitle: both(deck.name),
    chapter: "",
    tags: note.tags,
    source: "",
    cardType: card.cardType === "cloze" ? "cloze" : "basic",
    front: both(card.frontHtml),
    back: both(card.backHtml),
  };
}
