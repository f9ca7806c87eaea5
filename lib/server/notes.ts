import "server-only";
/**
 * The notes aggregate: a learner's own notes and the cards they make. A card
 * is an Item the learner owns (id `card:note_<note>_<ord>`) with the
 * learner's ItemState, so the queue, grading, undo, progress and the export
 * treat it as any other card. Editing a note re-renders its cards and keeps
 * their schedules; a card the edit removes (a cloze number gone) is
 * retired, and comes back with its history if the number does. Deleting a
 * note moves it to the trash for TRASH_DAYS; then it is purged: its fields
 * are gone, its cards stay retired so its review log still names them.
 * Every query is scoped to the learner passed in.
 */
import { createHash } from "node:crypto";
import { tagsColumn, tagsOfColumn } from "@/lib/content/search-fields";
import { deckNameKey } from "@/lib/decks/deck-names";
import {
  type CheckedNote,
  type NoteDraft,
  type NoteFieldName,
  type NoteProblem,
  type OwnNoteType,
  type RenderedCard,
  OWN_NOTE_TYPES,
  canChangeType,
  checkNote,
  ownCardPayload,
} from "@/lib/notes/note";
import { INITIAL_EASE_PERMILLE } from "@/lib/srs/sm2";
import type { Db } from "./db";
import { ensureDeck } from "./decks";
import { NotFoundError } from "./errors";
import { newId } from "./ids";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Days a deleted note waits in the trash before it is purged. */
export const TRASH_DAYS = 30;
const DAY_MS = 86_400_000;
/**
 * A learner's own new cards come before the built-in deck's (positions from
 * 0 up), oldest first: a card written after reading something is learned
 * while it is fresh.
 */
export const OWN_POSITION_BASE = -1_000_000_000;
export const OWN_ITEM_PREFIX = "card:note_";

export function ownItemId(noteId: string, ord: number): string {
  return `${OWN_ITEM_PREFIX}${noteId}_${ord}`;
}

function hashOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}

export type NoteSaveResult = { ok: true; noteId: string } | { ok: false; problems: NoteProblem[] };

/** The first position after the learner's own cards: new cards of theirs go on from here. */
export async function firstFreeOwnPosition(tx: Pick<Tx, "item">, userId: string): Promise<number> {
  const last = await tx.item.findFirst({
    where: { ownerId: userId },
    orderBy: { position: "desc" },
    select: { position: true },
  });
  return Math.max(OWN_POSITION_BASE, (last?.position ?? OWN_POSITION_BASE - 1) + 1);
}

async function nextPositions(tx: Tx, userId: string, count: number): Promise<number[]> {
  const from = await firstFreeOwnPosition(tx, userId);
  return Array.from({ length: count }, (_, i) => from + i);
}

