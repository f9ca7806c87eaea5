import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { AnkiFormatError } from "@/lib/anki/errors";
import { readAnkiPackage } from "@/lib/anki/read-package";

import { buildZip, encodeMediaEntries, encodeZstdStored, META_LATEST } from "./build-package";

/** Packages and collections written by Anki and AnkiDroid; sources in tests/fixtures/anki/README.md. */
const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/anki");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));

const BASIC_ANSWER = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}";

describe("Anki's media.apkg (legacy layout, schema 11, one media file)", () => {
  const pkg = readAnkiPackage(fixture("anki-media.apkg"));

  it("reads the schema-11 collection from collection.anki2", () => {
    expect(pkg.layout).toBe("legacy-1");
    expect(pkg.facts).toEqual({
      schemaVersion: 11,
      createdSeconds: 1348167600,
      rolloverHour: 4,
      schedulerVersion: 1,
      fsrsEnabled: false,
    });
    expect(pkg.decks).toEqual([{ id: 1, name: "Default", filtered: false }]);
  });

  it("reads its note types with fields and templates in order", () => {
    expect(pkg.noteTypes.map((t) => [t.id, t.name, t.kind, t.fieldNames])).toEqual([
      [1348208860315, "Basic", "standard", ["Front", "Back"]],
      [1348208860314, "Cloze", "cloze", ["Text", "Extra"]],
      [1348208768231, "Basic", "standard", ["Front", "Back"]],
    ]);
    expect(pkg.noteTypes[1]?.templates).toEqual([
      { ordinal: 0, name: "Cloze", questionFormat: "{{cloze:Text}}", answerFormat: "{{cloze:Text}}<br>\n{{Extra}}" },
    ]);
    expect(pkg.noteTypes[0]?.templates[0]?.answerFormat).toBe(BASIC_ANSWER);
  });

  it("reads the note, its new card and the media file named by the JSON map", () => {
    expect(pkg.notes).toEqual([
      { id: 1348208769429, guid: "L;*}1M{l6|", noteTypeId: 1348208768231, fields: ["[sound:foo.wav]", ""], tags: [] },
    ]);
    expect(pkg.cards).toEqual([
      {
        id: 1348208775304,
        noteId: 1348208769429,
        deckId: 1,
        filteredDeckId: null,
        ordinal: 0,
        type: 0,
        queue: 0,
        due: 2,
        originalDue: null,
        intervalDays: 0,
        factorPermille: 2500,
        reps: 0,
        lapses: 0,
        data: {},
      },
    ]);
    expect(pkg.reviews).toEqual([]);
    expect([...pkg.media.keys()]).toEqual(["foo.wav"]);
    expect(pkg.media.get("foo.wav")?.length).toBe(4);
  });
});

describe("AnkiDroid's templates.apkg (schema 11, cloze, filtered decks, review history)", () => {
  const pkg = readAnkiPackage(fixture("ankidroid-templates.apkg"));

  it("counts every deck, note type, note, card and review", () => {
    expect(pkg.layout).toBe("legacy-1");
    expect([pkg.decks.length, pkg.noteTypes.length, pkg.notes.length, pkg.cards.length, pkg.reviews.length]).toEqual([
      11, 9, 48, 146, 102,
    ]);
    expect(pkg.facts.createdSeconds).toBe(1342288800);
    expect(pkg.media.size).toBe(0);
  });

  it("keeps nested deck names and marks the two filtered decks", () => {
    expect(pkg.decks.find((d) => d.id === 1371989140089)).toEqual({
      id: 1371989140089,
      name: "1-TEMPLATES::Anatomy::BadTemplate",
      filtered: true,
    });
    expect(pkg.decks.filter((d) => d.filtered).map((d) => d.name)).toEqual([
      "1-TEMPLATES::Anatomy::BadTemplate",
      "1-TEMPLATES::Anatomy::BadOrderSections",
    ]);
  });

  it("knows cloze note types and splits a cloze note's fields", () => {
    expect(pkg.noteTypes.filter((t) => t.kind === "cloze").map((t) => t.name)).toEqual([
      "Conjugations Test Multi-Cloze",
      "TypingClozeTest",
      "NestedClozeTest",
      "cloze",
    ]);
    const clozeTypes = new Set(pkg.noteTypes.filter((t) => t.kind === "cloze").map((t) => t.id));
    expect(pkg.notes.filter((n) => clozeTypes.has(n.noteTypeId))).toHaveLength(6);
    const note = pkg.notes.find((n) => n.guid === "vrkrS7MW|m");
    expect(note?.fields).toHaveLength(17);
    expect(note?.fields[0]).toBe("Name field");
    expect(pkg.noteTypes.find((t) => t.id === 1370745371343)?.templates).toHaveLength(8);
    expect(pkg.notes.find((n) => n.id === 1370745757161)?.tags).toEqual(["Muscle", "UpperEx", "arm"]);
  });

  it("gives cards in a filtered deck their home deck and original due", () => {
    const moved = pkg.cards.filter((c) => c.filteredDeckId !== null);
    expect(moved).toHaveLength(16);
    expect(pkg.cards.find((c) => c.id === 1370748924470)).toMatchObject({
      deckId: 1371403431638,
      filteredDeckId: 1371989140089,
      due: -99996,
      originalDue: 6992,
    });
    expect(pkg.cards.filter((c) => c.queue === 1)).toHaveLength(15);
  });

  it("reads review history, with negative intervals meaning seconds", () => {
    expect(pkg.reviews[0]).toEqual({
      id: 1404609557545,
      cardId: 1404535701831,
      ease: 2,
      interval: 1,
      lastInterval: -3600,
      factor: 2500,
      durationMs: 1347,
      type: 0,
    });
    expect(pkg.reviews.at(-1)).toEqual({
      id: 1426640148150,
      cardId: 1423396097573,
      ease: 1,
      interval: -60,
      lastInterval: -60,
      factor: 0,
      durationMs: 2607,
      type: 0,
    });
    expect(pkg.reviews.filter((r) => r.interval < 0)).toHaveLength(100);
  });
});

