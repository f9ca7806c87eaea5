import { readFileSync } from "node:fs";
import path from "node:path";

import { unzipSync } from "fflate";
import initSqlJs, { type Database as SqlJsDatabase } from "sql.js";
import { beforeAll, describe, expect, it } from "vitest";

import { AnkiFormatError } from "@/lib/anki/errors";
import { readAnkiPackage } from "@/lib/anki/read-package";
import { ANKI_CARD_TYPE, ANKI_QUEUE, type AnkiCollection, type AnkiPackage } from "@/lib/anki/types";
import { ankiFieldChecksum, stripAnkiHtml, writeAnkiPackage, type AnkiPackageInput } from "@/lib/anki/write-package";

import { buildZip, META_LATEST } from "./build-package";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/anki");
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const inLatestPackage = (compressed: Uint8Array): Uint8Array =>
  buildZip({ meta: META_LATEST, "collection.anki21b": compressed, "collection.anki2": "stub" });

/** The written package always holds schema 11, whatever schema the source collection had. */
function asWritten(pkg: AnkiPackage): AnkiPackageInput {
  const { layout: _layout, ...rest } = pkg;
  return { ...rest, facts: { ...rest.facts, schemaVersion: 11 } };
}

const REAL_PACKAGES: [string, () => Uint8Array][] = [
  ["Anki's media.apkg (legacy-1, a media file)", () => fixture("anki-media.apkg")],
  ["AnkiDroid's templates.apkg (review history, cloze, filtered decks)", () => fixture("ankidroid-templates.apkg")],
  ["AnkiDroid's schema-16 collection", () => inLatestPackage(fixture("ankidroid-schema16.anki2.zst"))],
  ["a schema-18 collection with two decks", () => inLatestPackage(fixture("transformerman-two-deck.anki2.zst"))],
  ["a schema-18 collection with Image Occlusion", () => inLatestPackage(fixture("transformerman-empty.anki2.zst"))],
];

describe("writeAnkiPackage then readAnkiPackage gives the collection back", () => {
  it.each(REAL_PACKAGES)("%s", (_name, bytes) => {
    const original = asWritten(readAnkiPackage(bytes()));
    const again = readAnkiPackage(writeAnkiPackage(original));
    expect(again.layout).toBe("legacy-2");
    const { layout: _layout, ...collection } = again;
    expect(collection).toEqual(original);
    expect([...again.media.keys()]).toEqual([...original.media.keys()]);
  });

  it("the real packages carry what the round trip must preserve", () => {
    const templates = readAnkiPackage(fixture("ankidroid-templates.apkg"));
    expect(templates.reviews.length).toBe(102);
    expect(templates.cards.filter((c) => c.filteredDeckId !== null).length).toBe(16);
    expect(readAnkiPackage(fixture("anki-media.apkg")).media.size).toBe(1);
  });
});

describe("Anki's note checksum (rslib/src/notes/mod.rs test_field_checksum)", () => {
  it("matches Anki's published values", () => {
    expect(ankiFieldChecksum("test")).toBe(2840236005);
    expect(ankiFieldChecksum("今日")).toBe(1464653051);
  });

  it("strips HTML but keeps media file names, as strip_html_preserving_media_filenames", () => {
    expect(stripAnkiHtml('<b>ReLU</b>&nbsp;is <img src="relu.png"> &lt;max&gt;<!-- c -->')).toBe(
      "ReLU is  relu.png  <max>",
    );
  });
});

