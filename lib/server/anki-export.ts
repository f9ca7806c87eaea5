import "server-only";
/**
 * One deck of the learner's (built in, or their own with its sub-decks) as
 * an Anki package or an Anki text file. Every query is scoped to the
 * learner passed in.
 *
 * - Notes: an own note keeps its Anki guid (Note.guid) or gets one derived
 *   from its id; a built-in card's note is derived from its content id, so
 *   exporting twice gives Anki the same notes to update. Fields are written
 *   by lib/anki/export-fields.ts (its comment states the built-in shape).
 * - Cards, with scheduling: new → new (position in the app's order);
 *   graded → review, due in days since the collection's `crt`; failed today
 *   and waiting for its real review (redrill "relearn") → relearning in the
 *   learning queue, due in Unix seconds; suspended → queue -1; buried until a
 *   later instant → queue -3 (buried by the user). `reps` is the app's
 *   repetitions, as Anki's importer back here reads it. Without scheduling,
 *   every card is new and no review history goes.
 * - Review history: the learner's log rows of these cards that were not
 *   undone, of kinds new, review, relearn and practice (drills outside the
 *   schedule are not reviews). Quality 0–2 → Again (1), 3 → Hard (2),
 *   4 → Good (3), 5 → Easy (4); revlog type learn (new), review, relearn,
 *   and filtered (3) for practice, a same-day re-drill that schedules nothing.
 * - Media: the learner's images the notes use, named `<id>.<ext>`.
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";

import { type AnkiCsvNote, writeAnkiCsv } from "@/lib/anki/csv-export";
import {
  EXPORT_NOTE_TYPES,
  bilingualAnkiHtml,
  markdownToAnkiHtml,
  mediaIdsIn,
  rewriteMediaSources,
  stableAnkiGuid,
  stableAnkiId,
  stableNoteTypeId,
  stockAnkiNote,
  textToAnkiHtml,
  type MediaFileName,
} from "@/lib/anki/export-fields";
import {
  ANKI_CARD_TYPE,
  ANKI_QUEUE,
  type AnkiCard,
  type AnkiCollection,
  type AnkiDeck,
  type AnkiNote,
  type AnkiNoteType,
  type AnkiReview,
} from "@/lib/anki/types";
import { writeAnkiPackage } from "@/lib/anki/write-package";
import { clozeNumbers } from "@/lib/content/cloze";
import { type CardSource, deckSchema } from "@/lib/content/schema";
import { subtreeKeys } from "@/lib/decks/deck-names";
import { type DayContext, learnerDate, learnerDayStart } from "@/lib/srs/day";
import type { Db } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { fetchNamedDecks, isOwnDeckKey } from "./decks";
import { dayContextOf } from "./users";

export interface AnkiExportOptions {
  /** Keep the cards' schedules and the review history; without it every card is new. */
  scheduling: boolean;
  now: Date;
  /** Where the built-in decks' YAML is (content/ of the app by default). */
  contentDir?: string;
}

export interface AnkiExportFile {
  /** A file name for Content-Disposition, from the deck's name. */
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  notes: number;
  cards: number;
  reviews: number;
  media: number;
}

/** Anki's own "Default" deck: its importer expects it in every collection. */
const ANKI_DEFAULT_DECK: AnkiDeck = { id: 1, name: "Default", filtered: false };
/** The scheduler the exported collection declares (Anki 2.1's v2/v3 card codes). */
const EXPORT_SCHEDULER_VERSION = 2;
const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;
const REVIEW_KINDS = ["new", "review", "relearn", "practice"] as const;
/** revlog.type per review-log kind (rslib/src/revlog/mod.rs RevlogReviewKind). */
const REVLOG_TYPE: Record<(typeof REVIEW_KINDS)[number], number> = { new: 0, review: 1, relearn: 2, practice: 3 };
const IMAGE_EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
};
/** Where the built-in decks' names start in Anki, so they sit together. */
const BUILT_IN_DECK_ROOT = "Deep learning";

/** SM-2 quality 0–5 as Anki's answer button: failures are Again, 3 Hard, 4 Good, 5 Easy. */
export function ankiEaseOfQuality(quality: number): number {
  if (quality <= 2) return 1;
  if (quality === 3) return 2;
  if (quality === 4) return 3;
  return 4;
}

