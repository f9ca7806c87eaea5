/**
 * A learner's deck out to Anki: their own notes (basic, reverse, cloze, an
 * image) with schedules and review history, read back with the package
 * reader; a second learner's notes, images and reviews never appear.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { EXPORT_NOTE_TYPES } from "@/lib/anki/export-fields";
import { readAnkiPackage } from "@/lib/anki/read-package";
import { ANKI_CARD_TYPE, ANKI_QUEUE, type AnkiPackage } from "@/lib/anki/types";
import type { NoteDraft } from "@/lib/notes/note";
import { ankiEaseOfQuality, exportDeckAsApkg, exportDeckAsCsv } from "@/lib/server/anki-export";
import { importAnkiPackage } from "@/lib/server/anki-import";
import { setSuspended } from "@/lib/server/item-state";
import { saveImage } from "@/lib/server/media";
import { createNote, ownItemId } from "@/lib/server/notes";
import { gradeItem } from "@/lib/server/reviews";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

// Tuesday 10 March 2026, 10:00 UTC; the learners' days start at 04:00 UTC.
const NOW = new Date("2026-03-10T10:00:00Z");
const DAY_START = new Date("2026-03-10T04:00:00Z");
const EXPORTED_AT = new Date("2026-03-10T11:00:00Z");
const FIXTURE_CONTENT = path.resolve(import.meta.dirname, "../fixtures/content");
/** A 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/** A new card's position: checked as a whole further down. */
const A_POSITION: unknown = expect.any(Number);

let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
  for (const id of ["a", "b"])
    await t.db.user.create({ data: { id, email: `${id}@example.test`, timeZone: "UTC", dayStartHour: 4 } });
});
afterEach(async () => t.close());

async function mustCreate(userId: string, draft: NoteDraft): Promise<string> {
  const r = await createNote(t.db, userId, draft, NOW);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.noteId;
}

async function grade(userId: string, itemId: string, quality: number, reviewId: string, durationMs = 4000, at = NOW) {
  const state = await t.db.itemState.findUniqueOrThrow({ where: { userId_itemId: { userId, itemId } } });
  await gradeItem(t.db, userId, { itemId, quality, reviewId, expectedVersion: state.version, durationMs }, at);
}

const deckKey = async (userId: string, name: string) =>
  (await t.db.deck.findFirstOrThrow({ where: { userId, name } })).id;

/** Learner A's notes under "ML", learner B's under a deck of the same name. */
async function seed() {
  const image = await saveImage(t.db, "a", PNG, "image/png", NOW);
  if (!image.ok) throw new Error("image refused");
  const basic = await mustCreate("a", {
    type: "basic",
    deck: "ML::Norms",
    tags: "norms ch4",
    fields: { front: "What is $\\|x\\|_2$?", back: "The **Euclidean** norm:\n$$\\sqrt{\\sum_i x_i^2}$$" },
  });
  const reverse = await mustCreate("a", {
    type: "basic-reverse",
    deck: "ML",
    tags: "",
    fields: { front: "ReLU", back: "max(0, x)" },
  });
  const cloze = await mustCreate("a", {
    type: "cloze",
    deck: "ML::Activations",
    tags: "act",
    fields: { text: "{{c1::ReLU}} and {{c2::$\\sigma(x)$}}", extra: "" },
  });
  const picture = await mustCreate("a", {
    type: "basic",
    deck: "ML",
    tags: "",
    fields: { front: `Which function?\n\n![plot](${image.src})`, back: "ReLU" },
  });
  const otherImage = await saveImage(t.db, "b", Uint8Array.from([...PNG, 0]), "image/png", NOW);
  if (!otherImage.ok) throw new Error("image refused");
  const secret = await mustCreate("b", {
    type: "basic",
    deck: "ML",
    tags: "secret",
    fields: { front: "B's own question", back: `![b](${otherImage.src})` },
  });

  await grade("a", ownItemId(basic, 1), 5, "rev-a-1", 3000);
  await grade("a", ownItemId(cloze, 1), 1, "rev-a-2", 6000);
  await grade("a", ownItemId(picture, 1), 4, "rev-a-3", 2000);
  await setSuspended(t.db, "a", [ownItemId(reverse, 2)], true);
  await grade("b", ownItemId(secret, 1), 3, "rev-b-1", 9000);
  return { basic, reverse, cloze, picture, secret, imageId: image.id, otherImageId: otherImage.id };
}

