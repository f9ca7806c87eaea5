import "server-only";
/**
 * Imports an Anki package into a learner's account: notes, their cards with
 * the schedules Anki kept, the review history and the images, in one
 * transaction (a package that fails halfway leaves nothing behind).
 *
 * Re-importing the same package updates each note found by its Anki guid
 * and adds no card or review twice: a card's item id follows from its note
 * and ordinal, a review's id from its card and Anki's revlog id. A card's
 * schedule is taken from the package, unless the learner has reviewed the
 * card in the app since its last review in the package: then theirs is kept.
 *
 * Every query is scoped to the learner passed in.
 */
import { createHash } from "node:crypto";
import { type AnkiImportPlan, type PlannedCard, type PlannedNote, planAnkiImport } from "@/lib/anki/import-plan";
import { AnkiFormatError } from "@/lib/anki/errors";
import { readAnkiPackage } from "@/lib/anki/read-package";
import type { AnkiPackage } from "@/lib/anki/types";
import { tagsColumn } from "@/lib/content/search-fields";
import { checkImage, sniffImageType } from "@/lib/media/image-check";
import type { Db } from "./db";
import { ensureDeck } from "./decks";
import { newId } from "./ids";
import { mediaSrc } from "./media";
import { firstFreeOwnPosition, ownItemColumns, ownItemId, ownStateCopies } from "./notes";
import { analyzeReviewAggregates, rebuildReviewAggregatesIn } from "./review-aggregates";
import { type BulkValue, insertRows } from "./sql/bulk-insert";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Largest package accepted for upload, in bytes (the reader bounds what it decompresses: README, Anki import). */
export const MAX_ANKI_UPLOAD_BYTES = 512 * 1024 * 1024;
/** How long the import's one transaction may run before it is rolled back. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;
/** Rows per createMany: below both engines' bound-parameter limits for the widest row. */
const INSERT_CHUNK_ROWS = 500;

export type AnkiImportPhase = "reading" | "media" | "converting" | "notes" | "cards" | "reviews" | "totals" | "done";

export interface AnkiImportProgress {
  phase: AnkiImportPhase;
  done: number;
  total: number;
}

export interface AnkiImportSummary {
  layout: AnkiPackage["layout"];
  schemaVersion: number;
  /** Notes imported: added and updated. */
  notes: number;
  notesAdded: number;
  notesUpdated: number;
  cards: number;
  /** Review-log rows added (a re-import adds none it already has). */
  reviews: number;
  /** Images stored (the same bytes twice are stored once). */
  media: number;
  /** Full names of the decks the cards went to. */
  decks: string[];
  /** What was left out, and why: see AnkiImportPlan.skipped. */
  skipped: AnkiImportPlan["skipped"] & { mediaNotImage: number; schedulesKept: number };
  warnings: string[];
}

/** A package the importer refuses: the message names the cause (the reader's, or what the importer found). */
export class AnkiImportError extends Error {
  override readonly name = "AnkiImportError";
  constructor(
    readonly code: AnkiFormatError["code"] | "empty",
    message: string,
  ) {
    super(message);
  }
}

