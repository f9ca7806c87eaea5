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
import { ownCardPayload } from "@/lib/notes/note";
import { checkImage, sniffImageType } from "@/lib/media/image-check";
import type { Db } from "./db";
import { ensureDeck } from "./decks";
import { newId } from "./ids";
import { mediaSrc } from "./media";
import { OWN_POSITION_BASE, ownItemId } from "./notes";
import { analyzeReviewAggregates, rebuildReviewAggregatesIn } from "./review-aggregates";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Largest package accepted for upload, in bytes (the reader bounds what it decompresses: README, Anki import). */
export const MAX_ANKI_UPLOAD_BYTES = 512 * 1024 * 1024;
/** How long the import's one transaction may run before it is rolled back. */
const IMPORT_TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;
/** Rows per createMany: below both engines' bound-parameter limits for the widest row. */
const INSERT_CHUNK_ROWS = 500;

export type AnkiImportPhase = "reading" | "media" | "notes" | "cards" | "reviews" | "totals" | "done";

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

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
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

/** The first free position after the learner's own cards, as notes.ts numbers them. */
async function firstFreePosition(tx: Tx, userId: string): Promise<number> {
  const last = await tx.item.findFirst({
    where: { ownerId: userId },
    orderBy: { position: "desc" },
    select: { position: true },
  });
  return Math.max(OWN_POSITION_BASE, (last?.position ?? OWN_POSITION_BASE - 1) + 1);
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

function itemColumns(note: PlannedNote, card: PlannedCard, deck: { key: string; name: string }) {
  const payload = ownCardPayload(card, note, deck);
  return {
    deck: deck.key,
    payload: JSON.stringify(payload),
    contentHash: hashOf(payload),
    cardType: card.cardType,
    noteType: note.type,
    searchText: note.searchText,
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

function stateCopies(note: PlannedNote, card: PlannedCard, deckKey: string) {
  return {
    deck: deckKey,
    tags: tagsColumn(note.tags),
    cardType: card.cardType,
    noteType: note.type,
    searchText: note.searchText,
  };
}

interface ImportCounts {
  notesAdded: number;
  notesUpdated: number;
  cards: number;
  reviews: number;
  schedulesKept: number;
}

/**
 * Writes the plan: decks, notes (found by guid or added), cards and their
 * schedules, then the review rows not already there.
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

  const guids = plan.notes.map((n) => n.guid);
  const existingNotes = new Map<string, string>();
  for (const part of chunks(guids)) {
    for (const n of await tx.note.findMany({
      where: { userId, guid: { in: part } },
      select: { id: true, guid: true },
    })) {
      if (n.guid !== null) existingNotes.set(n.guid, n.id);
    }
  }
  const noteIds = new Map(plan.notes.map((n) => [n.guid, existingNotes.get(n.guid) ?? newId()] as const));

  // Notes: new ones in bulk, known ones updated (and taken out of the trash: importing them again asks for them).
  const counts: ImportCounts = { notesAdded: 0, notesUpdated: 0, cards: 0, reviews: 0, schedulesKept: 0 };
  const added = plan.notes.filter((n) => !existingNotes.has(n.guid));
  for (const part of chunks(added)) {
    await tx.note.createMany({
      data: part.map((n) => ({
        id: noteIds.get(n.guid) ?? "",
        userId,
        guid: n.guid,
        createdAt: now,
        updatedAt: now,
        ...noteColumns(n, deckOf(n.deckName).key),
      })),
    });
    counts.notesAdded += part.length;
    progress({ phase: "notes", done: counts.notesAdded, total: plan.notes.length });
  }
  for (const n of plan.notes.filter((x) => existingNotes.has(x.guid))) {
    await tx.note.update({
      where: { id: noteIds.get(n.guid) ?? "" },
      data: { ...noteColumns(n, deckOf(n.deckName).key), updatedAt: now, deletedAt: null },
    });
    counts.notesUpdated++;
    if (counts.notesUpdated % 200 === 0) {
      progress({ phase: "notes", done: counts.notesAdded + counts.notesUpdated, total: plan.notes.length });
    }
  }

  // Cards: which exist already (a re-import), and their latest review in the app.
  const planned = plan.notes.flatMap((note) =>
    note.cards.map((card) => ({ note, card, itemId: ownItemId(noteIds.get(note.guid) ?? "", card.ord) })),
  );
  const known = new Map<string, { lastReviewedAt: Date | null }>();
  for (const part of chunks(planned.map((p) => p.itemId))) {
    for (const s of await tx.itemState.findMany({
      where: { userId, itemId: { in: part } },
      select: { itemId: true, lastReviewedAt: true },
    })) {
      known.set(s.itemId, { lastReviewedAt: s.lastReviewedAt });
    }
  }
  // New cards are introduced in Anki's new-card order, after the learner's own.
  const fresh = planned
    .filter((p) => !known.has(p.itemId))
    .sort((a, b) => (a.card.newPosition ?? 0) - (b.card.newPosition ?? 0));
  let position = await firstFreePosition(tx, userId);
  for (const part of chunks(fresh)) {
    const rows = part.map((p) => ({ ...p, position: position++, deck: deckOf(p.card.deckName) }));
    await tx.item.createMany({
      data: rows.map(({ note, card, itemId, position: pos, deck }) => ({
        id: itemId,
        kind: "card",
        contentId: itemId.slice("card:".length),
        position: pos,
        createdAt: now,
        ownerId: userId,
        noteId: noteIds.get(note.guid) ?? "",
        ord: card.ord,
        tags: "",
        ...itemColumns(note, card, deck),
      })),
    });
    await tx.itemState.createMany({
      data: rows.map(({ note, card, itemId, position: pos, deck }) => ({
        userId,
        itemId,
        position: pos,
        addedAt: now,
        ...scheduleColumns(card),
        ...stateCopies(note, card, deck.key),
      })),
    });
    counts.cards += part.length;
    progress({ phase: "cards", done: counts.cards, total: planned.length });
  }
  for (const { note, card, itemId } of planned.filter((p) => known.has(p.itemId))) {
    const deck = deckOf(card.deckName);
    await tx.item.update({ where: { id: itemId }, data: { ...itemColumns(note, card, deck), retiredAt: null } });
    const appReviewedAt = known.get(itemId)?.lastReviewedAt ?? null;
    const packageReviewedAt = card.state.lastReviewedAt;
    const keepLearners = appReviewedAt !== null && (packageReviewedAt === null || appReviewedAt > packageReviewedAt);
    if (keepLearners) counts.schedulesKept++;
    await tx.itemState.updateMany({
      where: { userId, itemId },
      data: {
        ...stateCopies(note, card, deck.key),
        ...(keepLearners ? {} : scheduleColumns(card)),
        version: { increment: 1 },
      },
    });
    counts.cards++;
    if (counts.cards % 200 === 0) progress({ phase: "cards", done: counts.cards, total: planned.length });
  }

  // Reviews not stored yet.
  const reviewRows = planned.flatMap(({ card, itemId }) =>
    card.reviews.map((r) => ({ id: importedReviewId(itemId, r.ankiId), itemId, r })),
  );
  const have = new Set<string>();
  for (const part of chunks(reviewRows.map((r) => r.id))) {
    for (const r of await tx.reviewLog.findMany({ where: { userId, id: { in: part } }, select: { id: true } })) {
      have.add(r.id);
    }
  }
  const newReviews = reviewRows.filter((r) => !have.has(r.id));
  for (const part of chunks(newReviews)) {
    await tx.reviewLog.createMany({
      data: part.map(({ id, itemId, r }) => ({
        id,
        userId,
        itemId,
        kind: r.kind,
        quality: r.quality,
        reviewedAt: r.reviewedAt,
        durationMs: r.durationMs,
        repsBefore: r.before.reps,
        intervalBefore: r.before.intervalDays,
        easeBefore: r.before.easePermille,
        dueBefore: r.before.dueAt,
        statusBefore: r.before.status,
        redrillBefore: r.before.redrill,
        lapsesBefore: r.before.lapses,
        lastReviewedBefore: r.before.lastReviewedAt,
        repsAfter: r.after.reps,
        intervalAfter: r.after.intervalDays,
        easeAfter: r.after.easePermille,
        dueAfter: r.after.dueAt,
        detail: JSON.stringify(r.detail),
      })),
    });
    counts.reviews += part.length;
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