async function exportA(scheduling: boolean): Promise<AnkiPackage> {
  const file = await exportDeckAsApkg(t.db, "a", await deckKey("a", "ML"), { scheduling, now: EXPORTED_AT });
  if (!file) throw new Error("no export");
  return readAnkiPackage(file.bytes);
}

describe("exportDeckAsApkg, an own deck with its sub-decks", () => {
  it("holds the learner's notes, in Anki's note types, with math for MathJax and the image by file name", async () => {
    const s = await seed();
    const pkg = await exportA(true);
    expect(pkg.layout).toBe("legacy-2");
    expect(pkg.decks.map((d) => d.name).sort()).toEqual(["Default", "ML", "ML::Activations", "ML::Norms"]);
    const typeOf = (id: number) => pkg.noteTypes.find((n) => n.id === id)?.name;
    const fields = pkg.notes.map((n) => [typeOf(n.noteTypeId), ...n.fields, n.tags.join(" ")]);
    expect(fields).toHaveLength(4);
    expect(fields).toContainEqual([
      EXPORT_NOTE_TYPES.basic.name,
      "<p>What is \\(\\|x\\|_2\\)?</p>",
      "<p>The <strong>Euclidean</strong> norm:</p>\n<div>\\[\\sqrt{\\sum_i x_i^2}\\]</div>",
      "norms ch4",
    ]);
    expect(fields).toContainEqual([EXPORT_NOTE_TYPES["basic-reverse"].name, "<p>ReLU</p>", "<p>max(0, x)</p>", ""]);
    expect(fields).toContainEqual([
      EXPORT_NOTE_TYPES.cloze.name,
      "<p>{{c1::ReLU}} and {{c2::\\(\\sigma(x)\\)}}</p>",
      "",
      "act",
    ]);
    expect(fields).toContainEqual([
      EXPORT_NOTE_TYPES.basic.name,
      `<p>Which function?</p>\n<p><img src="${s.imageId}.png" alt="plot"></p>`,
      "<p>ReLU</p>",
      "",
    ]);
    expect(pkg.noteTypes.find((n) => n.name === EXPORT_NOTE_TYPES.cloze.name)?.kind).toBe("cloze");
    expect([...pkg.media.keys()]).toEqual([`${s.imageId}.png`]);
    expect(pkg.media.get(`${s.imageId}.png`)).toEqual(PNG);
  });

  it("keeps each card's state and the review history, a suspended card in queue -1", async () => {
    const s = await seed();
    const pkg = await exportA(true);
    // Day 0 is the learner's day of the export (no earlier review or due date).
    expect(pkg.facts).toMatchObject({
      createdSeconds: DAY_START.getTime() / 1000,
      rolloverHour: 4,
      schedulerVersion: 2,
    });
    const noteOf = (text: string) => pkg.notes.find((n) => n.fields[0]?.includes(text));
    const cardsOf = (text: string) =>
      pkg.cards
        .filter((c) => c.noteId === noteOf(text)?.id)
        .sort((x, y) => x.ordinal - y.ordinal)
        .map((c) => ({
          ord: c.ordinal,
          type: c.type,
          queue: c.queue,
          due: c.due,
          ivl: c.intervalDays,
          factor: c.factorPermille,
          reps: c.reps,
          lapses: c.lapses,
        }));
    const states = Object.fromEntries(
      (await t.db.itemState.findMany({ where: { userId: "a" } })).map((st) => [st.itemId, st] as const),
    );
    const basic = states[ownItemId(s.basic, 1)];
    const cloze1 = states[ownItemId(s.cloze, 1)];
    // Graded 5 while new: one day, due tomorrow (day 1 of the collection).
    expect(basic).toMatchObject({ status: "active", intervalDays: 1, dueAt: new Date("2026-03-11T04:00:00Z") });
    expect(cardsOf("What is")).toEqual([
      {
        ord: 0,
        type: ANKI_CARD_TYPE.review,
        queue: ANKI_QUEUE.review,
        due: 1,
        ivl: 1,
        factor: basic?.easePermille,
        reps: basic?.repetitions,
        lapses: 0,
      },
    ]);
    expect(cardsOf("<p>ReLU</p>")).toEqual([
      {
        ord: 0,
        type: ANKI_CARD_TYPE.new,
        queue: ANKI_QUEUE.new,
        due: A_POSITION,
        ivl: 0,
        factor: 0,
        reps: 0,
        lapses: 0,
      },
      {
        ord: 1,
        type: ANKI_CARD_TYPE.new,
        queue: ANKI_QUEUE.suspended,
        due: A_POSITION,
        ivl: 0,
        factor: 0,
        reps: 0,
        lapses: 0,
      },
    ]);
    // Failed today: relearning in the learning queue, due in Unix seconds, its interval as the app has it.
    expect(cloze1).toMatchObject({ status: "active", redrill: "relearn", intervalDays: 0, lapses: 0 });
    const [c1, c2] = cardsOf("{{c1::");
    expect(c1).toMatchObject({ ord: 0, type: ANKI_CARD_TYPE.relearning, queue: ANKI_QUEUE.learning, ivl: 0 });
    expect(c1?.due).toBe(Math.floor((cloze1?.dueAt?.getTime() ?? 0) / 1000));
    expect(c2).toMatchObject({ ord: 1, type: ANKI_CARD_TYPE.new, queue: ANKI_QUEUE.new });
    // New cards keep the app's order as positions 1, 2, ….
    expect(
      pkg.cards
        .filter((c) => c.type === ANKI_CARD_TYPE.new)
        .map((c) => c.due)
        .sort((x, y) => x - y),
    ).toEqual([1, 2, 3]);

    const logs = await t.db.reviewLog.findMany({ where: { userId: "a" }, orderBy: { reviewedAt: "asc" } });
    expect(pkg.reviews.map((r) => [r.ease, r.interval, r.lastInterval, r.factor, r.durationMs, r.type])).toEqual(
      logs.map((l) => [ankiEaseOfQuality(l.quality), l.intervalAfter, l.intervalBefore, l.easeAfter, l.durationMs, 0]),
    );
    expect(pkg.reviews.map((r) => r.ease)).toEqual([4, 1, 3]);
    const cardIdOf = (text: string, ord = 0) =>
      pkg.cards.find((c) => c.noteId === noteOf(text)?.id && c.ordinal === ord)?.id;
    expect(pkg.reviews.map((r) => r.cardId)).toEqual([
      cardIdOf("What is"),
      cardIdOf("{{c1::"),
      cardIdOf("Which function"),
    ]);
  });

  it("never holds another learner's notes, images or reviews, and a deck of theirs is not found", async () => {
    const s = await seed();
    const file = await exportDeckAsApkg(t.db, "a", await deckKey("a", "ML"), { scheduling: true, now: EXPORTED_AT });
    const text = new TextDecoder("utf-8", { fatal: false }).decode(file?.bytes);
    const pkg = readAnkiPackage(file?.bytes ?? new Uint8Array());
    expect(pkg.notes.flatMap((n) => n.fields).join(" ")).not.toContain("B's own question");
    expect(pkg.notes.flatMap((n) => n.tags)).not.toContain("secret");
    expect([...pkg.media.keys()].join()).not.toContain(s.otherImageId);
    expect(pkg.reviews.map((r) => r.durationMs)).not.toContain(9000);
    expect(text).not.toContain(s.otherImageId);
    expect(
      await exportDeckAsApkg(t.db, "b", await deckKey("a", "ML"), { scheduling: true, now: EXPORTED_AT }),
    ).toBeNull();
    // B's own deck of the same name holds only B's note.
    const theirs = await exportDeckAsApkg(t.db, "b", await deckKey("b", "ML"), { scheduling: true, now: EXPORTED_AT });
    const other = readAnkiPackage(theirs?.bytes ?? new Uint8Array());
    expect(other.notes.map((n) => n.fields[0])).toEqual(["<p>B&#39;s own question</p>"]);
    expect(other.reviews.map((r) => [r.ease, r.durationMs])).toEqual([[2, 9000]]);
  });

  it("writes each log row's kind as its revlog type, leaving undone reviews and drills out", async () => {
    const s = await seed();
    const card = ownItemId(s.basic, 1);
    const nextDay = new Date("2026-03-11T09:00:00Z");
    await grade("a", card, 1, "rev-a-4", 5000, nextDay);
    await grade("a", card, 4, "rev-a-5", 5000, new Date("2026-03-11T09:05:00Z"));
    // An undone review and an out-of-schedule drill of the same card.
    await t.db.reviewLog.update({ where: { id: "rev-a-3" }, data: { undoneAt: NOW } });
    const drill = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "rev-a-1" } });
    await t.db.reviewLog.create({ data: { ...drill, id: "drill-a-1", kind: "drill", reviewedAt: nextDay } });
    const kinds = await t.db.reviewLog.findMany({
      where: { userId: "a", itemId: card },
      orderBy: { reviewedAt: "asc" },
    });
    expect(kinds.map((l) => [l.id, l.kind])).toEqual([
      ["rev-a-1", "new"],
      ["rev-a-4", "review"],
      ["drill-a-1", "drill"],
      ["rev-a-5", "relearn"],
    ]);
    const file = await exportDeckAsApkg(t.db, "a", await deckKey("a", "ML"), {
      scheduling: true,
      now: new Date("2026-03-11T10:00:00Z"),
    });
    const pkg = readAnkiPackage(file?.bytes ?? new Uint8Array());
    // learn 0, review 1, relearn 2 (rslib/src/revlog/mod.rs); the cloze card's new review stays, picture's is undone.
    expect(pkg.reviews.map((r) => [r.type, r.ease, r.durationMs])).toEqual([
      [0, 4, 3000],
      [0, 1, 6000],
      [1, 1, 5000],
      [2, 3, 5000],
    ]);
  });

  it("without scheduling, every card is new and no history goes", async () => {
    await seed();
    const pkg = await exportA(false);
    expect(pkg.cards).toHaveLength(6);
    expect(pkg.cards.every((c) => c.type === ANKI_CARD_TYPE.new && c.queue === ANKI_QUEUE.new && c.reps === 0)).toBe(
      true,
    );
    expect(pkg.reviews).toEqual([]);
  });

  it("gives the same guids on a second export, and keeps a note's own Anki guid", async () => {
    const s = await seed();
    await t.db.note.update({ where: { id: s.reverse }, data: { guid: "imported-guid" } });
    const first = await exportA(true);
    const second = await exportA(true);
    expect(second.notes.map((n) => n.guid)).toEqual(first.notes.map((n) => n.guid));
    expect(first.notes.map((n) => n.guid)).toContain("imported-guid");
  });
});

