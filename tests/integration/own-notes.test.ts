/**
 * A learner's own notes and decks, and their state of any item: each change
 * stays with its learner (every function is also called by a second account
 * on the first one's rows, and must change nothing), edits keep schedules,
 * the trash restores and purges, the review log survives.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRng } from "@/lib/random";
import { deleteAccount, exportAccount } from "@/lib/server/account";
import {
  createDeck,
  deleteDeck,
  fetchDeckList,
  fetchDeckScope,
  fetchScopedReviewSession,
  renameDeck,
  saveDeckLimits,
} from "@/lib/server/decks";
import { fetchCardPractice, recordCardDrill } from "@/lib/server/card-drills";
import { NotFoundError } from "@/lib/server/errors";
import { fetchItemHistory } from "@/lib/server/progress/item-history";
import { fetchImage, saveImage } from "@/lib/server/media";
import {
  buryItems,
  changeTag,
  fetchPersonalNote,
  moveItems,
  resetItems,
  savePersonalNote,
  setDue,
  setFlag,
  setSuspended,
  unburyItems,
} from "@/lib/server/item-state";
import {
  createNote,
  fetchNote,
  fetchNoteIdOfItem,
  fetchTrash,
  ownItemId,
  purgeExpiredTrash,
  restoreNote,
  trashNotes,
  updateNote,
} from "@/lib/server/notes";
import { fetchReviewSession, gradeItem } from "@/lib/server/reviews";
import type { NoteDraft } from "@/lib/notes/note";
import { type TestDb, createTestDb } from "../setup/test-db";

// Tuesday 10 March 2026, 10:00 UTC; both learners' days start at 04:00 UTC.
const NOW = new Date("2026-03-10T10:00:00Z");
const TOMORROW_START = new Date("2026-03-11T04:00:00Z");
const DAY_MS = 86_400_000;
const BUILT_IN = "card:norm-l0";

let t: TestDb;

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
      payload: JSON.stringify({ kind: "card", front: { zh: "L0?", en: "L0?" }, back: { zh: "n", en: "n" } }),
      contentHash: "h",
      cardType: "basic",
      noteType: "basic",
      tags: " norms ",
      searchText: "the l0 norm",
    },
  });
  for (const userId of ["a", "b"])
    await t.db.itemState.create({
      data: { userId, itemId: BUILT_IN, position: 0, deck: "concepts-norms", contentTags: " norms " },
    });
});
afterEach(async () => t.close());

const cloze = (text: string, deck = "ML::Activations", tags = "act"): NoteDraft => ({
  type: "cloze",
  deck,
  tags,
  fields: { text, extra: "" },
});

async function mustCreate(userId: string, draft: NoteDraft, now = NOW): Promise<string> {
  const r = await createNote(t.db, userId, draft, now);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.noteId;
}

const state = (userId: string, itemId: string) =>
  t.db.itemState.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } } });

async function snapshot() {
  return {
    items: await t.db.item.findMany({ orderBy: { id: "asc" } }),
    states: await t.db.itemState.findMany({ orderBy: [{ userId: "asc" }, { itemId: "asc" }] }),
    notes: await t.db.note.findMany({ orderBy: { id: "asc" } }),
    decks: await t.db.deck.findMany({ orderBy: { id: "asc" } }),
    limits: await t.db.deckLimit.findMany(),
    personal: await t.db.personalNote.findMany(),
  };
}

describe("notes", () => {
  it("a cloze note makes one card per number, in a nested deck made with its parent, new and first in the queue", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::ReLU}} and {{c2::GELU}}"));
    const decks = await t.db.deck.findMany({ where: { userId: "a" }, orderBy: { name: "asc" } });
    expect(decks.map((d) => d.name)).toEqual(["ML", "ML::Activations"]);
    const items = await t.db.item.findMany({ where: { noteId }, orderBy: { ord: "asc" } });
    expect(items.map((i) => [i.id, i.ownerId, i.ord, i.cardType, i.noteType, i.deck])).toEqual([
      [ownItemId(noteId, 1), "a", 1, "cloze", "cloze", decks[1]?.id],
      [ownItemId(noteId, 2), "a", 2, "cloze", "cloze", decks[1]?.id],
    ]);
    const s = await state("a", ownItemId(noteId, 1));
    expect(s).toMatchObject({ status: "new", tags: " act ", noteType: "cloze", searchText: "relu and gelu" });
    const session = await fetchReviewSession(t.db, "a", NOW);
    expect(session.current?.itemId).toBe(ownItemId(noteId, 1));
    expect(session.current?.own).toBe(true);
    expect(session.remaining.new).toBe(3);
    // B neither has nor studies A's cards.
    const other = await fetchReviewSession(t.db, "b", NOW);
    expect(other.remaining.new).toBe(1);
    expect(other.current?.itemId).toBe(BUILT_IN);
    expect(await fetchNote(t.db, "b", noteId)).toBeNull();
    expect(await fetchNoteIdOfItem(t.db, "b", ownItemId(noteId, 1))).toBeNull();
    expect(await fetchNoteIdOfItem(t.db, "a", ownItemId(noteId, 1))).toBe(noteId);
  });

  it("a refused note writes nothing", async () => {
    const before = await snapshot();
    const r = await createNote(t.db, "a", cloze("{{c1::open", "New::Deck"), NOW);
    expect(r).toEqual({ ok: false, problems: [{ field: "text", code: "cloze-unclosed", detail: "1" }] });
    expect(await snapshot()).toEqual(before);
  });

  it("an edit keeps each card's schedule by cloze number, retires a removed number and revives it with its history", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::ReLU}} and {{c2::GELU}}"));
    const c1 = ownItemId(noteId, 1);
    const c2 = ownItemId(noteId, 2);
    const session = await fetchReviewSession(t.db, "a", NOW);
    expect(session.current?.itemId).toBe(c1);
    await gradeItem(
      t.db,
      "a",
      {
        itemId: c1,
        quality: 5,
        reviewId: "rev-a-000001",
        expectedVersion: session.current?.version ?? 0,
        durationMs: 3000,
      },
      NOW,
    );
    const graded = await state("a", c1);
    expect(graded.status).toBe("active");

    // c2 removed, c3 added: c1 keeps its schedule and gets the new text.
    const r1 = await updateNote(t.db, "a", noteId, cloze("{{c1::ReLU}} then {{c3::SiLU}}"), NOW);
    expect(r1).toEqual({ ok: true, noteId });
    const after = await state("a", c1);
    expect(after).toMatchObject({
      status: "active",
      repetitions: graded.repetitions,
      intervalDays: graded.intervalDays,
      dueAt: graded.dueAt,
      searchText: "relu then silu",
    });
    expect((await state("a", c2)).status).toBe("retired");
    expect((await state("a", ownItemId(noteId, 3))).status).toBe("new");
    const payload = JSON.parse((await t.db.item.findUniqueOrThrow({ where: { id: c1 } })).payload) as {
      front: { en: string };
    };
    expect(payload.front.en).toContain("SiLU");
    expect((await fetchNote(t.db, "a", noteId))?.cards.map((c) => c.ord)).toEqual([1, 3]);

    // c2 comes back as new (never reviewed), not as a fresh row.
    await updateNote(t.db, "a", noteId, cloze("{{c1::ReLU}} {{c2::GELU}} {{c3::SiLU}}"), NOW);
    expect((await state("a", c2)).status).toBe("new");
    expect(await t.db.reviewLog.count({ where: { itemId: c1 } })).toBe(1);
  });

  it("basic becomes basic + reverse (a card added) but not cloze, and a refused edit changes nothing", async () => {
    const noteId = await mustCreate("a", { type: "basic", deck: "D", tags: "", fields: { front: "f", back: "b" } });
    const r = await updateNote(
      t.db,
      "a",
      noteId,
      { type: "basic-reverse", deck: "D", tags: "", fields: { front: "f", back: "b" } },
      NOW,
    );
    expect(r.ok).toBe(true);
    expect((await t.db.item.findMany({ where: { noteId }, orderBy: { ord: "asc" } })).map((i) => i.cardType)).toEqual([
      "basic",
      "reverse",
    ]);
    const before = await snapshot();
    const refused = await updateNote(t.db, "a", noteId, cloze("{{c1::x}}", "D"), NOW);
    expect(refused).toEqual({ ok: false, problems: [{ field: "type", code: "type-change", detail: "basic-reverse" }] });
    const empty = await updateNote(
      t.db,
      "a",
      noteId,
      { type: "basic", deck: "D", tags: "", fields: { front: "", back: "b" } },
      NOW,
    );
    expect(empty).toEqual({ ok: false, problems: [{ field: "front", code: "required" }] });
    expect(await snapshot()).toEqual(before);
  });

  it("a second learner can neither edit nor trash nor restore the note", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::x}}"));
    const before = await snapshot();
    await expect(updateNote(t.db, "b", noteId, cloze("{{c1::y}}"), NOW)).rejects.toBeInstanceOf(NotFoundError);
    expect(await trashNotes(t.db, "b", [noteId], NOW)).toBe(0);
    expect(await snapshot()).toEqual(before);
    await trashNotes(t.db, "a", [noteId], NOW);
    const trashed = await snapshot();
    await expect(restoreNote(t.db, "b", noteId)).rejects.toBeInstanceOf(NotFoundError);
    expect(await fetchTrash(t.db, "b", NOW)).toEqual([]);
    expect(await purgeExpiredTrash(t.db, "b", new Date(NOW.getTime() + 40 * DAY_MS))).toBe(0);
    expect(await snapshot()).toEqual(trashed);
  });

  it("the trash: out of the queue at once, restored with its schedule, purged after 30 days with the review log kept", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::x}} {{c2::y}}"));
    const c1 = ownItemId(noteId, 1);
    const session = await fetchReviewSession(t.db, "a", NOW);
    await gradeItem(
      t.db,
      "a",
      {
        itemId: c1,
        quality: 4,
        reviewId: "rev-a-000002",
        expectedVersion: session.current?.version ?? 0,
        durationMs: 2000,
      },
      NOW,
    );
    const graded = await state("a", c1);
    expect(await trashNotes(t.db, "a", [noteId], NOW)).toBe(1);
    expect((await fetchReviewSession(t.db, "a", NOW)).remaining.new).toBe(1);
    expect(await fetchNote(t.db, "a", noteId)).toBeNull();
    const [trashed] = await fetchTrash(t.db, "a", NOW);
    expect(trashed).toMatchObject({ id: noteId, preview: "{{c1::x}} {{c2::y}}", purgeAt: "2026-04-09T10:00:00.000Z" });

    await restoreNote(t.db, "a", noteId);
    expect(await state("a", c1)).toMatchObject({
      status: "active",
      dueAt: graded.dueAt,
      intervalDays: graded.intervalDays,
    });
    expect((await state("a", ownItemId(noteId, 2))).status).toBe("new");

    await trashNotes(t.db, "a", [noteId], NOW);
    expect(await purgeExpiredTrash(t.db, "a", new Date(NOW.getTime() + 29 * DAY_MS))).toBe(0);
    expect(await fetchTrash(t.db, "a", new Date(NOW.getTime() + 30 * DAY_MS))).toEqual([]);
    expect(await t.db.note.count()).toBe(0);
    expect(await t.db.itemState.count({ where: { itemId: c1 } })).toBe(0);
    const kept = await t.db.item.findUniqueOrThrow({ where: { id: c1 } });
    expect(kept).toMatchObject({ noteId: null, searchText: "" });
    expect(kept.retiredAt).not.toBeNull();
    expect(await t.db.reviewLog.count({ where: { itemId: c1, userId: "a" } })).toBe(1);
  });
});

describe("decks", () => {
  it("create, rename with children, limits override the global ones for that deck only, delete only when empty", async () => {
    expect(await createDeck(t.db, "a", "Lang::Zh")).toMatchObject({ ok: true });
    expect(await createDeck(t.db, "a", "lang::zh")).toEqual({ ok: false, problem: "exists" });
    expect(await createDeck(t.db, "b", "Lang::Zh")).toMatchObject({ ok: true });
    const [lang] = await t.db.deck.findMany({ where: { userId: "a", name: "Lang" } });
    if (!lang) throw new Error("no parent deck");
    expect(await renameDeck(t.db, "a", lang.id, "Lang::Zh::X")).toEqual({ ok: false, problem: "under-itself" });
    expect(await renameDeck(t.db, "a", lang.id, "Languages")).toEqual({ ok: true, key: lang.id });
    expect((await t.db.deck.findMany({ where: { userId: "a" }, orderBy: { name: "asc" } })).map((d) => d.name)).toEqual(
      ["Languages", "Languages::Zh"],
    );
    expect((await t.db.deck.findMany({ where: { userId: "b" }, orderBy: { name: "asc" } })).map((d) => d.name)).toEqual(
      ["Lang", "Lang::Zh"],
    );

    const noteId = await mustCreate("a", cloze("{{c1::a}} {{c2::b}} {{c3::c}}", "Languages::Zh"));
    await saveDeckLimits(t.db, "a", lang.id, { newPerDay: 2, maxReviewsPerDay: null });
    const scope = await fetchDeckScope(t.db, "a", lang.id, { newPerDay: 20, maxReviewsPerDay: 200 });
    expect(scope?.scope.limits).toEqual({ newPerDay: 2, maxReviewsPerDay: 200 });
    expect(scope?.scope.deckKeys).toHaveLength(2);
    const inDeck = await fetchReviewSession(t.db, "a", NOW, undefined, scope?.scope);
    expect(inDeck.remaining.new).toBe(2);
    expect((await fetchReviewSession(t.db, "a", NOW)).remaining.new).toBe(4);
    const list = await fetchDeckList(t.db, "a", NOW);
    expect(list.own.map((d) => [d.name, d.total, d.fresh, d.newPerDay])).toEqual([
      ["Languages", 0, 0, 2],
      ["Languages::Zh", 3, 3, null],
    ]);

    expect(await deleteDeck(t.db, "a", lang.id)).toEqual({ ok: false, problem: "not-empty", count: 3 });
    await trashNotes(t.db, "a", [noteId], NOW);
    expect(await deleteDeck(t.db, "a", lang.id)).toEqual({ ok: false, problem: "not-empty", count: 3 });
  });

  it("the review of one deck shows its cards and its children's only; another's deck key gives the whole review", async () => {
    const inDeck = await mustCreate("a", cloze("{{c1::a}}", "Study::Child"));
    await mustCreate("a", cloze("{{c1::b}}", "Elsewhere"));
    const parent = await t.db.deck.findFirstOrThrow({ where: { userId: "a", name: "Study" } });
    const scoped = await fetchScopedReviewSession(t.db, "a", NOW, parent.id);
    expect(scoped.deck?.name).toBe("Study");
    expect(scoped.session.current?.itemId).toBe(ownItemId(inDeck, 1));
    expect(scoped.session.remaining.new).toBe(1);
    const all = await fetchScopedReviewSession(t.db, "a", NOW, null);
    expect(all.session.remaining.new).toBe(3);
    const other = await fetchScopedReviewSession(t.db, "b", NOW, parent.id);
    expect(other.deck).toBeNull();
    expect(other.session.remaining.new).toBe(1);
    expect(other.session.current?.itemId).toBe(BUILT_IN);
    // A built-in deck scopes too, with a limit the learner set on it.
    await saveDeckLimits(t.db, "a", "concepts-norms", { newPerDay: 0, maxReviewsPerDay: null });
    const builtIn = await fetchScopedReviewSession(t.db, "a", NOW, "concepts-norms");
    expect(builtIn.session.remaining.new).toBe(0);
    expect((await fetchScopedReviewSession(t.db, "b", NOW, "concepts-norms")).session.remaining.new).toBe(1);
  });

  it("a second learner can neither see, rename, limit, scope nor delete another's deck", async () => {
    const created = await createDeck(t.db, "a", "Mine");
    if (!created.ok) throw new Error("not created");
    const before = await snapshot();
    await expect(renameDeck(t.db, "b", created.key, "Theirs")).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteDeck(t.db, "b", created.key)).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveDeckLimits(t.db, "b", created.key, { newPerDay: 1, maxReviewsPerDay: 1 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await fetchDeckScope(t.db, "b", created.key, { newPerDay: 20, maxReviewsPerDay: 200 })).toBeNull();
    expect((await fetchDeckList(t.db, "b", NOW)).own).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(await deleteDeck(t.db, "a", created.key)).toEqual({ ok: true, key: created.key });
  });
});

describe("a learner's state of any item", () => {
  it("suspend, bury until the next day starts, flag: the queue leaves the item out; B's row is untouched", async () => {
    const bBefore = await state("b", BUILT_IN);
    expect(await setSuspended(t.db, "a", [BUILT_IN], true)).toBe(1);
    expect((await fetchReviewSession(t.db, "a", NOW)).remaining.new).toBe(0);
    expect(await setSuspended(t.db, "a", [BUILT_IN], false)).toBe(1);
    expect(await buryItems(t.db, "a", [BUILT_IN], NOW)).toBe(1);
    expect((await state("a", BUILT_IN)).buriedUntil).toEqual(TOMORROW_START);
    expect((await fetchReviewSession(t.db, "a", NOW)).remaining.new).toBe(0);
    expect((await fetchReviewSession(t.db, "a", TOMORROW_START)).remaining.new).toBe(1);
    expect(await unburyItems(t.db, "a", [BUILT_IN])).toBe(1);
    expect(await setFlag(t.db, "a", [BUILT_IN], 1)).toBe(1);
    expect((await fetchReviewSession(t.db, "a", NOW)).current?.flag).toBe(1);
    expect(await state("b", BUILT_IN)).toEqual(bBefore);
    expect((await state("a", BUILT_IN)).version).toBe(bBefore.version + 5);
  });

  it("reset and set due: a random day per card in the range, drawn from the given generator", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::a}} {{c2::b}} {{c3::c}} {{c4::d}}"));
    const ids = [1, 2, 3, 4].map((n) => ownItemId(noteId, n));
    expect(await setDue(t.db, "a", ids, { fromDays: 3, toDays: 7 }, NOW, createRng("due"))).toBe(4);
    const expected = (() => {
      const rng = createRng("due");
      return [...ids].sort().map((id) => [id, rng.int(3, 7)] as const);
    })();
    for (const [id, days] of expected) {
      const s = await state("a", id);
      expect(s.status).toBe("active");
      expect(s.dueAt).toEqual(new Date(Date.parse("2026-03-10T04:00:00Z") + days * DAY_MS));
      expect(s.intervalDays).toBe(days);
    }
    expect(await setDue(t.db, "a", [BUILT_IN], { fromDays: 0, toDays: 0 }, NOW, createRng(1))).toBe(1);
    expect((await fetchReviewSession(t.db, "a", NOW)).remaining.due).toBe(1);
    expect(await resetItems(t.db, "a", [...ids, BUILT_IN])).toBe(5);
    expect(await state("a", BUILT_IN)).toMatchObject({ status: "new", dueAt: null, intervalDays: 0, repetitions: 0 });
  });

  it("tags: on an own card the note's (every card, the editor), on a built-in item the learner's alone", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::a}} {{c2::b}}", "D", "x"));
    expect(await changeTag(t.db, "a", [ownItemId(noteId, 1), BUILT_IN], "my_tag", true)).toBe(3);
    expect(await changeTag(t.db, "a", [ownItemId(noteId, 1)], "my_tag", true)).toBe(2);
    expect((await state("a", ownItemId(noteId, 2))).tags).toBe(" x my_tag ");
    expect((await fetchNote(t.db, "a", noteId))?.tags).toBe("x my_tag");
    expect((await state("a", BUILT_IN)).tags).toBe(" my_tag ");
    // `_` is a character, not a wildcard: "myxtag" is another tag.
    await changeTag(t.db, "a", [BUILT_IN], "myxtag", true);
    expect((await state("a", BUILT_IN)).tags).toBe(" my_tag myxtag ");
    await changeTag(t.db, "a", [BUILT_IN, ownItemId(noteId, 2)], "my_tag", false);
    expect((await state("a", BUILT_IN)).tags).toBe(" myxtag ");
    expect((await state("a", ownItemId(noteId, 1))).tags).toBe(" x ");
    expect((await state("b", BUILT_IN)).tags).toBe("");
    // An edit of the note keeps the tags it now has.
    await changeTag(t.db, "a", [ownItemId(noteId, 1)], "x", false);
    expect((await state("a", ownItemId(noteId, 1))).tags).toBe("");
  });

  it("move: own cards go to the deck (made if missing), built-in items stay", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::a}}", "From"));
    const id = ownItemId(noteId, 1);
    expect(await moveItems(t.db, "a", [id, BUILT_IN], "To::Here")).toBe(1);
    const deck = await t.db.deck.findFirstOrThrow({ where: { userId: "a", name: "To::Here" } });
    expect((await state("a", id)).deck).toBe(deck.id);
    expect((await t.db.item.findUniqueOrThrow({ where: { id } })).deck).toBe(deck.id);
    expect((await state("a", BUILT_IN)).deck).toBe("concepts-norms");
  });

  it("personal notes: saved rendered, shown in the review, refused with nothing stored on bad math", async () => {
    expect(await savePersonalNote(t.db, "a", BUILT_IN, "Remember *this* $x$")).toEqual({ ok: true });
    expect(await fetchPersonalNote(t.db, "a", BUILT_IN)).toBe("Remember *this* $x$");
    expect((await fetchReviewSession(t.db, "a", NOW)).current?.personalNoteHtml).toContain("<em>this</em>");
    const bad = await savePersonalNote(t.db, "a", BUILT_IN, "$\\frac{$");
    expect(bad).toMatchObject({ ok: false, code: "math" });
    expect(await fetchPersonalNote(t.db, "a", BUILT_IN)).toBe("Remember *this* $x$");
    expect(await fetchPersonalNote(t.db, "b", BUILT_IN)).toBe("");
    expect((await fetchReviewSession(t.db, "b", NOW)).current?.personalNoteHtml).toBeNull();
    expect(await savePersonalNote(t.db, "a", BUILT_IN, "  ")).toEqual({ ok: true });
    expect(await t.db.personalNote.count()).toBe(0);
  });

  it("a second learner changes nothing of A's own cards with any of these", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::a}}"));
    const id = ownItemId(noteId, 1);
    const before = await snapshot();
    expect(await setSuspended(t.db, "b", [id], true)).toBe(0);
    expect(await buryItems(t.db, "b", [id], NOW)).toBe(0);
    expect(await unburyItems(t.db, "b", [id])).toBe(0);
    expect(await setFlag(t.db, "b", [id], 1)).toBe(0);
    expect(await resetItems(t.db, "b", [id])).toBe(0);
    expect(await setDue(t.db, "b", [id], { fromDays: 1, toDays: 1 }, NOW, createRng(2))).toBe(0);
    expect(await moveItems(t.db, "b", [id], "Stolen")).toBe(0);
    expect(await changeTag(t.db, "b", [id], "stolen", true)).toBe(0);
    await expect(savePersonalNote(t.db, "b", id, "mine")).rejects.toBeInstanceOf(NotFoundError);
    const after = await snapshot();
    // moveItems made B's (empty) deck; nothing of A's changed.
    expect({ ...after, decks: after.decks.filter((d) => d.userId === "a") }).toEqual(before);
  });
});

describe("images", () => {
  const PNG = Uint8Array.from(
    Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
      "base64",
    ),
  );

  it("are stored once per learner, read back only by their owner, and a refused one stores nothing", async () => {
    const first = await saveImage(t.db, "a", PNG, "image/png", NOW);
    if (!first.ok) throw new Error("refused");
    expect(first.src).toMatch(/^\/media\/[a-z2-7]{24}$/);
    expect(await saveImage(t.db, "a", PNG, "image/png", NOW)).toEqual(first);
    expect(await fetchImage(t.db, "a", first.id)).toEqual({ contentType: "image/png", bytes: PNG });
    expect(await fetchImage(t.db, "b", first.id)).toBeNull();
    const theirs = await saveImage(t.db, "b", PNG, "image/png", NOW);
    expect(theirs.ok && theirs.id).not.toBe(first.id);
    expect(await saveImage(t.db, "a", PNG, "image/gif", NOW)).toMatchObject({
      ok: false,
      problem: { code: "mismatch" },
    });
    expect(await t.db.media.count()).toBe(2);
    // The note's Markdown shows it: the renderer lets only /media/… images through.
    const noteId = await mustCreate("a", {
      type: "basic",
      deck: "D",
      tags: "",
      fields: { front: `![x](${first.src})`, back: "b" },
    });
    const payload = (await t.db.item.findUniqueOrThrow({ where: { id: ownItemId(noteId, 1) } })).payload;
    expect(payload).toContain(`<img src=\\"${first.src}\\"`);
  });
});

describe("practice and history of an own card", () => {
  it("are its owner's: another learner can neither open, drill nor read the history of it", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::secret}}"));
    const id = ownItemId(noteId, 1);
    expect((await fetchCardPractice(t.db, "a", id)).card.back.en).toContain("secret");
    await expect(fetchCardPractice(t.db, "b", id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      recordCardDrill(t.db, "b", { reviewId: "drill-b-000001", itemId: id, quality: 4, durationMs: 1000 }, NOW),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.db.reviewLog.count()).toBe(0);
    expect(await fetchItemHistory(t.db, "b", id)).toBeNull();
    expect(await fetchItemHistory(t.db, "a", id)).not.toBeNull();
    expect(
      await recordCardDrill(t.db, "a", { reviewId: "drill-a-000001", itemId: id, quality: 4, durationMs: 1000 }, NOW),
    ).toMatchObject({ duplicate: false });
  });
});

describe("deleting an account", () => {
  it("takes the learner's own decks, notes, cards (reviewed ones too), images and states; the other learner keeps theirs", async () => {
    const noteId = await mustCreate("a", cloze("{{c1::x}}"));
    const id = ownItemId(noteId, 1);
    const session = await fetchReviewSession(t.db, "a", NOW);
    await gradeItem(
      t.db,
      "a",
      {
        itemId: id,
        quality: 4,
        reviewId: "rev-a-delete1",
        expectedVersion: session.current?.version ?? 0,
        durationMs: 1000,
      },
      NOW,
    );
    await savePersonalNote(t.db, "a", BUILT_IN, "mine");
    await mustCreate("b", cloze("{{c1::y}}"));
    await deleteAccount(t.db, "a");
    expect(await t.db.item.count({ where: { ownerId: "a" } })).toBe(0);
    expect(await t.db.note.count({ where: { userId: "a" } })).toBe(0);
    expect(await t.db.deck.count({ where: { userId: "a" } })).toBe(0);
    expect(await t.db.personalNote.count()).toBe(0);
    expect(await t.db.item.count({ where: { ownerId: "b" } })).toBe(1);
    expect(await t.db.item.count({ where: { id: BUILT_IN } })).toBe(1);
  });
});

describe("the account export", () => {
  it("holds the learner's decks, limits, notes (trashed ones too), cards, personal notes and images, and nothing of another's", async () => {
    const kept = await mustCreate("a", cloze("ReLU is {{c1::max(0, x)}}", "ML::Activations", "act"));
    const trashed = await mustCreate("a", cloze("tanh is {{c1::odd}}", "ML::Other", "gone"));
    await trashNotes(t.db, "a", [trashed], NOW);
    await mustCreate("b", cloze("B's own {{c1::secret}}", "B deck", "theirs"));
    await savePersonalNote(t.db, "a", BUILT_IN, "Remember the L0 count");
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
      0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
    ]);
    const image = await saveImage(t.db, "a", png, "image/png", NOW);
    if (!image.ok) throw new Error("image refused");

    const exported = await exportAccount(t.db, "a");
    expect(exported.version).toBe(3);
    expect(exported.decks.map((d) => d.name)).toEqual(["ML", "ML::Activations", "ML::Other"]);
    expect(exported.notes.map((n) => [n.id, n.deletedAt !== null])).toEqual([
      [kept, false],
      [trashed, true],
    ]);
    expect(exported.notes[0]?.fields).toMatchObject({ text: "ReLU is {{c1::max(0, x)}}" });
    expect(exported.cards.map((c) => c.noteId).sort()).toEqual([kept, trashed].sort());
    expect(exported.personalNotes).toEqual([
      expect.objectContaining({ itemId: BUILT_IN, text: "Remember the L0 count" }),
    ]);
    expect(exported.media).toEqual([expect.objectContaining({ id: image.id, contentType: "image/png" })]);
    expect(Buffer.from(exported.media[0]?.base64 ?? "", "base64")).toEqual(Buffer.from(png));
    const text = JSON.stringify(exported);
    expect(text).not.toContain("secret");
    expect(text).not.toContain("B deck");
  });
});
