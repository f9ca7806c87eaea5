import "server-only";
/**
 * A learner's own state of any item, built-in or their own: suspended,
 * buried until their next day starts, flagged, their tags, a personal note,
 * and the schedule edits of the card browser (reset to new, set due, move
 * to deck). Each function changes only rows of the learner passed in, and
 * bumps each row's version so a review showing the item sees it changed.
 */
import { type DueRange } from "@/lib/browse/bulk";
import { renderLearnerMarkdown, MathRenderError } from "@/lib/content/markdown";
import { tagsColumn } from "@/lib/content/search-fields";
import type { Rng } from "@/lib/random";
import { learnerDayStart } from "@/lib/srs/day";
import { INITIAL_EASE_PERMILLE } from "@/lib/srs/sm2";
import type { Db } from "./db";
import { ensureDeck } from "./decks";
import { InvalidInputError, NotFoundError } from "./errors";
import { Prisma } from "./generated/prisma/client";
import { dayContextOf } from "./users";

/** Longest personal note, in characters. */
export const MAX_PERSONAL_NOTE_CHARS = 5000;

const LIVE = { not: "retired" } as const;

async function fetchDay(db: Pick<Db, "user">, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true, dayStartHour: true } });
  if (!user) throw new NotFoundError("No such learner.");
  return dayContextOf(user);
}

/** Suspends (or unsuspends) the learner's items; returns how many rows changed. */
export async function setSuspended(
  db: Db,
  userId: string,
  itemIds: readonly string[],
  suspended: boolean,
): Promise<number> {
  const { count } = await db.itemState.updateMany({
    where: { userId, itemId: { in: [...itemIds] }, status: LIVE, suspended: !suspended },
    data: { suspended, version: { increment: 1 } },
  });
  return count;
}

/** Buries the learner's items until the start of their next day (Anki's "bury"). */
export async function buryItems(db: Db, userId: string, itemIds: readonly string[], now: Date): Promise<number> {
  const until = learnerDayStart(now, await fetchDay(db, userId), 1);
  const { count } = await db.itemState.updateMany({
    where: { userId, itemId: { in: [...itemIds] }, status: LIVE },
    data: { buriedUntil: until, version: { increment: 1 } },
  });
  return count;
}

/** Brings buried items back into today's queue. */
export async function unburyItems(db: Db, userId: string, itemIds: readonly string[]): Promise<number> {
  const { count } = await db.itemState.updateMany({
    where: { userId, itemId: { in: [...itemIds] }, status: LIVE, NOT: { buriedUntil: null } },
    data: { buriedUntil: null, version: { increment: 1 } },
  });
  return count;
}

/** Sets the learner's flag on items (0 clears it). */
export async function setFlag(db: Db, userId: string, itemIds: readonly string[], flag: 0 | 1): Promise<number> {
  const { count } = await db.itemState.updateMany({
    where: { userId, itemId: { in: [...itemIds] }, status: LIVE },
    data: { flag, version: { increment: 1 } },
  });
  return count;
}

/**
 * Makes items new again (Anki's "Reset"/"Forget"): repetitions, interval,
 * ease and due date back to a new card's; the lapse count and the review
 * log stay, as Anki keeps them unless asked.
 */
export async function resetItems(db: Db, userId: string, itemIds: readonly string[]): Promise<number> {
  const { count } = await db.itemState.updateMany({
    where: { userId, itemId: { in: [...itemIds] }, status: LIVE },
    data: {
      status: "new",
      repetitions: 0,
      intervalDays: 0,
      easePermille: INITIAL_EASE_PERMILLE,
      dueAt: null,
      redrill: "none",
      lastReviewedAt: null,
      version: { increment: 1 },
    },
  });
  return count;
}

/**
 * Sets items due at the start of a learner day in `range` (a random day
 * each, drawn from `rng`), as Anki's "Set due date": a new item becomes a
 * review item whose interval is that many days (at least one).
 */
export async function setDue(
  db: Db,
  userId: string,
  itemIds: readonly string[],
  range: DueRange,
  now: Date,
  rng: Rng,
): Promise<number> {
  const day = await fetchDay(db, userId);
  return db.$transaction(async (tx) => {
    const rows = await tx.itemState.findMany({
      where: { userId, itemId: { in: [...itemIds] }, status: LIVE },
      select: { itemId: true, status: true, intervalDays: true },
      orderBy: { itemId: "asc" },
    });
    for (const row of rows) {
      const days = rng.int(range.fromDays, range.toDays);
      await tx.itemState.update({
        where: { userId_itemId: { userId, itemId: row.itemId } },
        data: {
          status: "active",
          dueAt: learnerDayStart(now, day, days),
          intervalDays: row.status === "new" ? Math.max(1, days) : row.intervalDays,
          redrill: "none",
          version: { increment: 1 },
        },
      });
    }
    return rows.length;
  });
}

/**
 * Moves the learner's own cards among `itemIds` to a deck of theirs (made if
 * missing); built-in items stay in their deck. `deckName` is normalized.
 */
export async function moveItems(db: Db, userId: string, itemIds: readonly string[], deckName: string): Promise<number> {
  return db.$transaction(async (tx) => {
    const deck = await ensureDeck(tx, userId, deckName);
    const own = await tx.item.findMany({
      where: { ownerId: userId, id: { in: [...itemIds] }, retiredAt: null },
      select: { id: true, payload: true },
    });
    if (own.length === 0) return 0;
    const deckTitle = { zh: deck.name, en: deck.name };
    for (const item of own) {
      const payload = JSON.parse(item.payload) as Record<string, unknown>;
      await tx.item.update({
        where: { id: item.id },
        data: { deck: deck.key, payload: JSON.stringify({ ...payload, deck: deck.key, deckTitle }) },
      });
    }
    const ids = own.map((i) => i.id);
    await tx.itemState.updateMany({
      where: { userId, itemId: { in: ids } },
      data: { deck: deck.key, version: { increment: 1 } },
    });
    return ids.length;
  });
}