interface ExportNote {
  note: AnkiNote;
  noteTypeName: string;
  deckName: string;
}

interface GatheredDeck {
  name: string;
  collection: AnkiCollection;
  media: Map<string, Uint8Array>;
  csvNotes: ExportNote[];
}

type ItemRow = {
  id: string;
  deck: string;
  position: number;
  ord: number;
  contentId: string;
  noteId: string | null;
};

/** Learner days between two instants, by the learner's calendar (a DST day still counts one). */
function daysBetween(from: Date, to: Date, day: DayContext): number {
  const a = learnerDate(from, day);
  const b = learnerDate(to, day);
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / MS_PER_DAY);
}

function parseJsonObject(text: string, where: string): Record<string, unknown> {
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${where}: expected a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function tagsOf(column: string): string[] {
  return column.split(/\s+/).filter((t) => t !== "");
}

/** The built-in deck's cards from content/ (the same files content:sync stored), by item content id. */
async function loadBuiltInSources(
  contentDir: string,
  deckKey: string,
): Promise<{ title: { zh: string; en: string }; byContentId: Map<string, { card: CardSource; ordinal: number }> }> {
  const deckDir = path.join(contentDir, "decks");
  const files = (await readdir(deckDir)).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();
  for (const file of files) {
    const parsed = deckSchema.safeParse(parseDocument(await readFile(path.join(deckDir, file), "utf8")).toJS());
    if (!parsed.success || parsed.data.deck !== deckKey) continue;
    const byContentId = new Map<string, { card: CardSource; ordinal: number }>();
    for (const card of parsed.data.cards) {
      if (card.type === "basic") {
        byContentId.set(card.id, { card, ordinal: 0 });
        continue;
      }
      // The content ids lib/content/deck.ts gives a cloze card's items.
      const numbers = clozeNumbers(card.text.zh);
      for (const n of numbers)
        byContentId.set(numbers.length === 1 ? card.id : `${card.id}-c${n}`, { card, ordinal: n - 1 });
    }
    return { title: parsed.data.title, byContentId };
  }
  throw new Error(`content deck "${deckKey}": no file in ${deckDir} defines it`);
}

/** The learner's images among `ids`, with the file names the package gives them. */
async function fetchMedia(db: Db, userId: string, ids: readonly string[]) {
  const rows =
    ids.length === 0
      ? []
      : await db.media.findMany({
          where: { userId, id: { in: [...ids] } },
          select: { id: true, contentType: true, bytes: true },
        });
  const names = new Map(rows.map((r) => [r.id, `${r.id}.${IMAGE_EXTENSIONS[r.contentType] ?? "bin"}`] as const));
  const files = new Map(rows.map((r) => [names.get(r.id) ?? r.id, new Uint8Array(r.bytes)] as const));
  const fileName: MediaFileName = (id) => names.get(id) ?? null;
  return { fileName, files };
}

function ownNoteType(type: string, ankiNoteType: string | null, where: string): AnkiNoteType {
  if (type === "basic" || type === "basic-reverse" || type === "cloze") return EXPORT_NOTE_TYPES[type];
  if (type !== "anki" || ankiNoteType === null) throw new Error(`${where}: unknown note type "${type}"`);
  const raw = parseJsonObject(ankiNoteType, `${where}.ankiNoteType`);
  const name = typeof raw.name === "string" ? raw.name : "Imported";
  const fieldNames = Array.isArray(raw.fieldNames)
    ? raw.fieldNames.filter((f): f is string => typeof f === "string")
    : [];
  const templates = Array.isArray(raw.templates) ? raw.templates : [];
  return {
    id: stableNoteTypeId(`imported:${ankiNoteType}`),
    name,
    kind: raw.kind === "cloze" ? "cloze" : "standard",
    fieldNames,
    templates: templates.map((t, index) => {
      const template = (typeof t === "object" && t !== null ? t : {}) as Record<string, unknown>;
      const ordinal = typeof template.ordinal === "number" ? template.ordinal : index;
      const text = (key: string) => (typeof template[key] === "string" ? template[key] : "");
      return {
        ordinal,
        name: text("name") || `Card ${ordinal + 1}`,
        questionFormat: text("questionFormat"),
        answerFormat: text("answerFormat"),
      };
    }),
  };
}

function ownNoteFields(
  type: AnkiNoteType,
  stored: string,
  kind: string,
  fileName: MediaFileName,
  where: string,
): string[] {
  const fields = parseJsonObject(stored, `${where}.fields`);
  const text = (key: string) => (typeof fields[key] === "string" ? fields[key] : "");
  if (kind === "cloze") return [text("text"), text("extra")].map((f) => markdownToAnkiHtml(f, fileName));
  if (kind === "basic" || kind === "basic-reverse")
    return [text("front"), text("back")].map((f) => markdownToAnkiHtml(f, fileName));
  return type.fieldNames.map((name) => rewriteMediaSources(text(name), fileName));
}

async function gatherDeck(
  db: Db,
  userId: string,
  deckKey: string,
  options: AnkiExportOptions,
): Promise<GatheredDeck | null> {
  const named = await fetchNamedDecks(db, userId);
  const chosen = named.find((d) => d.key === deckKey);
  if (!chosen) return null;
  const own = isOwnDeckKey(deckKey);
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { timeZone: true, dayStartHour: true },
  });
  const day = dayContextOf(user);

  const decks = new Map<string, AnkiDeck>();
  const notes: ExportNote[] = [];
  const noteTypes = new Map<number, AnkiNoteType>();
  const noteIdOfItem = new Map<string, number>();
  const ordinalOfItem = new Map<string, number>();
  let items: ItemRow[];
  // The cards exported, as one filter: the states, notes and log are read through it, not by long id lists.
  let itemWhere: Prisma.ItemWhereInput;
  let media = new Map<string, Uint8Array>();
  let name: string;

  if (own) {
    const keys = subtreeKeys(
      named.filter((d) => isOwnDeckKey(d.key)),
      chosen,
    );
    for (const d of named.filter((n) => keys.includes(n.key))) {
      decks.set(d.key, { id: stableAnkiId(d.key, "deck"), name: d.name, filtered: false });
    }
    name = chosen.name;
    itemWhere = {
      ownerId: userId,
      kind: "card",
      deck: { in: keys },
      retiredAt: null,
      note: { userId, deletedAt: null },
    };
    items = await db.item.findMany({
      where: itemWhere,
      select: { id: true, deck: true, position: true, ord: true, contentId: true, noteId: true },
      orderBy: { position: "asc" },
    });
    const rows = await db.note.findMany({
      where: { userId, deletedAt: null, items: { some: itemWhere } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const fetched = await fetchMedia(
      db,
      userId,
      rows.flatMap((r) => mediaIdsIn(r.fields)),
    );
    media = fetched.files;
    const firstDeckOf = new Map<string, string>();
    for (const item of items)
      if (item.noteId !== null && !firstDeckOf.has(item.noteId)) firstDeckOf.set(item.noteId, item.deck);
    for (const row of rows) {
      const where = `note ${row.id}`;
      const type = ownNoteType(row.type, row.ankiNoteType, where);
      noteTypes.set(type.id, type);
      const id = stableAnkiId(row.id, "note");
      notes.push({
        note: {
          id,
          guid: row.guid ?? stableAnkiGuid(`note:${row.id}`),
          noteTypeId: type.id,
          fields: ownNoteFields(type, row.fields, row.type, fetched.fileName, where),
          tags: tagsOf(row.tags),
        },
        noteTypeName: type.name,
        deckName: decks.get(firstDeckOf.get(row.id) ?? row.deckId)?.name ?? name,
      });
    }
    const ankiNoteIdOf = new Map(rows.map((r) => [r.id, stableAnkiId(r.id, "note")] as const));
    for (const item of items) {
      const nid = item.noteId === null ? undefined : ankiNoteIdOf.get(item.noteId);
      if (nid === undefined) continue;
      noteIdOfItem.set(item.id, nid);
      // The app numbers a note's cards from 1 (1 front, 2 reverse, n cloze n); Anki from 0.
      ordinalOfItem.set(item.id, item.ord - 1);
    }
  } else {
    itemWhere = { ownerId: null, kind: "card", deck: deckKey, retiredAt: null };
    items = await db.item.findMany({
      where: itemWhere,
      select: { id: true, deck: true, position: true, ord: true, contentId: true, noteId: true },
      orderBy: { position: "asc" },
    });
    const sources = await loadBuiltInSources(options.contentDir ?? path.join(process.cwd(), "content"), deckKey);
    name = `${BUILT_IN_DECK_ROOT}::${sources.title.zh} ${sources.title.en}`.replace(/\s+/g, " ");
    decks.set(deckKey, { id: stableAnkiId(deckKey, "deck"), name, filtered: false });
    const content = (markdown: string) => markdownToAnkiHtml(markdown, () => null, "content");
    const both = (text: { zh: string; en: string }) => bilingualAnkiHtml(content(text.zh), content(text.en));
    const seen = new Map<string, number>();
    for (const item of items) {
      const source = sources.byContentId.get(item.contentId);
      if (!source) throw new Error(`built-in item ${item.id}: not in the content deck "${deckKey}" (run content:sync)`);
      const card = source.card;
      let nid = seen.get(card.id);
      if (nid === undefined) {
        nid = stableAnkiId(`content:${card.id}`, "note");
        seen.set(card.id, nid);
        const type = card.type === "basic" ? EXPORT_NOTE_TYPES.builtInBasic : EXPORT_NOTE_TYPES.builtInCloze;
        noteTypes.set(type.id, type);
        const fields =
          card.type === "basic"
            ? [both(card.front), both(card.back), textToAnkiHtml(card.source)]
            : [both(card.text), card.extra ? both(card.extra) : "", textToAnkiHtml(card.source)];
        notes.push({
          note: {
            id: nid,
            guid: stableAnkiGuid(`content:${card.id}`),
            noteTypeId: type.id,
            fields,
            tags: [...card.tags],
          },
          noteTypeName: type.name,
          deckName: name,
        });
      }
      noteIdOfItem.set(item.id, nid);
      ordinalOfItem.set(item.id, source.ordinal);
    }
  }

  const exported = items.filter((i) => noteIdOfItem.has(i.id));
  const [states, allLogs] = await Promise.all([
    db.itemState.findMany({ where: { userId, item: itemWhere } }),
    options.scheduling
      ? db.reviewLog.findMany({
          where: { userId, undoneAt: null, kind: { in: [...REVIEW_KINDS] }, item: itemWhere },
          orderBy: [{ reviewedAt: "asc" }, { id: "asc" }],
        })
      : Promise.resolve([]),
  ]);
  const stateOf = new Map(states.map((s) => [s.itemId, s] as const));
  const logs = allLogs.filter((l) => noteIdOfItem.has(l.itemId));

  // Day 0 of review due dates: the learner day of the earliest date any exported number counts from.
  const instants = [options.now, ...logs.map((l) => l.reviewedAt)];
  if (options.scheduling) for (const s of states) if (s.status === "active" && s.dueAt) instants.push(s.dueAt);
  const created = learnerDayStart(new Date(Math.min(...instants.map((d) => d.getTime()))), day);

  const cardIdOf = new Map(exported.map((i) => [i.id, stableAnkiId(i.id, "card")] as const));
  let newPosition = 0;
  const cards: AnkiCard[] = exported.map((item) => {
    const state = options.scheduling ? stateOf.get(item.id) : undefined;
    const base = {
      id: cardIdOf.get(item.id) ?? 0,
      noteId: noteIdOfItem.get(item.id) ?? 0,
      deckId: decks.get(item.deck)?.id ?? ANKI_DEFAULT_DECK.id,
      filteredDeckId: null,
      ordinal: ordinalOfItem.get(item.id) ?? 0,
      originalDue: null,
      data: {},
    };
    // Suspended and buried are queues in Anki; the card's type keeps what it is underneath.
    const heldQueue = !state
      ? null
      : state.suspended
        ? ANKI_QUEUE.suspended
        : state.buriedUntil !== null && state.buriedUntil > options.now
          ? ANKI_QUEUE.userBuried
          : null;
    if (!state || state.status !== "active") {
      newPosition += 1;
      return {
        ...base,
        type: ANKI_CARD_TYPE.new,
        queue: heldQueue ?? ANKI_QUEUE.new,
        due: newPosition,
        intervalDays: 0,
        factorPermille: 0,
        reps: 0,
        lapses: 0,
      };
    }
    const relearning = state.redrill === "relearn";
    const due = state.dueAt ?? options.now;
    return {
      ...base,
      type: relearning ? ANKI_CARD_TYPE.relearning : ANKI_CARD_TYPE.review,
      queue: heldQueue ?? (relearning ? ANKI_QUEUE.learning : ANKI_QUEUE.review),
      due: relearning ? Math.floor(due.getTime() / MS_PER_SECOND) : daysBetween(created, due, day),
      // A review card's interval is at least a day (Anki multiplies it); relearning keeps the app's, as Anki keeps ivl.
      intervalDays: relearning ? state.intervalDays : Math.max(1, state.intervalDays),
      factorPermille: state.easePermille,
      reps: state.repetitions,
      lapses: state.lapses,
    };
  });

  const usedIds = new Set<number>();
  const reviews: AnkiReview[] = logs.map((log) => {
    // revlog.id is the review time in ms and must be unique: two rows in one ms move apart by 1.
    let id = log.reviewedAt.getTime();
    while (usedIds.has(id)) id += 1;
    usedIds.add(id);
    return {
      id,
      cardId: cardIdOf.get(log.itemId) ?? 0,
      ease: ankiEaseOfQuality(log.quality),
      interval: log.intervalAfter,
      lastInterval: log.intervalBefore,
      factor: log.easeAfter,
      durationMs: log.durationMs,
      type: REVLOG_TYPE[log.kind as (typeof REVIEW_KINDS)[number]] ?? REVLOG_TYPE.review,
    };
  });

  return {
    name,
    media,
    csvNotes: notes,
    collection: {
      facts: {
        schemaVersion: 11,
        createdSeconds: Math.floor(created.getTime() / MS_PER_SECOND),
        rolloverHour: day.dayStartHour,
        schedulerVersion: EXPORT_SCHEDULER_VERSION,
        fsrsEnabled: false,
      },
      decks: [ANKI_DEFAULT_DECK, ...decks.values()],
      noteTypes: [...noteTypes.values()],
      notes: notes.map((n) => n.note),
      cards,
      reviews,
    },
  };
}

function fileNameOf(deckName: string, extension: string): string {
  const safe = deckName
    .replace(/::/g, "-")
    .replace(/[^\p{L}\p{N} ._-]+/gu, "")
    .trim()
    .replace(/\s+/g, "-");
  return `${safe || "deck"}.${extension}`;
}

/** The deck as a legacy-2 .apkg; null when the learner has no deck of that key. */
export async function exportDeckAsApkg(
  db: Db,
  userId: string,
  deckKey: string,
  options: AnkiExportOptions,
): Promise<AnkiExportFile | null> {
  const gathered = await gatherDeck(db, userId, deckKey, options);
  if (!gathered) return null;
  const { collection, media } = gathered;
  return {
    fileName: fileNameOf(gathered.name, "apkg"),
    contentType: "application/octet-stream",
    bytes: writeAnkiPackage({ ...collection, media }, { modifiedMs: options.now.getTime() }),
    notes: collection.notes.length,
    cards: collection.cards.length,
    reviews: collection.reviews.length,
    media: media.size,
  };
}

/** The deck's notes in Anki's text import format; null when the learner has no deck of that key. */
export async function exportDeckAsCsv(
  db: Db,
  userId: string,
  deckKey: string,
  options: AnkiExportOptions,
): Promise<AnkiExportFile | null> {
  const gathered = await gatherDeck(db, userId, deckKey, { ...options, scheduling: false });
  if (!gathered) return null;
  const typeOf = new Map(gathered.collection.noteTypes.map((t) => [t.id, t] as const));
  const rows: AnkiCsvNote[] = gathered.csvNotes.map((n) => {
    const type = typeOf.get(n.note.noteTypeId);
    const stock = type ? stockAnkiNote(type, n.note.fields) : { noteTypeName: n.noteTypeName, fields: n.note.fields };
    return { guid: n.note.guid, deckName: n.deckName, tags: n.note.tags, ...stock };
  });
  return {
    fileName: fileNameOf(gathered.name, "txt"),
    contentType: "text/plain; charset=utf-8",
    bytes: new TextEncoder().encode(writeAnkiCsv(rows)),
    notes: rows.length,
    cards: gathered.collection.cards.length,
    reviews: 0,
    media: 0,
  };
}