function chunks<T>(rows: readonly T[], size = INSERT_CHUNK_ROWS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** A review's id: stable per learner's card and Anki revlog row, so a re-import finds it. */
export function importedReviewId(itemId: string, ankiReviewId: number): string {
  return `anki_${itemId.slice("card:note_".length)}_${ankiReviewId}`;
}

/** Reads the bytes as an Anki package; a refusal is an AnkiImportError naming the cause. */
export function readPackageForImport(bytes: Uint8Array): AnkiPackage {
  try {
    return readAnkiPackage(bytes);
  } catch (error) {
    if (error instanceof AnkiFormatError) throw new AnkiImportError(error.code, error.message);
    throw error;
  }
}

/** Stores the package's images for the learner; the map gives each media name its `/media/<id>` source. */
async function storeMedia(
  tx: Tx,
  userId: string,
  media: ReadonlyMap<string, Uint8Array>,
  now: Date,
  report: (done: number) => void,
): Promise<{ srcOf: Map<string, string>; stored: number; notImage: number }> {
  const srcOf = new Map<string, string>();
  let stored = 0;
  let notImage = 0;
  let done = 0;
  const existing = new Map<string, string>(
    (await tx.media.findMany({ where: { userId }, select: { id: true, sha256: true, contentType: true } })).map(
      (m) => [`${m.sha256}:${m.contentType}`, m.id] as const,
    ),
  );
  for (const [name, bytes] of media) {
    report(done++);
    const checked = checkImage(bytes, sniffImageType(bytes) ?? "");
    if (!checked.ok) {
      notImage++;
      continue;
    }
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const key = `${sha256}:${checked.type}`;
    let id = existing.get(key);
    if (!id) {
      id = newId();
      await tx.media.create({
        data: {
          id,
          userId,
          contentType: checked.type,
          byteSize: bytes.length,
          sha256,
          bytes: Buffer.from(bytes),
          createdAt: now,
        },
      });
      existing.set(key, id);
      stored++;
    }
    srcOf.set(name, mediaSrc(id));
  }
  return { srcOf, stored, notImage };
}

function noteColumns(note: PlannedNote, deckKey: string) {
  return {
    deckId: deckKey,
    type: note.type,
    fields: JSON.stringify(note.fields),
    tags: tagsColumn(note.tags),
    ankiNoteType: note.ankiNoteType === null ? null : JSON.stringify(note.ankiNoteType),
  };
}

function scheduleColumns(card: PlannedCard) {
  const s = card.state;
  return {
    status: s.status,
    repetitions: s.repetitions,
    intervalDays: s.intervalDays,
    easePermille: s.easePermille,
    dueAt: s.dueAt,
    lapses: s.lapses,
    lastReviewedAt: s.lastReviewedAt,
    redrill: s.redrill,
    suspended: s.suspended,
    buriedUntil: s.buriedUntil,
    stability: card.memory?.stability ?? null,
    difficulty: card.memory?.difficulty ?? null,
  };
}

interface ImportCounts {
  notesAdded: number;
  notesUpdated: number;
  cards: number;
  reviews: number;
  schedulesKept: number;
}

/** Rows per progress report while inserting. */
const PROGRESS_CHUNK_ROWS = 2000;

/** True when `stored` already holds every value of `wanted` (dates compared by instant). */
function holds(stored: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(([key, value]) => {
    const have = stored[key];
    if (value instanceof Date || have instanceof Date) {
      return value instanceof Date && have instanceof Date && value.getTime() === have.getTime();
    }
    return have === value;
  });
}

/**
 * Writes the plan: decks, notes (found by guid or added), cards and their
 * schedules, then the review rows not already there. New rows go in as
 * multi-row inserts; a known row is updated only where the package changes it.
 */
async function writePlan(
  tx: Tx,
  userId: string,
  plan: AnkiImportPlan,
  now: Date,
  progress: (p: AnkiImportProgress) => void,
): Promise<ImportCounts & { decks: string[] }> {
  const decks = new Map<string, { key: string; name: string }>();
  for (const name of plan.decks) decks.set(name, await ensureDeck(tx, userId, name));
  const deckOf = (name: string) => {
    const deck = decks.get(name);
    if (!deck) throw new Error(`The import plan names a deck it does not list: "${name}"`);
    return deck;
  };

  const existingNotes = new Map<string, Record<string, unknown> & { id: string }>();
  for (const part of chunks(plan.notes.map((n) => n.guid))) {
    for (const n of await tx.note.findMany({ where: { userId, guid: { in: part } } })) {
      if (n.guid !== null) existingNotes.set(n.guid, n);
    }
  }
  const noteIdOf = new Map(plan.notes.map((n) => [n.guid, existingNotes.get(n.guid)?.id ?? newId()] as const));
  const noteId = (note: PlannedNote) => noteIdOf.get(note.guid) ?? "";

  // Notes: new ones in bulk, known ones updated where they changed (and out of the trash: importing them asks for them).
  const counts: ImportCounts = { notesAdded: 0, notesUpdated: 0, cards: 0, reviews: 0, schedulesKept: 0 };
  const added = plan.notes.filter((n) => !existingNotes.has(n.guid));
  for (const part of chunks(added, PROGRESS_CHUNK_ROWS)) {
    counts.notesAdded += await insertRows(
      tx,
      "Note",
      ["id", "userId", "guid", "createdAt", "updatedAt", "deckId", "type", "fields", "tags", "ankiNoteType"],
      part.map((n) => {
        const c = noteColumns(n, deckOf(n.deckName).key);
        return [noteId(n), userId, n.guid, now, now, c.deckId, c.type, c.fields, c.tags, c.ankiNoteType];
      }),
    );
    progress({ phase: "notes", done: counts.notesAdded, total: plan.notes.length });
  }
  for (const n of plan.notes) {
    const stored = existingNotes.get(n.guid);
    if (!stored) continue;
    counts.notesUpdated++;
    const wanted = { ...noteColumns(n, deckOf(n.deckName).key), deletedAt: null };
    if (!holds(stored, wanted)) await tx.note.update({ where: { id: stored.id }, data: { ...wanted, updatedAt: now } });
  }

  // Cards: which exist already (a re-import), with what the import would write over.
  const planned = plan.notes.flatMap((note) =>
    note.cards.map((card) => ({ note, card, itemId: ownItemId(noteId(note), card.ord) })),
  );
  // Only a note the learner already had can have cards and reviews stored: a new note's id is fresh.
  const ofKnownNotes = planned.filter((p) => existingNotes.has(p.note.guid));
  const knownItems = new Map<string, Record<string, unknown>>();
  const knownStates = new Map<string, Record<string, unknown> & { lastReviewedAt: Date | null }>();
  for (const part of chunks(ofKnownNotes.map((p) => p.itemId))) {
    for (const i of await tx.item.findMany({
      where: { ownerId: userId, id: { in: part } },
      select: {
        id: true,
        deck: true,
        contentHash: true,
        cardType: true,
        noteType: true,
        searchText: true,
        retiredAt: true,
      },
    })) {
      knownItems.set(i.id, i);
    }
    for (const s of await tx.itemState.findMany({ where: { userId, itemId: { in: part } } }))
      knownStates.set(s.itemId, s);
  }
  // New cards are introduced in Anki's new-card order, after the learner's own.
  const fresh = planned
    .filter((p) => !knownStates.has(p.itemId))
    .sort((a, b) => (a.card.newPosition ?? 0) - (b.card.newPosition ?? 0));
  let position = await firstFreeOwnPosition(tx, userId);
  for (const part of chunks(fresh, PROGRESS_CHUNK_ROWS)) {
    const rows = part.map((p) => ({ ...p, position: position++, deck: deckOf(p.card.deckName) }));
    await insertRows(
      tx,
      "Item",
      [
        "id",
        "kind",
        "contentId",
        "position",
        "createdAt",
        "updatedAt",
        "ownerId",
        "noteId",
        "ord",
        "tags",
        "deck",
        "payload",
        "contentHash",
        "cardType",
        "noteType",
        "searchText",
      ],
      rows.map(({ note, card, itemId, position: pos, deck }) => {
        const c = ownItemColumns(note, card, deck);
        const row: BulkValue[] = [itemId, "card", itemId.slice("card:".length), pos, now, now, userId, noteId(note)];
        return [...row, card.ord, "", c.deck, c.payload, c.contentHash, c.cardType, c.noteType, c.searchText];
      }),
    );
    await insertRows(
      tx,
      "ItemState",
      [
        "userId",
        "itemId",
        "position",
        "addedAt",
        "status",
        "repetitions",
        "intervalDays",
        "easePermille",
        "dueAt",
        "lapses",
        "lastReviewedAt",
        "redrill",
        "buriedUntil",
        "stability",
        "difficulty",
        "deck",
        "tags",
        "cardType",
        "noteType",
        "searchText",
      ],
      rows.map(({ note, card, itemId, position: pos, deck }) => {
        const s = scheduleColumns(card);
        const c = ownStateCopies(note, card, deck.key);
        const schedule: BulkValue[] = [s.status, s.repetitions, s.intervalDays, s.easePermille, s.dueAt, s.lapses];
        const lastAndMemory: BulkValue[] = [s.lastReviewedAt, s.redrill, s.buriedUntil, s.stability, s.difficulty];
        const copies: BulkValue[] = [c.deck, c.tags, c.cardType, c.noteType, c.searchText];
        return [userId, itemId, pos, now, ...schedule, ...lastAndMemory, ...copies];
      }),
    );
    // Booleans are bound differently by the two engines: the few suspended cards are marked after.
    const suspended = rows.filter((r) => r.card.state.suspended).map((r) => r.itemId);
    for (const ids of chunks(suspended)) {
      await tx.itemState.updateMany({ where: { userId, itemId: { in: ids } }, data: { suspended: true } });
    }
    counts.cards += part.length;
    progress({ phase: "cards", done: counts.cards, total: planned.length });
  }
  for (const { note, card, itemId } of planned) {
    const state = knownStates.get(itemId);
    if (!state) continue;
    const deck = deckOf(card.deckName);
    const item = ownItemColumns(note, card, deck);
    const storedItem = knownItems.get(itemId) ?? {};
    const { payload, ...itemCompared } = item;
    if (!holds(storedItem, { ...itemCompared, retiredAt: null })) {
      await tx.item.update({ where: { id: itemId }, data: { ...item, payload, retiredAt: null } });
    }
    const appReviewedAt = state.lastReviewedAt;
    const packageReviewedAt = card.state.lastReviewedAt;
    const keepLearners = appReviewedAt !== null && (packageReviewedAt === null || appReviewedAt > packageReviewedAt);
    if (keepLearners) counts.schedulesKept++;
    const wanted = { ...ownStateCopies(note, card, deck.key), ...(keepLearners ? {} : scheduleColumns(card)) };
    if (!holds(state, wanted)) {
      await tx.itemState.updateMany({ where: { userId, itemId }, data: { ...wanted, version: { increment: 1 } } });
    }
    counts.cards++;
    if (counts.cards % PROGRESS_CHUNK_ROWS === 0)
      progress({ phase: "cards", done: counts.cards, total: planned.length });
  }

  // Reviews not stored yet.
  const reviewRows = planned.flatMap(({ card, itemId }) =>
    card.reviews.map((r) => ({ id: importedReviewId(itemId, r.ankiId), itemId, r })),
  );
  const have = new Set<string>();
  const knownItemIds = new Set(ofKnownNotes.map((p) => p.itemId));
  for (const part of chunks(reviewRows.filter((r) => knownItemIds.has(r.itemId)).map((r) => r.id))) {
    for (const r of await tx.reviewLog.findMany({ where: { userId, id: { in: part } }, select: { id: true } })) {
      have.add(r.id);
    }
  }
  const newReviews = reviewRows.filter((r) => !have.has(r.id));
  for (const part of chunks(newReviews, PROGRESS_CHUNK_ROWS)) {
    counts.reviews += await insertRows(
      tx,
      "ReviewLog",
      [
        "id",
        "userId",
        "itemId",
        "kind",
        "quality",
        "reviewedAt",
        "durationMs",
        "repsBefore",
        "intervalBefore",
        "easeBefore",
        "dueBefore",
        "statusBefore",
        "redrillBefore",
        "lapsesBefore",
        "lastReviewedBefore",
        "repsAfter",
        "intervalAfter",
        "easeAfter",
        "dueAfter",
        "detail",
      ],
      part.map(({ id, itemId, r }): BulkValue[] => {
        const { before: b, after: a } = r;
        const head: BulkValue[] = [id, userId, itemId, r.kind, r.quality, r.reviewedAt, r.durationMs];
        const before: BulkValue[] = [b.reps, b.intervalDays, b.easePermille, b.dueAt, b.status, b.redrill, b.lapses];
        const after: BulkValue[] = [b.lastReviewedAt, a.reps, a.intervalDays, a.easePermille, a.dueAt];
        return [...head, ...before, ...after, JSON.stringify(r.detail)];
      }),
    );
    progress({ phase: "reviews", done: counts.reviews, total: newReviews.length });
  }
  return { ...counts, decks: [...decks.values()].map((d) => d.name) };
}

export interface AnkiImportOptions {
  now: Date;
  onProgress?: (progress: AnkiImportProgress) => void;
}

/**
 * Imports a package's bytes into the learner's account, all or nothing.
 * Throws AnkiImportError for a package it refuses (nothing written).
 */
export async function importAnkiPackage(
  db: Db,
  userId: string,
  bytes: Uint8Array,
  { now, onProgress = () => {} }: AnkiImportOptions,
): Promise<AnkiImportSummary> {
  onProgress({ phase: "reading", done: 0, total: 1 });
  const pkg = readPackageForImport(bytes);
  if (pkg.notes.length === 0) {
    throw new AnkiImportError("empty", "The package holds no notes: there is nothing to import.");
  }
  const learner = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { timeZone: true, dayStartHour: true },
  });
  const summary = await db.$transaction(
    async (tx) => {
      const media = await storeMedia(tx, userId, pkg.media, now, (done) => {
        if (done % 20 === 0) onProgress({ phase: "media", done, total: pkg.media.size });
      });
      const plan = planAnkiImport(pkg, {
        now,
        timeZone: learner.timeZone,
        dayStartHour: learner.dayStartHour,
        mediaSrcOf: (name) => media.srcOf.get(name) ?? null,
        onNotes: (done, total) => onProgress({ phase: "converting", done, total }),
      });
      const written = await writePlan(tx, userId, plan, now, onProgress);
      onProgress({ phase: "totals", done: 0, total: 1 });
      await rebuildReviewAggregatesIn(tx, userId);
      return {
        layout: pkg.layout,
        schemaVersion: pkg.facts.schemaVersion,
        notes: written.notesAdded + written.notesUpdated,
        notesAdded: written.notesAdded,
        notesUpdated: written.notesUpdated,
        cards: written.cards,
        reviews: written.reviews,
        media: media.stored,
        decks: written.decks,
        skipped: { ...plan.skipped, mediaNotImage: media.notImage, schedulesKept: written.schedulesKept },
        warnings: plan.warnings,
      } satisfies AnkiImportSummary;
    },
    { timeout: IMPORT_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
  await analyzeReviewAggregates(db);
  onProgress({ phase: "done", done: 1, total: 1 });
  return summary;
}