describe("AnkiDroid's schema-16 collection (note types and decks in tables, COLLATE unicase)", () => {
  // The real collection, zstd-compressed by the zstd tool, placed in a latest-layout
  // package beside the stub collection.anki2 such packages carry.
  const latest = buildZip({
    meta: META_LATEST,
    "collection.anki21b": fixture("ankidroid-schema16.anki2.zst"),
    "collection.anki2": "stub that must never be read",
    media: encodeZstdStored(encodeMediaEntries(["pic.png"])),
    "0": encodeZstdStored(new Uint8Array([0x89, 0x50, 0x4e, 0x47])),
  });
  const pkg = readAnkiPackage(latest);

  it("reads the anki21b collection through the meta member", () => {
    expect(pkg.layout).toBe("latest");
    expect(pkg.facts).toEqual({
      schemaVersion: 16,
      createdSeconds: 1619060400,
      rolloverHour: 4,
      schedulerVersion: 2,
      fsrsEnabled: false,
    });
    expect(pkg.decks).toEqual([
      { id: 1, name: "Default", filtered: false },
      { id: 1619209816988, name: "ThisIsSchema16", filtered: false },
    ]);
    expect([pkg.notes, pkg.cards, pkg.reviews]).toEqual([[], [], []]);
  });

  it("reads note types, kinds, fields and protobuf templates", () => {
    expect(pkg.noteTypes.map((t) => [t.name, t.kind, t.fieldNames, t.templates.length])).toEqual([
      ["Basic", "standard", ["Front", "Back"], 1],
      ["Basic (and reversed card)", "standard", ["Front", "Back"], 2],
      ["Basic (optional reversed card)", "standard", ["Front", "Back", "Add Reverse"], 2],
      ["Basic (type in the answer)", "standard", ["Front", "Back"], 1],
      ["Cloze", "cloze", ["Text", "Back Extra"], 1],
    ]);
    expect(pkg.noteTypes[3]?.templates[0]).toEqual({
      ordinal: 0,
      name: "Card 1",
      questionFormat: "{{Front}}\n\n{{type:Back}}",
      answerFormat: "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}",
    });
    expect(pkg.noteTypes[4]?.templates[0]?.questionFormat).toBe("{{cloze:Text}}");
    expect(pkg.noteTypes[0]?.templates[0]?.answerFormat).toBe(BASIC_ANSWER);
  });

  it("reads zstd-compressed media through the MediaEntries list", () => {
    expect([...pkg.media.entries()]).toEqual([["pic.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47])]]);
  });
});

/** A real collection, zstd-compressed, in a latest-layout package as Anki exports it. */
const inLatestPackage = (compressedCollection: Uint8Array): Uint8Array =>
  buildZip({
    meta: META_LATEST,
    "collection.anki21b": compressedCollection,
    "collection.anki2": "stub that must never be read",
  });

describe("a schema-18 collection from an Anki profile created in December 2023 (two decks, review history)", () => {
  const pkg = readAnkiPackage(inLatestPackage(fixture("transformerman-two-deck.anki2.zst")));

  it("reads facts from the config table and \x1f-free deck names from the decks table", () => {
    expect(pkg.facts).toEqual({
      schemaVersion: 18,
      createdSeconds: 1701831600,
      rolloverHour: 4,
      schedulerVersion: 2,
      fsrsEnabled: false,
    });
    expect(pkg.decks).toEqual([
      { id: 1, name: "Default", filtered: false },
      { id: 1701890040030, name: "deckb", filtered: false },
      { id: 1701890085077, name: "decka", filtered: false },
    ]);
    expect(pkg.noteTypes.map((t) => [t.name, t.kind])).toEqual([
      ["Basic", "standard"],
      ["Basic (and reversed card)", "standard"],
      ["Basic (optional reversed card)", "standard"],
      ["Basic (type in the answer)", "standard"],
      ["Cloze", "cloze"],
    ]);
  });

  it("reads notes, cards per deck and review cards", () => {
    expect([pkg.notes.length, pkg.cards.length, pkg.reviews.length]).toEqual([16, 16, 8]);
    expect(pkg.notes[0]).toEqual({
      id: 1701890133045,
      guid: "HRR`+0p9?K",
      noteTypeId: 1701889995335,
      fields: ["aaa car", "aaa"],
      tags: [],
    });
    expect(pkg.cards.filter((c) => c.deckId === 1701890085077)).toHaveLength(10);
    expect(pkg.cards.filter((c) => c.deckId === 1701890040030)).toHaveLength(6);
    expect(
      pkg.cards.filter((c) => c.type === 2 && c.queue === 2).map((c) => [c.id, c.due, c.intervalDays, c.reps]),
    ).toEqual([
      [1701890133046, 1, 1, 2],
      [1701890142102, 1, 1, 2],
      [1701890146289, 5, 5, 2],
      [1701890173047, 4, 4, 1],
      [1701890181405, 4, 4, 1],
    ]);
  });

  it("reads the learning steps (seconds) and graduations (days) of the review log", () => {
    expect(pkg.reviews.slice(0, 2)).toEqual([
      {
        id: 1701890337239,
        cardId: 1701890133046,
        ease: 3,
        interval: -600,
        lastInterval: -60,
        factor: 0,
        durationMs: 3829,
        type: 0,
      },
      {
        id: 1701890342622,
        cardId: 1701890133046,
        ease: 3,
        interval: 1,
        lastInterval: -600,
        factor: 2500,
        durationMs: 5360,
        type: 0,
      },
    ]);
    expect(pkg.reviews.map((r) => r.ease)).toEqual([3, 3, 4, 4, 3, 3, 3, 4]);
  });
});

describe("an empty schema-18 collection from an Anki profile created in May 2024", () => {
  const pkg = readAnkiPackage(inLatestPackage(fixture("transformerman-empty.anki2.zst")));

  it("reads Image Occlusion as a cloze-kind note type with its fields", () => {
    expect(pkg.facts.createdSeconds).toBe(1716170400);
    expect(pkg.noteTypes.find((t) => t.name === "Image Occlusion")).toMatchObject({
      id: 1716208388868,
      kind: "cloze",
      fieldNames: ["Occlusion", "Image", "Header", "Back Extra", "Comments"],
    });
    expect([pkg.notes, pkg.reviews]).toEqual([[], []]);
  });

  it("reports the orphan card the file holds as stored, leaving the decision to the importer", () => {
    expect(pkg.cards).toEqual([
      {
        id: 0,
        noteId: 1717077852814,
        deckId: 1,
        filteredDeckId: null,
        ordinal: 0,
        type: 0,
        queue: 0,
        due: 1,
        originalDue: null,
        intervalDays: 0,
        factorPermille: 0,
        reps: 0,
        lapses: 0,
        data: {},
      },
    ]);
  });
});

describe("AnkiDroid's schema-250 collection", () => {
  it("is refused with its schema number", () => {
    const pkg = buildZip({ "collection.anki21": fixture("ankidroid-schema250.anki2") });
    expect(() => readAnkiPackage(pkg)).toThrowError(
      new AnkiFormatError(
        "unknown-schema",
        "collection col.ver: unknown schema version 250 (expected 11 or 15, 16, 17, 18)",
      ),
    );
  });
});