/** What an own card's Item row holds of its note and card: the rendered payload and the search columns. */
export function ownItemColumns(
  note: Pick<CheckedNote, "tags" | "searchText"> & { type: string },
  card: RenderedCard,
  deck: { key: string; name: string },
) {
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

/** The columns a learner's schedule row copies from its card and note (the search reads only the row). */
export function ownStateCopies(
  note: Pick<CheckedNote, "tags" | "searchText"> & { type: string },
  card: Pick<RenderedCard, "cardType">,
  deckKey: string,
) {
  return {
    deck: deckKey,
    tags: tagsColumn(note.tags),
    cardType: card.cardType,
    noteType: note.type,
    searchText: note.searchText,
  };
}

async function createCards(
  tx: Tx,
  userId: string,
  noteId: string,
  note: CheckedNote,
  cards: readonly RenderedCard[],
  deck: { key: string; name: string },
  now: Date,
): Promise<void> {
  if (cards.length === 0) return;
  const positions = await nextPositions(tx, userId, cards.length);
  const rows = cards.map((card, i) => ({ card, id: ownItemId(noteId, card.ord), position: positions[i] ?? 0 }));
  await tx.item.createMany({
    data: rows.map(({ card, id, position }) => ({
      id,
      kind: "card",
      contentId: id.slice("card:".length),
      position,
      createdAt: now,
      ownerId: userId,
      noteId,
      ord: card.ord,
      tags: "",
      ...ownItemColumns(note, card, deck),
    })),
  });
  await tx.itemState.createMany({
    data: rows.map(({ card, id, position }) => ({
      userId,
      itemId: id,
      status: "new",
      position,
      easePermille: INITIAL_EASE_PERMILLE,
      addedAt: now,
      ...ownStateCopies(note, card, deck.key),
    })),
  });
}

/** Checks a draft and stores it with its cards, all or nothing; a refused draft writes nothing. */
export async function createNote(db: Db, userId: string, draft: NoteDraft, now: Date): Promise<NoteSaveResult> {
  const { problems, note } = checkNote(draft);
  if (problems.length > 0) return { ok: false, problems };
  return db.$transaction(async (tx) => {
    const deck = await ensureDeck(tx, userId, note.deckName);
    const noteId = newId();
    await tx.note.create({
      data: {
        id: noteId,
        userId,
        deckId: deck.key,
        type: note.type,
        fields: JSON.stringify(note.fields),
        tags: tagsColumn(note.tags),
        createdAt: now,
      },
    });
    await createCards(tx, userId, noteId, note, note.cards, deck, now);
    return { ok: true, noteId };
  });
}

/** A retired schedule row back in the queue: new if never reviewed, else where its schedule left it. */
async function reviveStates(tx: Tx, userId: string, itemIds: readonly string[]): Promise<void> {
  if (itemIds.length === 0) return;
  const ids = [...itemIds];
  await tx.itemState.updateMany({
    where: { userId, itemId: { in: ids }, status: "retired", lastReviewedAt: null },
    data: { status: "new", version: { increment: 1 } },
  });
  await tx.itemState.updateMany({
    where: { userId, itemId: { in: ids }, status: "retired", NOT: { lastReviewedAt: null } },
    data: { status: "active", version: { increment: 1 } },
  });
}

async function retireCards(tx: Tx, userId: string, itemIds: readonly string[], at: Date): Promise<void> {
  if (itemIds.length === 0) return;
  await tx.item.updateMany({ where: { ownerId: userId, id: { in: [...itemIds] } }, data: { retiredAt: at } });
  await tx.itemState.updateMany({
    where: { userId, itemId: { in: [...itemIds] } },
    data: { status: "retired", version: { increment: 1 } },
  });
}

/**
 * Saves an edited note: its cards re-rendered with their schedules kept,
 * cards added for new cloze numbers (or a reverse card), and cards the
 * edit removes retired. A new deck in the editor moves all its cards there.
 */
export async function updateNote(
  db: Db,
  userId: string,
  noteId: string,
  draft: NoteDraft,
  now: Date,
): Promise<NoteSaveResult> {
  const { problems, note } = checkNote(draft);
  return db.$transaction(async (tx) => {
    const stored = await tx.note.findFirst({ where: { id: noteId, userId, deletedAt: null } });
    if (!stored) throw new NotFoundError("No such note.");
    // A note with its own Anki note type changes by importing it again, never through the editor's types.
    if (stored.type === ANKI_NOTE_TYPE)
      return { ok: false, problems: [{ field: "type", code: "type-change", detail: "anki" }] };
    const from = toNoteType(stored.type);
    if (!canChangeType(from, note.type)) problems.push({ field: "type", code: "type-change", detail: from });
    if (problems.length > 0) return { ok: false, problems };
    const deck = await ensureDeck(tx, userId, note.deckName);
    const moved = deck.key !== stored.deckId;
    const decks = new Map(
      (await tx.deck.findMany({ where: { userId }, select: { id: true, name: true } })).map((d) => [d.id, d] as const),
    );
    const items = await tx.item.findMany({
      where: { noteId, ownerId: userId },
      select: { id: true, ord: true, deck: true, retiredAt: true },
    });
    const byOrd = new Map(items.map((i) => [i.ord, i] as const));
    const added: RenderedCard[] = [];
    const revived: string[] = [];
    for (const card of note.cards) {
      const item = byOrd.get(card.ord);
      if (!item) {
        added.push(card);
        continue;
      }
      const cardDeck = moved ? deck : { key: item.deck, name: decks.get(item.deck)?.name ?? deck.name };
      await tx.item.update({
        where: { id: item.id },
        data: { ...ownItemColumns(note, card, cardDeck), retiredAt: null },
      });
      await tx.itemState.updateMany({
        where: { userId, itemId: item.id },
        data: ownStateCopies(note, card, cardDeck.key),
      });
      if (item.retiredAt !== null) revived.push(item.id);
    }
    await reviveStates(tx, userId, revived);
    const kept = new Set(note.cards.map((c) => c.ord));
    await retireCards(
      tx,
      userId,
      items.filter((i) => !kept.has(i.ord) && i.retiredAt === null).map((i) => i.id),
      now,
    );
    await createCards(tx, userId, noteId, note, added, deck, now);
    await tx.note.update({
      where: { id: noteId },
      data: {
        type: note.type,
        deckId: deck.key,
        fields: JSON.stringify(note.fields),
        tags: tagsColumn(note.tags),
        updatedAt: now,
      },
    });
    return { ok: true, noteId };
  });
}

function toNoteType(type: string): OwnNoteType {
  if ((OWN_NOTE_TYPES as readonly string[]).includes(type)) return type as OwnNoteType;
  throw new Error(`Corrupt Note.type "${type}" in the database`);
}

function fieldsOf(json: string): Partial<Record<NoteFieldName, string>> {
  const parsed = JSON.parse(json) as unknown;
  if (typeof parsed !== "object" || parsed === null) return {};
  const out: Partial<Record<NoteFieldName, string>> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v === "string" && (k === "front" || k === "back" || k === "text" || k === "extra")) out[k] = v;
  }
  return out;
}

