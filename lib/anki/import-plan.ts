/**
 * What an Anki package becomes in a learner's account, as plain data: the
 * decks, each note as one of the app's note types (or an "anki" note that
 * keeps its own templates), each card rendered with its schedule converted
 * to SM-2 and its review history. Pure: the learner's clock, zone and day
 * start, and where each stored image is served from, come in as parameters;
 * lib/server/anki-import.ts writes the plan.
 */
import { checkNote, type RenderedCard } from "@/lib/notes/note";
import { searchTextOf } from "@/lib/content/search-fields";
import { DECK_SEPARATOR, MAX_DECK_DEPTH, MAX_DECK_PART_CHARS, normalizeDeckName } from "@/lib/decks/deck-names";
import { parseTags } from "@/lib/notes/tags";
import {
  type AnkiNoteKind,
  type AnkiNoteTypeSnapshot,
  type AnkiRenderedCard,
  type MappedAnkiNote,
  appOrdOf,
  classifyNoteType,
  mapAnkiNote,
} from "./note-mapping";
import {
  type ImportLearner,
  type ImportedCardState,
  type ImportedReview,
  convertCardState,
  convertReviews,
} from "./schedule-import";
import type { AnkiCard, AnkiCollection, AnkiNote, AnkiNoteType, AnkiReview } from "./types";

/** Where an imported note's cards go when Anki's deck name cannot be one here. */
export const IMPORTED_DECK_NAME = "Anki";

export interface AnkiImportTarget extends ImportLearner {
  /** The `/media/<id>` source of a media file the package holds (stored as an image), or null. */
  mediaSrcOf: (name: string) => string | null;
  /** Called as notes are converted (rendering thousands takes seconds), with how many of how many. */
  onNotes?: (done: number, total: number) => void;
}

export interface PlannedCard extends RenderedCard {
  /** The card's Anki id, or null for a card the app renders that Anki had not made (a new cloze number). */
  ankiCardId: number | null;
  /** The card's home deck (Anki keeps one per card). */
  deckName: string;
  /** Anki's new-card position, so new cards are introduced in Anki's order; null once reviewed. */
  newPosition: number | null;
  state: ImportedCardState;
  /** FSRS's memory state as Anki kept it (`cards.data` of an FSRS collection), else null. */
  memory: { stability: number; difficulty: number } | null;
  reviews: ImportedReview[];
}

export interface PlannedNote {
  guid: string;
  type: "basic" | "basic-reverse" | "cloze" | "anki";
  /** The deck of the note's first card. */
  deckName: string;
  /** Markdown fields of the app's types; {name: sanitized HTML} for "anki". */
  fields: Record<string, string>;
  ankiNoteType: AnkiNoteTypeSnapshot | null;
  tags: string[];
  searchText: string;
  cards: PlannedCard[];
}

export interface AnkiImportPlan {
  /** Every deck a card goes to, by full name. */
  decks: string[];
  notes: PlannedNote[];
  skipped: {
    /** Image Occlusion notes: the app has no such card (README, Anki import). */
    imageOcclusion: number;
    /** Notes whose note type the collection does not hold. */
    noNoteType: number;
    /** Anki cards whose template renders nothing here (Anki would not show them either). */
    emptyCards: number;
    /** Manual reschedules in the review log (ease 0, type 4): not reviews. */
    manualReviews: number;
    /** Tags the app's tag rules refuse (spaces are separators; see lib/notes/tags.ts). */
    tags: number;
  };
  warnings: string[];
}

const NEW_STATE: ImportedCardState = {
  status: "new",
  repetitions: 0,
  intervalDays: 0,
  easePermille: 2500,
  lapses: 0,
  dueAt: null,
  lastReviewedAt: null,
  suspended: false,
  buriedUntil: null,
  redrill: "none",
};