describe("exportDeckAsApkg, a built-in deck", () => {
  it("writes each card source as one bilingual note, cloze cards as a cloze note", async () => {
    await syncFixtureCards(t.db, NOW);
    // Learner B studies one of the shared cards; none of it may reach A's export.
    const shared = await t.db.item.findFirstOrThrow({ where: { deck: "fixture-norms" }, orderBy: { position: "asc" } });
    await t.db.itemState.create({
      data: { userId: "b", itemId: shared.id, position: shared.position, deck: "fixture-norms" },
    });
    await grade("b", shared.id, 5, "rev-b-shared");
    const file = await exportDeckAsApkg(t.db, "a", "fixture-norms", {
      scheduling: true,
      now: EXPORTED_AT,
      contentDir: FIXTURE_CONTENT,
    });
    const pkg = readAnkiPackage(file?.bytes ?? new Uint8Array());
    expect(pkg.decks.map((d) => d.name)).toEqual(["Default", "Deep learning::范数 Norms"]);
    const l1 = pkg.notes.find((n) => n.fields[0]?.includes("L1"));
    expect(l1?.noteTypeId).toBe(EXPORT_NOTE_TYPES.builtInBasic.id);
    expect(l1?.fields).toEqual([
      '<div lang="zh"><p>什么是 L1 范数？</p></div>\n<hr>\n<div lang="en"><p>What is the L1 norm?</p></div>',
      '<div lang="zh"><p>元素绝对值之和：\\(\\|x\\|_1 = \\sum_i |x_i|\\)</p></div>\n<hr>\n<div lang="en"><p>The sum of absolute values: \\(\\|x\\|_1 = \\sum_i |x_i|\\)</p></div>',
      "部分概念补充 › 4、范数",
    ]);
    expect(l1?.tags).toEqual(["concepts", "norms"]);
    expect(pkg.reviews).toEqual([]);
    expect(pkg.cards.every((c) => c.type === ANKI_CARD_TYPE.new)).toBe(true);
    const cloze = pkg.notes.find((n) => n.noteTypeId === EXPORT_NOTE_TYPES.builtInCloze.id);
    const items = await t.db.item.findMany({ where: { deck: "fixture-norms", retiredAt: null } });
    expect(pkg.cards).toHaveLength(items.length);
    expect(
      pkg.cards
        .filter((c) => c.noteId === cloze?.id)
        .map((c) => c.ordinal)
        .sort(),
    ).toEqual(items.filter((i) => i.cardType === "cloze").map((_, n) => n));
  });
});

