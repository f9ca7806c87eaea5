/** A deck; `name` holds every level joined with `::` whatever the schema stored. */
export interface AnkiDeck {
  id: number;
  name: string;
  /** Filtered ("dynamic") decks only borrow cards; their cards' home is `AnkiCard.deckId`. */
  filtered: boolean;
}

export interface AnkiTemplate {
  ordinal: number;
  name: string;
  questionFormat: string;
  answerFormat: string;
}

export interface AnkiNoteType {
  id: number;
  name: string;
  kind: "standard" | "cloze";
  /** Field names in field order; a note's `fields` line up with these. */
  fieldNames: string[];
  templates: AnkiTemplate[];
}

export interface AnkiNote {
  id: number;
  guid: string;
  noteTypeId: number;
  fields: string[];
  tags: string[];
}

/** Card `type`/`queue` codes as Anki stores them (rslib/src/card/mod.rs). */
export const ANKI_CARD_TYPE = { new: 0, learning: 1, review: 2, relearning: 3 } as const;
export const ANKI_QUEUE = {
  userBuried: -3,
  schedulerBuried: -2,
  suspended: -1,
  new: 0,
  learning: 1,
  review: 2,
  dayLearning: 3,
  preview: 4,
} as const;

export interface AnkiCard {
  id: number;
  noteId: number;
  /** Home deck: `odid` when the card sits in a filtered deck, else `did`. */
  deckId: number;
  /** The filtered deck holding the card now, or null. */
  filteredDeckId: number | null;
  ordinal: number;
  type: number;
  queue: number;
  /** Meaning depends on `queue`: new = position, learning = Unix seconds, review/day-learning = days since `crt`. */
  due: number;
  /** The home deck's `due` (`odue`) while the card is in a filtered deck, else null. */
  originalDue: number | null;
  intervalDays: number;
  /** Ease in permille (2500 = 2.5). */
  factorPermille: number;
  reps: number;
  lapses: number;
  /** `cards.data`, e.g. FSRS memory state `{"s":…, "d":…, "dr":…}`; `{}` when empty. */
  data: Record<string, unknown>;
}

export interface AnkiReview {
  /** Review time, Unix milliseconds (also the row's id). */
  id: number;
  cardId: number;
  /** Button 1–4; 0 for a manual reschedule. */
  ease: number;
  /** Positive: days; negative: seconds. */
  interval: number;
  lastInterval: number;
  /** Ease in permille, or FSRS difficulty when FSRS is on. */
  factor: number;
  durationMs: number;
  /** 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual. */
  type: number;
}

export interface AnkiCollectionFacts {
  schemaVersion: number;
  /** Collection creation, Unix seconds: day 0 of review `due` values. */
  createdSeconds: number;
  /** Hour (local) at which Anki's day starts. */
  rolloverHour: number;
  /** 1 when the collection never recorded `schedVer` (v1 scheduler). */
  schedulerVersion: number;
  fsrsEnabled: boolean;
}

export interface AnkiCollection {
  facts: AnkiCollectionFacts;
  decks: AnkiDeck[];
  noteTypes: AnkiNoteType[];
  notes: AnkiNote[];
  cards: AnkiCard[];
  reviews: AnkiReview[];
}

export type AnkiPackageLayout = "legacy-1" | "legacy-2" | "latest";

export interface AnkiPackageContents {
  layout: AnkiPackageLayout;
  /** The zip member the collection came from. */
  collectionMember: string;
  /** The SQLite file, decompressed. */
  collectionBytes: Uint8Array;
  media: Map<string, Uint8Array>;
}

export interface AnkiPackage extends AnkiCollection {
  layout: AnkiPackageLayout;
  media: Map<string, Uint8Array>;
}