/** Anki's deck name made one the app stores: parts shortened, levels past the deepest folded into the last. */
export function importedDeckName(ankiName: string): string {
  const parts = ankiName
    .split(DECK_SEPARATOR)

    .map((p) =>
      p
        .replace(/[\p{Cc}\p{Cf}]/gu, " ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter((p) => p !== "");
  const kept = parts.slice(0, MAX_DECK_DEPTH - 1);
  const rest = parts.slice(MAX_DECK_DEPTH - 1);
  if (rest.length > 0) kept.push(rest.join(" / "));
  const name = kept.map((p) => p.slice(0, MAX_DECK_PART_CHARS).trim()).join(DECK_SEPARATOR);
  const normalized = normalizeDeckName(name);
  return normalized.ok ? normalized.name : IMPORTED_DECK_NAME;
}

/** Anki's FSRS memory state of a card (`{"s": …, "d": …}` in `cards.data`), when it holds a usable one. */
export function ankiMemoryOf(card: AnkiCard): PlannedCard["memory"] {
  const { s, d } = card.data;
  if (typeof s !== "number" || typeof d !== "number") return null;
  if (!Number.isFinite(s) || s <= 0 || !Number.isFinite(d) || d < 1 || d > 10) return null;
  return { stability: s, difficulty: d };
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

function plainTextOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

interface RenderedNote {
  type: PlannedNote["type"];
  fields: Record<string, string>;
  ankiNoteType: AnkiNoteTypeSnapshot | null;
  cards: RenderedCard[];
  searchText: string;
  /** The kind the cards' ordinals are read by. */
  kind: AnkiNoteKind;
}

function asTemplateNote(mapped: Extract<MappedAnkiNote, { type: "anki" }>, nt: AnkiNoteType): RenderedNote {
  return {
    type: "anki",
    fields: mapped.fields,
    ankiNoteType: mapped.ankiNoteType,
    cards: mapped.cards.map((c: AnkiRenderedCard) => ({
      ord: c.ord + 1,
      cardType: nt.kind === "cloze" ? "cloze" : "basic",
      frontHtml: c.frontHtml,
      backHtml: c.backHtml,
    })),
    searchText: searchTextOf(Object.values(mapped.fields).map((html: string) => plainTextOf(html))),
    kind: "template",
  };
}

/**
 * The note as the app stores it: one of its own types when Anki's maps to one
 * and its fields pass the editor's checks; else an "anki" note rendered
 * through its own templates (a formula KaTeX refuses, a field too long).
 */
function renderNote(
  nt: AnkiNoteType,
  note: AnkiNote,
  kind: AnkiNoteKind,
  deckName: string,
  tags: string[],
  learner: AnkiImportTarget,
  warnings: string[],
): RenderedNote | "image-occlusion" {
  const mapped = mapAnkiNote(nt, note, kind, learner.mediaSrcOf);
  if (mapped.type === "refused") return "image-occlusion";
  if (mapped.type === "anki") return asTemplateNote(mapped, nt);
  const checked = checkNote({ type: mapped.type, deck: deckName, fields: mapped.fields, tags: tags.join(" ") });
  const problems = checked.problems.filter((p) => p.field !== "deck" && p.field !== "tags");
  if (problems.length === 0) {
    return {
      type: mapped.type,
      fields: checked.note.fields,
      ankiNoteType: null,
      cards: checked.note.cards,
      searchText: checked.note.searchText,
      kind,
    };
  }
  const fallback = mapAnkiNote(nt, note, "template", learner.mediaSrcOf);
  if (fallback.type !== "anki") return "image-occlusion";
  const detail = problems.map((p) => `${p.field}: ${p.code}${p.detail ? ` (${p.detail})` : ""}`).join("; ");
  warnings.push(
    `Note ${note.guid} kept with its Anki templates, as its fields do not pass as a ${mapped.type} note: ${detail}.`,
  );
  return asTemplateNote(fallback, nt);
}

/** Turns a read package into the plan of what the learner's account gets. */
export function planAnkiImport(collection: AnkiCollection, learner: AnkiImportTarget): AnkiImportPlan {
  const warnings: string[] = [];
  const skipped: AnkiImportPlan["skipped"] = {
    imageOcclusion: 0,
    noNoteType: 0,
    emptyCards: 0,
    manualReviews: 0,
    tags: 0,
  };
  const deckNames = new Map(collection.decks.map((d) => [d.id, importedDeckName(d.name)] as const));
  const noteTypes = new Map(collection.noteTypes.map((nt) => [nt.id, nt] as const));
  const kinds = new Map(collection.noteTypes.map((nt) => [nt.id, classifyNoteType(nt)] as const));
  const cardsOf = groupBy(collection.cards, (c) => c.noteId);
  const reviewsOf = groupBy(collection.reviews, (r) => r.cardId);
  const usedDecks = new Set<string>();
  const notes: PlannedNote[] = [];
  const deckOf = (card: AnkiCard) => deckNames.get(card.deckId) ?? IMPORTED_DECK_NAME;

  /** Notes between two progress calls: a few hundred milliseconds of rendering. */
  const PROGRESS_EVERY_NOTES = 500;
  let converted = 0;
  for (const note of collection.notes) {
    if (converted++ % PROGRESS_EVERY_NOTES === 0) learner.onNotes?.(converted - 1, collection.notes.length);
    const nt = noteTypes.get(note.noteTypeId);
    const kind = kinds.get(note.noteTypeId);
    if (!nt || !kind) {
      skipped.noNoteType++;
      continue;
    }
    const ankiCards = [...(cardsOf.get(note.id) ?? [])].sort((a, b) => a.ordinal - b.ordinal);
    const noteDeck = ankiCards[0] ? deckOf(ankiCards[0]) : IMPORTED_DECK_NAME;
    const parsedTags = parseTags(note.tags.join(" "));
    skipped.tags += parsedTags.problems.length;
    const rendered = renderNote(nt, note, kind, noteDeck, parsedTags.tags, learner, warnings);
    if (rendered === "image-occlusion") {
      skipped.imageOcclusion++;
      continue;
    }
    const byOrd = new Map(rendered.cards.map((c) => [c.ord, c] as const));
    const cards: PlannedCard[] = [];
    for (const card of ankiCards) {
      const ord = appOrdOf(rendered.kind, card.ordinal);
      const shown = ord === null ? undefined : byOrd.get(ord);
      if (ord === null || !shown) {
        skipped.emptyCards++;
        continue;
      }
      byOrd.delete(ord);
      const reviews: readonly AnkiReview[] = reviewsOf.get(card.id) ?? [];
      const converted = convertReviews(card, reviews, collection.facts, learner);
      skipped.manualReviews += converted.skippedManualCount;
      const state = convertCardState(card, reviews, collection.facts, learner);
      const deckName = deckOf(card);
      usedDecks.add(deckName);
      cards.push({
        ...shown,
        ankiCardId: card.id,
        deckName,
        newPosition: state.status === "new" ? card.due : null,
        state,
        memory: ankiMemoryOf(card),
        reviews: converted.reviews,
      });
    }
    // A card the app renders that Anki had not generated (e.g. a cloze number added without a card) starts new.
    for (const shown of byOrd.values()) {
      usedDecks.add(noteDeck);
      cards.push({
        ...shown,
        ankiCardId: null,
        deckName: noteDeck,
        newPosition: null,
        state: NEW_STATE,
        memory: null,
        reviews: [],
      });
    }
    usedDecks.add(noteDeck);
    notes.push({
      guid: note.guid,
      type: rendered.type,
      deckName: noteDeck,
      fields: rendered.fields,
      ankiNoteType: rendered.ankiNoteType,
      tags: parsedTags.tags,
      searchText: rendered.searchText,
      cards,
    });
  }
  return { decks: [...usedDecks].sort(), notes, skipped, warnings };
}