describe("exportDeckAsCsv", () => {
  it("writes one row per note with Anki's import headers, none of another learner's", async () => {
    await seed();
    const file = await exportDeckAsCsv(t.db, "a", await deckKey("a", "ML"), { scheduling: false, now: EXPORTED_AT });
    const text = new TextDecoder().decode(file?.bytes);
    const lines = text.trimEnd().split("\n");
    expect(lines.slice(0, 2)).toEqual(["#separator:tab", "#html:true"]);
    expect(lines).toContain("#tags column:6");
    // A row starts with the guid (quoted if it starts with #) and the note type; fields may span lines.
    // Anki's stock note types, which the text importer finds by name in any collection.
    const types = lines.flatMap(
      (l) => /^("#)?[^\t"]*"?\t(Basic|Basic \(and reversed card\)|Cloze)\t/.exec(l)?.[2] ?? [],
    );
    expect(types.sort()).toEqual(["Basic", "Basic", "Basic (and reversed card)", "Cloze"]);
    expect(text).toContain("ML::Norms\t<p>What is \\(\\|x\\|_2\\)?</p>");
    expect(text).not.toContain("B's own question");
  });
});

describe("export, then the app's own import into another account", () => {
  it("gives back the same notes, card states and review log", async () => {
    await seed();
    await t.db.user.create({ data: { id: "c", email: "c@example.test", timeZone: "UTC", dayStartHour: 4 } });
    const file = await exportDeckAsApkg(t.db, "a", await deckKey("a", "ML"), { scheduling: true, now: EXPORTED_AT });
    await importAnkiPackage(t.db, "c", file?.bytes ?? new Uint8Array(), { now: EXPORTED_AT });
    // The same text but for layout: an image names the new account's upload, a display formula gets its own paragraph.
    const normalize = (text: string) =>
      text.replace(/<?\/media\/[A-Za-z0-9_-]+>?/g, "/media/ID").replace(/(\\n)+/g, "\\n");
    const notesOf = async (userId: string) =>
      (await t.db.note.findMany({ where: { userId } })).map((n) => [n.type, normalize(n.fields), n.tags]).sort();
    expect(await notesOf("c")).toEqual(await notesOf("a"));
    const statesOf = async (userId: string) =>
      (await t.db.itemState.findMany({ where: { userId, item: { ownerId: userId } } }))
        .map((st) => [
          normalize(st.searchText),
          st.status,
          st.repetitions,
          st.intervalDays,
          st.easePermille,
          st.dueAt?.toISOString() ?? null,
          st.lapses,
          st.suspended,
          st.redrill,
        ])
        .sort();
    expect(await statesOf("c")).toEqual(await statesOf("a"));
    const logsOf = async (userId: string) =>
      (await t.db.reviewLog.findMany({ where: { userId }, orderBy: { reviewedAt: "asc" } })).map((l) => ({
        row: [l.kind, l.quality, l.durationMs, l.intervalBefore, l.intervalAfter, l.easeBefore, l.easeAfter],
        at: l.reviewedAt.getTime(),
      }));
    const [before, after] = [await logsOf("a"), await logsOf("c")];
    expect(after.map((l) => l.row)).toEqual(before.map((l) => l.row));
    // revlog ids are review times in ms and unique: reviews in the same ms come back 1 ms apart.
    after.forEach((l, i) => expect(Math.abs(l.at - (before[i]?.at ?? 0))).toBeLessThanOrEqual(before.length));
  });
});

