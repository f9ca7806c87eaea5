/**
 * Every server action that writes learners' own cards, decks, notes, images
 * or per-learner item state, called as learner B (the session is whatever
 * requireUser answers; everything below it is the app's own code) on learner
 * A's ids: each is refused or changes nothing, and A's rows stay as they were.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "@/lib/server/auth";
import { createNote, ownItemId } from "@/lib/server/notes";
import { savePersonalNote } from "@/lib/server/item-state";
import { type TestDb, createTestDb } from "../setup/test-db";

const served: { db: unknown; user: unknown } = vi.hoisted(() => ({ db: null, user: null }));

vi.mock("@/lib/server/auth", () => ({
  getCurrentUser: () => Promise.resolve(served.user),
  requireUser: () => Promise.resolve(served.user),
}));
vi.mock("@/lib/server/db", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/db")>()),
  getDb: () => served.db,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { bulkAction } = await import("@/app/browse/actions");
const { createDeckAction, deleteDeckAction, renameDeckAction, saveDeckLimitsAction } =
  await import("@/app/decks/actions");
const { restoreNoteAction, saveNoteAction, savePersonalNoteAction, trashNoteAction } =
  await import("@/app/notes/actions");
const { changeItemAction, gradeAction } = await import("@/app/review/actions");
const { recordCardDrillAction } = await import("@/app/practice/[...id]/actions");

const NOW = new Date("2026-03-10T10:00:00Z");
let t: TestDb;
let noteId: string;
let itemId: string;
let deckKey: string;

const learner = (id: string): CurrentUser => ({ id, email: `${id}@example.test`, name: id });

beforeEach(async () => {
  t = await createTestDb();
  served.db = t.db;
  for (const id of ["a", "b"])
    await t.db.user.create({ data: { id, email: `${id}@example.test`, timeZone: "UTC", dayStartHour: 4 } });
  const created = await createNote(
    t.db,
    "a",
    { type: "cloze", deck: "A private", tags: "mine", fields: { text: "A's {{c1::secret}}", extra: "" } },
    NOW,
  );
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  noteId = created.noteId;
  itemId = ownItemId(noteId, 1);
  deckKey = (await t.db.deck.findFirstOrThrow({ where: { userId: "a" } })).id;
  await savePersonalNote(t.db, "a", itemId, "A's own remark");
  served.user = learner("b");
});
afterEach(async () => t.close());

/** Everything of A's that an action of B's could touch. */
async function rowsOfA() {
  const [notes, decks, items, states, personal, limits] = await Promise.all([
    t.db.note.findMany({ where: { userId: "a" }, orderBy: { id: "asc" } }),
    t.db.deck.findMany({ where: { userId: "a" }, orderBy: { id: "asc" } }),
    t.db.item.findMany({ where: { ownerId: "a" }, orderBy: { id: "asc" } }),
    t.db.itemState.findMany({ where: { userId: "a" }, orderBy: { itemId: "asc" } }),
    t.db.personalNote.findMany({ where: { userId: "a" } }),
    t.db.deckLimit.findMany({ where: { userId: "a" } }),
  ]);
  return { notes, decks, items, states, personal, limits };
}

describe("learner B's actions on learner A's own cards", () => {
  it("are refused or change nothing of A's", async () => {
    const before = await rowsOfA();
    expect(before.items).toHaveLength(1);

    for (const action of ["suspend", "bury", "reset", "delete", "add-tag"] as const) {
      const argument = action === "add-tag" ? "taken" : "";
      expect(await bulkAction({ action, argument, selection: { itemIds: [itemId] } })).toMatchObject({ changed: 0 });
      expect(await bulkAction({ action, argument, selection: { query: "secret" } })).toMatchObject({ changed: 0 });
    }
    expect(await bulkAction({ action: "move", argument: "B's", selection: { itemIds: [itemId] } })).toMatchObject({
      changed: 0,
    });
    expect(await bulkAction({ action: "set-due", argument: "0", selection: { itemIds: [itemId] } })).toMatchObject({
      changed: 0,
    });

    expect(await renameDeckAction({ key: deckKey, name: "Taken over" })).toMatchObject({ ok: false });
    expect(await deleteDeckAction({ key: deckKey })).toMatchObject({ ok: false });
    await saveDeckLimitsAction({ key: deckKey, newPerDay: "1", maxReviewsPerDay: "1" });
    // B's own deck of the same name is B's, not A's.
    expect(await createDeckAction({ name: "A private" })).toMatchObject({ ok: true });

    const draft = { type: "basic", deck: "A private", tags: "", fields: { front: "B was here", back: "x" } };
    expect(await saveNoteAction({ noteId, draft })).toMatchObject({ ok: false });
    expect(await trashNoteAction({ noteId })).toEqual({ ok: false });
    expect(await restoreNoteAction({ noteId })).toEqual({ ok: false });
    expect(await savePersonalNoteAction({ itemId, text: "B's remark" })).toMatchObject({ ok: false });

    for (const change of ["suspend", "bury", "flag"] as const)
      expect(await changeItemAction({ itemId, change })).toMatchObject({ ok: false, code: "not-found" });
    expect(
      await gradeAction({ reviewId: "b-grades-a-0001", itemId, quality: 5, expectedVersion: 0, durationMs: 1000 }),
    ).toMatchObject({ ok: false });
    expect(
      await recordCardDrillAction({ reviewId: "b-drills-a-0001", itemId, quality: 5, durationMs: 1000 }),
    ).toMatchObject({ ok: false });

    expect(await rowsOfA()).toEqual(before);
    expect(await t.db.reviewLog.count({ where: { itemId } })).toBe(0);
    // What B did create stays B's (the move's target deck is made in B's own decks).
    expect(await t.db.note.count({ where: { userId: "b" } })).toBe(0);
    expect(
      await t.db.deck.findMany({ where: { userId: "b" }, select: { name: true }, orderBy: { name: "asc" } }),
    ).toEqual([{ name: "A private" }, { name: "B's" }]);
  });

  it("as the owner, the same actions do change A's rows (the refusals above are not vacuous)", async () => {
    served.user = learner("a");
    expect(await bulkAction({ action: "suspend", argument: "", selection: { itemIds: [itemId] } })).toMatchObject({
      changed: 1,
    });
    expect(await changeItemAction({ itemId, change: "flag" })).toMatchObject({ ok: true });
    expect(await renameDeckAction({ key: deckKey, name: "Renamed" })).toMatchObject({ ok: true });
    expect(await trashNoteAction({ noteId })).toEqual({ ok: true });
    expect(await restoreNoteAction({ noteId })).toEqual({ ok: true });
    const state = await t.db.itemState.findUniqueOrThrow({ where: { userId_itemId: { userId: "a", itemId } } });
    expect(state).toMatchObject({ suspended: true, flag: 1 });
  });
});