export interface StoredNote {
  id: string;
  type: OwnNoteType;
  deckName: string;
  fields: Partial<Record<NoteFieldName, string>>;
  /** As the editor shows them: separated by spaces. */
  tags: string;
  /** The note's live cards, in order. */
  cards: { itemId: string; ord: number; cardType: string }[];
}

/**
 * A note imported from Anki with a note type the app has none of: its fields
 * are HTML and its cards render through its own templates (lib/anki). The
 * editor shows it as it is; it changes by importing it again.
 */
export interface StoredAnkiNote {
  id: string;
  type: "anki";
  deckName: string;
  noteTypeName: string;
  fields: { name: string; html: string }[];
  tags: string;
  cards: { itemId: string; ord: number; cardType: string }[];
}

export const ANKI_NOTE_TYPE = "anki";

function ankiFieldsOf(
  fieldsJson: string,
  noteTypeJson: string | null,
): { name: string; fields: StoredAnkiNote["fields"] } {
  const fields = JSON.parse(fieldsJson) as Record<string, unknown>;
  const noteType = (noteTypeJson ? JSON.parse(noteTypeJson) : {}) as { name?: unknown; fieldNames?: unknown };
  const names = Array.isArray(noteType.fieldNames) ? noteType.fieldNames.filter((n) => typeof n === "string") : [];
  const ordered = names.length > 0 ? names : Object.keys(fields);
  return {
    name: typeof noteType.name === "string" ? noteType.name : "",
    fields: ordered.map((name) => ({ name, html: typeof fields[name] === "string" ? fields[name] : "" })),
  };
}

/** One of the learner's notes (not in the trash) as the editor opens it; null if they have no such note. */
export async function fetchNote(db: Db, userId: string, noteId: string): Promise<StoredNote | StoredAnkiNote | null> {
  const note = await db.note.findFirst({ where: { id: noteId, userId, deletedAt: null } });
  if (!note) return null;
  const [deck, cards] = await Promise.all([
    db.deck.findFirst({ where: { id: note.deckId, userId }, select: { name: true } }),
    db.item.findMany({
      where: { noteId, ownerId: userId, retiredAt: null },
      orderBy: { ord: "asc" },
      select: { id: true, ord: true, cardType: true },
    }),
  ]);
  const live = cards.map((c) => ({ itemId: c.id, ord: c.ord, cardType: c.cardType }));
  if (note.type === ANKI_NOTE_TYPE) {
    const anki = ankiFieldsOf(note.fields, note.ankiNoteType);
    return {
      id: note.id,
      type: "anki",
      deckName: deck?.name ?? "",
      noteTypeName: anki.name,
      fields: anki.fields,
      tags: tagsOfColumn(note.tags).join(" "),
      cards: live,
    };
  }
  return {
    id: note.id,
    type: toNoteType(note.type),
    deckName: deck?.name ?? "",
    fields: fieldsOf(note.fields),
    tags: tagsOfColumn(note.tags).join(" "),
    cards: live,
  };
}

/** The note a card of the learner's comes from (live, not in the trash), or null (a built-in item, another's card). */
export async function fetchNoteIdOfItem(db: Db, userId: string, itemId: string): Promise<string | null> {
  const item = await db.item.findFirst({
    where: { id: itemId, ownerId: userId, retiredAt: null, note: { deletedAt: null } },
    select: { noteId: true },
  });
  return item?.noteId ?? null;
}

/**
 * Moves the learner's notes to the trash: their cards leave every queue and
 * the browser at once (retired at the instant the note was deleted, which
 * is how a restore knows them from cards an edit had retired before).
 */
export async function trashNotes(db: Db, userId: string, noteIds: readonly string[], now: Date): Promise<number> {
  if (noteIds.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const notes = await tx.note.findMany({
      where: { userId, id: { in: [...noteIds] }, deletedAt: null },
      select: { id: true },
    });
    const ids = notes.map((n) => n.id);
    if (ids.length === 0) return 0;
    await tx.note.updateMany({ where: { userId, id: { in: ids } }, data: { deletedAt: now } });
    const items = await tx.item.findMany({
      where: { ownerId: userId, noteId: { in: ids }, retiredAt: null },
      select: { id: true },
    });
    await retireCards(
      tx,
      userId,
      items.map((i) => i.id),
      now,
    );
    return ids.length;
  });
}