/** `column` of a " a b " tag column with `tag` added at its end, unless it is there (SQL both engines share). */
function withTagSql(column: Prisma.Sql, tag: string): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${column} = '' THEN ${tagsColumn([tag])}
                         WHEN ${column} LIKE ${`% ${tag.replace(/[\\%_]/g, "\\$&")} %`} ESCAPE '\\' THEN ${column}
                         ELSE ${column} || ${`${tag} `} END`;
}

function withoutTagSql(column: Prisma.Sql, tag: string): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${column} = ${tagsColumn([tag])} THEN ''
                         ELSE REPLACE(${column}, ${` ${tag} `}, ' ') END`;
}

/**
 * Adds (or removes) one of the learner's tags on items. On their own cards
 * the tag is the note's, so every card of the note gets it and the editor
 * shows it; on a built-in item it is the learner's alone. `tag` is valid
 * (lib/notes/tags.ts parseOneTag): it never holds the column's separator.
 */
export async function changeTag(
  db: Db,
  userId: string,
  itemIds: readonly string[],
  tag: string,
  add: boolean,
): Promise<number> {
  if (/\s/.test(tag) || tag === "") throw new InvalidInputError(`"${tag}" is not a tag.`);
  const change = (column: Prisma.Sql) => (add ? withTagSql(column, tag) : withoutTagSql(column, tag));
  const ids = [...itemIds];
  if (ids.length === 0) return 0;
  return db.$transaction(async (tx) => {
    const notes = await tx.item.findMany({
      where: { ownerId: userId, id: { in: ids }, retiredAt: null, NOT: { noteId: null } },
      select: { noteId: true },
    });
    const noteIds = [...new Set(notes.flatMap((n) => (n.noteId ? [n.noteId] : [])))];
    const tagsCol = Prisma.raw(`"tags"`);
    if (noteIds.length > 0) {
      await tx.$executeRaw`UPDATE "Note" SET "tags" = ${change(tagsCol)}
                           WHERE "userId" = ${userId} AND "id" IN (${Prisma.join(noteIds)})`;
    }
    // The learner's rows of the chosen items, and of every card of the notes among them.
    const noteCards =
      noteIds.length === 0
        ? []
        : (
            await tx.item.findMany({
              where: { ownerId: userId, noteId: { in: noteIds } },
              select: { id: true },
            })
          ).map((i) => i.id);
    const all = [...new Set([...ids, ...noteCards])];
    return tx.$executeRaw`UPDATE "ItemState" SET "tags" = ${change(tagsCol)}, "version" = "version" + 1
                          WHERE "userId" = ${userId} AND "status" <> 'retired' AND "itemId" IN (${Prisma.join(all)})`;
  });
}

export type PersonalNoteResult = { ok: true } | { ok: false; code: "too-long" | "math"; detail: string };

/**
 * Saves (or, with empty text, deletes) the learner's personal note on an
 * item they study; it is shown with the item's answer. Refused, with
 * nothing stored, if too long or holding a formula KaTeX rejects.
 */
export async function savePersonalNote(
  db: Db,
  userId: string,
  itemId: string,
  text: string,
): Promise<PersonalNoteResult> {
  const typed = text.replace(/\s+$/, "");
  if (typed.length > MAX_PERSONAL_NOTE_CHARS)
    return { ok: false, code: "too-long", detail: String(MAX_PERSONAL_NOTE_CHARS) };
  let html: string;
  try {
    html = typed === "" ? "" : renderLearnerMarkdown(typed);
  } catch (error) {
    if (error instanceof MathRenderError) return { ok: false, code: "math", detail: error.message };
    throw error;
  }
  const state = await db.itemState.findUnique({
    where: { userId_itemId: { userId, itemId } },
    select: { status: true },
  });
  if (!state || state.status === "retired") throw new NotFoundError(`No item "${itemId}" to write a note on.`);
  if (typed === "") {
    await db.personalNote.deleteMany({ where: { userId, itemId } });
    return { ok: true };
  }
  await db.personalNote.upsert({
    where: { userId_itemId: { userId, itemId } },
    create: { userId, itemId, text: typed, html },
    update: { text: typed, html },
  });
  return { ok: true };
}

/** The learner's personal note on an item, as typed, or "" when they wrote none. */
export async function fetchPersonalNote(db: Db, userId: string, itemId: string): Promise<string> {
  const note = await db.personalNote.findUnique({
    where: { userId_itemId: { userId, itemId } },
    select: { text: true },
  });
  return note?.text ?? "";
}

/** An item the learner studies, with their personal note on it, for the note's page; null if they do not study it. */
export async function fetchPersonalNoteTarget(
  db: Db,
  userId: string,
  itemId: string,
): Promise<{ itemId: string; deck: string; payload: string; text: string } | null> {
  const state = await db.itemState.findUnique({
    where: { userId_itemId: { userId, itemId } },
    select: { status: true, item: { select: { deck: true, payload: true } } },
  });
  if (!state || state.status === "retired") return null;
  return {
    itemId,
    deck: state.item.deck,
    payload: state.item.payload,
    text: await fetchPersonalNote(db, userId, itemId),
  };
}