describe("the built-in deck, exported and imported into another account", () => {
  it("gives that account the same cards, as its own notes", async () => {
    await syncFixtureCards(t.db, NOW);
    const file = await exportDeckAsApkg(t.db, "a", "fixture-norms", {
      scheduling: false,
      now: EXPORTED_AT,
      contentDir: FIXTURE_CONTENT,
    });
    const summary = await importAnkiPackage(t.db, "b", file?.bytes ?? new Uint8Array(), { now: EXPORTED_AT });
    const builtIn = await t.db.item.findMany({ where: { ownerId: null, deck: "fixture-norms", retiredAt: null } });
    const theirs = await t.db.item.findMany({ where: { ownerId: "b", retiredAt: null } });
    expect(summary.cards).toBe(builtIn.length);
    expect(theirs.map((i) => i.cardType).sort()).toEqual(builtIn.map((i) => i.cardType).sort());
    const notes = await t.db.note.findMany({ where: { userId: "b" } });
    expect(notes).toHaveLength(new Set(builtIn.map((i) => i.contentId.replace(/-c\d+$/, ""))).size);
    expect(notes.map((n) => n.fields).join("\n")).toContain("What is the L1 norm?");
    expect(notes.map((n) => n.fields).join("\n")).toContain("什么是 L1 范数？");
  });
});