/** Brings a note back from the trash with the cards it had when it was deleted, their schedules as they were. */
export async function restoreNote(db: Db, userId: string, noteId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const note = await tx.note.findFirst({ where: { id: noteId, userId, NOT: { deletedAt: null } } });
    if (!note?.deletedAt) throw new NotFoundError("No such note in the trash.");
    const items = await tx.item.findMany({
      where: { ownerId: userId, noteId, retiredAt: note.deletedAt },
      select: { id: true },
    });
    const ids = items.map((i) => i.id);
    await tx.item.updateMany({ where: { ownerId: userId, id: { in: ids } }, data: { retiredAt: null } });
    await reviveStates(tx, userId, ids);
    await tx.note.update({ where: { id: noteId }, data: { deletedAt: null } });
  });
}

/** A purged card's payload: nothing of the note is left, so pages name it by its id. */
const PURGED_PAYLOAD = JSON.stringify({ kind: "card", front: { zh: "", en: "" }, back: { zh: "", en: "" } });

async function purge(tx: Tx, userId: string, noteIds: readonly string[]): Promise<void> {
  if (noteIds.length === 0) return;
  const ids = [...noteIds];
  const items = (await tx.item.findMany({ where: { ownerId: userId, noteId: { in: ids } }, select: { id: true } })).map(
    (i) => i.id,
  );
  // The cards stay (retired, emptied) because the review log names them; their schedules and notes go.
  await tx.personalNote.deleteMany({ where: { userId, itemId: { in: items } } });
  await tx.itemState.deleteMany({ where: { userId, itemId: { in: items } } });
  await tx.item.updateMany({
    where: { ownerId: userId, id: { in: items } },
    data: { payload: PURGED_PAYLOAD, searchText: "", tags: "", noteId: null },
  });
  await tx.note.deleteMany({ where: { userId, id: { in: ids } } });
}

/** Deletes a note in the trash for good (its review log stays). */
export async function purgeNote(db: Db, userId: string, noteId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const note = await tx.note.findFirst({ where: { id: noteId, userId, NOT: { deletedAt: null } } });
    if (!note) throw new NotFoundError("No such note in the trash.");
    await purge(tx, userId, [noteId]);
  });
}

/** Purges the learner's notes that have been in the trash for TRASH_DAYS or more. */
export async function purgeExpiredTrash(db: Db, userId: string, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - TRASH_DAYS * DAY_MS);
  const expired = await db.note.findMany({ where: { userId, deletedAt: { lte: cutoff } }, select: { id: true } });
  if (expired.length === 0) return 0;
  await db.$transaction((tx) =>
    purge(
      tx,
      userId,
      expired.map((n) => n.id),
    ),
  );
  return expired.length;
}

export interface TrashedNote {
  id: string;
  type: OwnNoteType | "anki";
  /** The first field's start, as typed. */
  preview: string;
  deletedAt: string;
  /** When it will be purged. */
  purgeAt: string;
}

const PREVIEW_CHARS = 120;

/** The learner's trash, newest first, after purging what has waited long enough. */
export async function fetchTrash(db: Db, userId: string, now: Date): Promise<TrashedNote[]> {
  await purgeExpiredTrash(db, userId, now);
  const notes = await db.note.findMany({
    where: { userId, NOT: { deletedAt: null } },
    orderBy: [{ deletedAt: "desc" }, { id: "asc" }],
  });
  return notes.flatMap((n) => {
    if (!n.deletedAt) return [];
    const fields = fieldsOf(n.fields);
    const anki = n.type === ANKI_NOTE_TYPE ? ankiFieldsOf(n.fields, n.ankiNoteType) : null;
    const text = anki ? (anki.fields[0]?.html ?? "").replace(/<[^>]*>/g, " ") : (fields.front ?? fields.text ?? "");
    const first = text.replace(/\s+/g, " ").trim();
    return [
      {
        id: n.id,
        type: anki ? ANKI_NOTE_TYPE : toNoteType(n.type),
        preview: first.length > PREVIEW_CHARS ? `${first.slice(0, PREVIEW_CHARS - 1)}…` : first,
        deletedAt: n.deletedAt.toISOString(),
        purgeAt: new Date(n.deletedAt.getTime() + TRASH_DAYS * DAY_MS).toISOString(),
      },
    ];
  });
}

/** The learner's deck names, for the editor's list (a parent before its children). */
export async function fetchDeckNames(db: Db, userId: string): Promise<string[]> {
  const decks = await db.deck.findMany({ where: { userId }, select: { name: true } });
  return decks.map((d) => d.name).sort((a, b) => deckNameKey(a).localeCompare(deckNameKey(b)));
}