/** A collection with one card in each queue whose `due` means something different. */
const CREATED_SECONDS = 1_700_000_000; // 2023-11-14T22:13:20Z
const LEARNING_DUE_SECONDS = 1_700_086_400;
const REVIEW_DUE_DAYS = 12;
const synthetic: AnkiPackageInput = {
  facts: {
    schemaVersion: 11,
    createdSeconds: CREATED_SECONDS,
    rolloverHour: 4,
    schedulerVersion: 2,
    fsrsEnabled: false,
  },
  decks: [
    { id: 1, name: "Default", filtered: false },
    { id: 1_700_000_000_001, name: "Deep learning::Norms", filtered: false },
  ],
  noteTypes: [
    {
      id: 1_700_000_000_100,
      name: "Basic",
      kind: "standard",
      fieldNames: ["Front", "Back"],
      templates: [
        {
          ordinal: 0,
          name: "Card 1",
          questionFormat: "{{Front}}",
          answerFormat: "{{FrontSide}}<hr id=answer>{{Back}}",
        },
      ],
    },
  ],
  notes: [1, 2, 3].map((n) => ({
    id: 1_700_000_000_200 + n,
    guid: `guid${n}`,
    noteTypeId: 1_700_000_000_100,
    fields: [`<b>front ${n}</b>`, `back ${n}`],
    tags: ["norms"],
  })),
  cards: [
    { queue: ANKI_QUEUE.new, type: ANKI_CARD_TYPE.new, due: 7, ivl: 0 },
    { queue: ANKI_QUEUE.learning, type: ANKI_CARD_TYPE.learning, due: LEARNING_DUE_SECONDS, ivl: 0 },
    { queue: ANKI_QUEUE.review, type: ANKI_CARD_TYPE.review, due: REVIEW_DUE_DAYS, ivl: 9 },
  ].map((c, i) => ({
    id: 1_700_000_000_300 + i,
    noteId: 1_700_000_000_201 + i,
    deckId: 1_700_000_000_001,
    filteredDeckId: null,
    ordinal: 0,
    type: c.type,
    queue: c.queue,
    due: c.due,
    originalDue: null,
    intervalDays: c.ivl,
    factorPermille: c.queue === ANKI_QUEUE.new ? 0 : 2500,
    reps: c.queue === ANKI_QUEUE.new ? 0 : 3,
    lapses: 0,
    data: {},
  })),
  reviews: [
    {
      id: 1_700_000_500_000,
      cardId: 1_700_000_000_302,
      ease: 3,
      interval: 9,
      lastInterval: 4,
      factor: 2500,
      durationMs: 5200,
      type: 1,
    },
  ],
  media: new Map([["relu.png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]]),
};

/** Anki's schema 11 (rslib/src/storage/schema11.sql): every table and its columns, in order. */
const SCHEMA_11_COLUMNS: Record<string, string[]> = {
  col: ["id", "crt", "mod", "scm", "ver", "dty", "usn", "ls", "conf", "models", "decks", "dconf", "tags"],
  notes: ["id", "guid", "mid", "mod", "usn", "tags", "flds", "sfld", "csum", "flags", "data"],
  cards: [
    "id",
    "nid",
    "did",
    "ord",
    "mod",
    "usn",
    "type",
    "queue",
    "due",
    "ivl",
    "factor",
    "reps",
    "lapses",
    "left",
    "odue",
    "odid",
    "flags",
    "data",
  ],
  revlog: ["id", "cid", "usn", "ease", "ivl", "lastIvl", "factor", "time", "type"],
  graves: ["usn", "oid", "type"],
};

describe("the written collection.anki21 opened with sql.js, an independent SQLite", () => {
  let db: SqlJsDatabase;
  let members: Record<string, Uint8Array>;
  const rows = (sql: string): unknown[][] => db.exec(sql)[0]?.values ?? [];

  beforeAll(async () => {
    members = unzipSync(writeAnkiPackage(synthetic, { modifiedMs: 1_700_100_000_000 }));
    const SQL = await initSqlJs();
    const collection = members["collection.anki21"];
    if (!collection) throw new Error("no collection.anki21 in the package");
    db = new SQL.Database(collection);
  });

  it("has schema 11's tables with their columns, and no other tables", () => {
    const tables = rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r[0]);
    expect(tables).toEqual(Object.keys(SCHEMA_11_COLUMNS).sort());
    for (const [table, columns] of Object.entries(SCHEMA_11_COLUMNS)) {
      expect(rows(`PRAGMA table_info(${table})`).map((r) => r[1])).toEqual(columns);
    }
    expect(rows("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%' ORDER BY name").length).toBe(
      7,
    );
  });

  it("has one col row: ver 11, crt, and the JSON Anki 2.1 reads", () => {
    const [[ver, crt, models, decks, dconf, conf] = []] = rows("SELECT ver, crt, models, decks, dconf, conf FROM col");
    expect(ver).toBe(11);
    expect(crt).toBe(CREATED_SECONDS);
    const model = (JSON.parse(String(models)) as Record<string, Record<string, unknown>>)["1700000000100"];
    expect(model).toMatchObject({
      type: 0,
      sortf: 0,
      flds: [
        { name: "Front", ord: 0 },
        { name: "Back", ord: 1 },
      ],
    });
    expect(Object.keys(model ?? {})).toEqual(
      expect.arrayContaining(["css", "latexPre", "latexPost", "req", "tmpls", "usn", "mod"]),
    );
    const deck = (JSON.parse(String(decks)) as Record<string, Record<string, unknown>>)["1700000000001"];
    expect(deck).toMatchObject({ name: "Deep learning::Norms", dyn: 0, conf: 1, newToday: [0, 0] });
    expect(JSON.parse(String(dconf))).toHaveProperty(["1", "new", "perDay"], 20);
    expect(JSON.parse(String(conf))).toMatchObject({ schedVer: 2, rollover: 4, nextPos: 8 });
  });

  it("encodes due per queue: new = position, learning = Unix seconds, review = days since crt", () => {
    expect(rows("SELECT queue, type, due, ivl FROM cards ORDER BY id")).toEqual([
      [0, 0, 7, 0],
      [1, 1, LEARNING_DUE_SECONDS, 0],
      [2, 2, REVIEW_DUE_DAYS, 9],
    ]);
  });

  it("writes notes as Anki does: fields joined by \\x1f, sfld and csum of the stripped first field", () => {
    const [[flds, sfld, csum, tags] = []] = rows("SELECT flds, sfld, csum, tags FROM notes ORDER BY id LIMIT 1");
    expect(flds).toBe("<b>front 1</b>\x1fback 1");
    expect(sfld).toBe("front 1");
    expect(csum).toBe(ankiFieldChecksum("front 1"));
    expect(tags).toBe(" norms ");
  });

  it("carries the media as member 0 with a JSON media map, and meta version 2", () => {
    expect(JSON.parse(new TextDecoder().decode(members.media))).toEqual({ "0": "relu.png" });
    expect(members["0"]).toEqual(synthetic.media.get("relu.png"));
    expect([...(members.meta ?? [])]).toEqual([0x08, 0x02]);
    expect(members["collection.anki2"]).toBeUndefined();
  });
});

describe("bad input names what is wrong", () => {
  const base: AnkiCollection = synthetic;
  it("a card in no deck", () => {
    const card = base.cards[0];
    if (!card) throw new Error("fixture has cards");
    const broken = { ...synthetic, cards: [{ ...card, deckId: 42 }] };
    expect(() => writeAnkiPackage(broken)).toThrow(/cards\[1700000000300\]: no deck 42/);
  });
  it("a note with the wrong number of fields", () => {
    const note = base.notes[0];
    if (!note) throw new Error("fixture has notes");
    const broken = { ...synthetic, notes: [{ ...note, fields: ["only one"] }], cards: [] };
    expect(() => writeAnkiPackage(broken)).toThrow(/expected 2 fields/);
  });
  it("a media name with a path", () => {
    const broken = { ...synthetic, media: new Map([["../x.png", new Uint8Array([1])]]) };
    expect(() => writeAnkiPackage(broken)).toThrow(AnkiFormatError);
  });
});
