/**
 * Bulk actions of the card browser on a selection by ids or by a search:
 * each changes the learner's rows only, delete trashes own notes only, and
 * a search that does not parse changes nothing and says where.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRng } from "@/lib/random";
import { applyBulkAction, fetchBrowsePage, fetchStudyCards } from "@/lib/server/browse";
import { recordCardDrill } from "@/lib/server/card-drills";
import { createNote, ownItemId } from "@/lib/server/notes";
import { type TestDb, createTestDb } from "../setup/test-db";

const NOW = new Date("2026-03-10T10:00:00Z");
const BUILT_IN = "card:norm-l0";
const ANY_ORDER = { sort: "added", descending: false, page: 1 } as const;

let t: TestDb;
let noteA: string;

beforeEach(async () => {
  t = await createTestDb();
  for (const id of ["a", "b"])
    await t.db.user.create({ data: { id, email: `${id}@example.test`, timeZone: "UTC", dayStartHour: 4 } });
  await t.db.item.create({
    data: {
      id: BUILT_IN,
      kind: "card",
      contentId: "norm-l0",
      deck: "concepts-norms",
      position: 0,
      payload: JSON.stringify({
        kind: "card",
        front: { zh: "L0 范数？", en: "The L0 norm?" },
        deckTitle: { zh: "范数", en: "Norms" },
      }),
      contentHash: "h",
      cardType: "basic",
      noteType: "basic",
      tags: " norms ",
      searchText: "l0 范数？ the l0 norm?",
    },
  });
  for (const userId of ["a", "b"])
    await t.db.itemState.create({
      data: {
        userId,
        itemId: BUILT_IN,
        position: 0,
        deck: "concepts-norms",
        contentTags: " norms ",
        searchText: "l0 范数？ the l0 norm?",
        cardType: "basic",
        noteType: "basic",
      },
    });
  const created = await createNote(
    t.db,
    "a",
    {
      type: "cloze",
      deck: "ML::Norms",
      tags: "norms mine",
      fields: { text: "The {{c1::L1}} norm and {{c2::L2}} norm" },
    },
    NOW,
  );
  if (!created.ok) throw new Error("note refused");
  noteA = created.noteId;
});
afterEach(async () => t.close());

const states = (userId: string) => t.db.itemState.findMany({ where: { userId }, orderBy: { itemId: "asc" } });

describe("the browser", () => {
  it("lists the learner's own cards and built-in items with their deck names; another's cards never", async () => {
    const a = await fetchBrowsePage(t.db, "a", "norm", ANY_ORDER, NOW);
    // Sorted by when added: A's cards (added now, by id), then the built-in item (no date).
    expect(a.ok && a.rows.map((r) => [r.itemId, r.deckName.en, r.noteId, r.tags])).toEqual([
      [ownItemId(noteA, 1), "ML::Norms", noteA, ["norms", "mine"]],
      [ownItemId(noteA, 2), "ML::Norms", noteA, ["norms", "mine"]],
      [BUILT_IN, "Norms", null, ["norms"]],
    ]);
    expect(a.ok && a.total).toBe(3);
    // A page past the last still says how many match.
    const past = await fetchBrowsePage(t.db, "a", "norm", { ...ANY_ORDER, page: 9 }, NOW);
    expect(past.ok && [past.rows.length, past.total, past.pageCount]).toEqual([0, 3, 1]);
    const b = await fetchBrowsePage(t.db, "b", "norm", ANY_ORDER, NOW);
    expect(b.ok && b.rows.map((r) => r.itemId)).toEqual([BUILT_IN]);
    const byId = await fetchBrowsePage(t.db, "b", `cid:${ownItemId(noteA, 1)}`, ANY_ORDER, NOW);
    expect(byId.ok && byId.total).toBe(0);
    const deck = await fetchBrowsePage(t.db, "b", "deck:ml", ANY_ORDER, NOW);
    expect(deck.ok && deck.total).toBe(0);
  });

  it("suspends a search's matches for this learner only, and says where a bad search fails", async () => {
    const before = await states("b");
    expect(await applyBulkAction(t.db, "a", { query: "tag:norms" }, { action: "suspend" }, NOW, createRng(1))).toEqual({
      ok: true,
      changed: 3,
    });
    expect((await states("a")).map((s) => s.suspended)).toEqual([true, true, true]);
    expect(await states("b")).toEqual(before);
    const found = await fetchBrowsePage(t.db, "a", "is:suspended -card:basic", ANY_ORDER, NOW);
    expect(found.ok && found.total).toBe(2);
    const bad = await applyBulkAction(t.db, "a", { query: "is:gone" }, { action: "unsuspend" }, NOW, createRng(1));
    expect(bad).toMatchObject({ ok: false, error: { code: "bad-value", position: 3 } });
    expect((await states("a")).every((s) => s.suspended)).toBe(true);
  });

  it("a second learner's bulk actions on the first one's ids change nothing of theirs", async () => {
    const ids = [ownItemId(noteA, 1), ownItemId(noteA, 2)];
    const before = {
      states: await states("a"),
      notes: await t.db.note.findMany(),
      items: await t.db.item.findMany({ orderBy: { id: "asc" } }),
    };
    const actions = [
      { action: "suspend" },
      { action: "bury" },
      { action: "flag" },
      { action: "reset" },
      { action: "set-due", range: { fromDays: 1, toDays: 3 } },
      { action: "move", deckName: "Stolen" },
      { action: "add-tag", tag: "stolen" },
      { action: "remove-tag", tag: "norms" },
      { action: "delete" },
    ] as const;
    for (const bulk of actions) {
      expect(await applyBulkAction(t.db, "b", { itemIds: ids }, bulk, NOW, createRng(1)), bulk.action).toEqual({
        ok: true,
        changed: 0,
      });
    }
    expect({
      states: await states("a"),
      notes: await t.db.note.findMany(),
      items: await t.db.item.findMany({ orderBy: { id: "asc" } }),
    }).toEqual(before);
  });

  it("delete trashes the learner's own notes in the selection; built-in items stay", async () => {
    const r = await applyBulkAction(t.db, "a", { query: "norm" }, { action: "delete" }, NOW, createRng(1));
    expect(r).toEqual({ ok: true, changed: 1 });
    expect((await t.db.note.findUniqueOrThrow({ where: { id: noteA } })).deletedAt).toEqual(NOW);
    const left = await fetchBrowsePage(t.db, "a", "", ANY_ORDER, NOW);
    expect(left.ok && left.rows.map((x) => x.itemId)).toEqual([BUILT_IN]);
  });

  it("custom study: the search's unsuspended flashcards in the generator's order, practised without moving a schedule", async () => {
    await applyBulkAction(t.db, "a", { itemIds: [ownItemId(noteA, 2)] }, { action: "suspend" }, NOW, createRng(1));
    const study = await fetchStudyCards(t.db, "a", "norm", NOW, createRng("order"));
    expect(study.ok && study.cards.map((c) => c.itemId).sort()).toEqual([BUILT_IN, ownItemId(noteA, 1)].sort());
    expect(study.ok && study.total).toBe(2);
    const again = await fetchStudyCards(t.db, "a", "norm", NOW, createRng("order"));
    expect(again.ok && again.cards.map((c) => c.itemId)).toEqual(study.ok && study.cards.map((c) => c.itemId));
    const c1 = study.ok ? study.cards.find((c) => c.itemId === ownItemId(noteA, 1)) : undefined;
    expect(c1?.front.en).toContain('<span class="cloze-gap">');
    const other = await fetchStudyCards(t.db, "b", "norm", NOW, createRng("order"));
    expect(other.ok && other.cards.map((c) => c.itemId)).toEqual([BUILT_IN]);
    const before = await states("a");
    await recordCardDrill(
      t.db,
      "a",
      { reviewId: "drill-a-study1", itemId: ownItemId(noteA, 1), quality: 1, durationMs: 900 },
      NOW,
    );
    expect(await states("a")).toEqual(before);
    expect(await fetchStudyCards(t.db, "a", "is:", NOW, createRng(1))).toMatchObject({
      ok: false,
      error: { code: "empty-value" },
    });
  });
});
