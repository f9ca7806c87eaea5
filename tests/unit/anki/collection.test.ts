import { readFileSync } from "node:fs";
import path from "node:path";

import Database from "better-sqlite3";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";

import { AnkiFormatError } from "@/lib/anki/errors";
import { readAnkiPackage } from "@/lib/anki/read-package";
import { ANKI_QUEUE } from "@/lib/anki/types";

import { buildSchema11, buildSchema18, buildSqliteFile, type SyntheticContent } from "./build-collection";
import { buildZip, encodeZstdStored, META_LATEST } from "./build-package";

const CRT_SECONDS = 1_700_000_000;
const HOME_DECK = 1_600_000_000_001;
const FILTERED_DECK = 1_600_000_000_002;
const BASIC = 1_500_000_000_001;

const BASIC_MODEL = {
  id: BASIC,
  name: "Basic",
  type: 0,
  // Stored out of order: the reader must order fields by `ord`.
  flds: [
    { name: "Back", ord: 1 },
    { name: "Front", ord: 0 },
  ],
  tmpls: [{ name: "Card 1", ord: 0, qfmt: "{{Front}}", afmt: "{{FrontSide}}<hr id=answer>{{Back}}" }],
};

const DECKS_11 = {
  [HOME_DECK]: { id: HOME_DECK, name: "Maths::Linear algebra", dyn: 0 },
  [FILTERED_DECK]: { id: FILTERED_DECK, name: "Cram", dyn: 1 },
};

const NOTE = { id: 10, guid: "g-10", mid: BASIC, tags: " linear  algebra ", flds: "What is a rank?\x1fThe dimension" };

const card = (id: number, extra: Partial<SyntheticContent["cards"][number]>): SyntheticContent["cards"][number] => ({
  id,
  nid: NOTE.id,
  did: HOME_DECK,
  type: 2,
  queue: 2,
  due: 30,
  ivl: 12,
  factor: 2350,
  ...extra,
});

const CONTENT: SyntheticContent = {
  notes: [NOTE],
  cards: [
    card(100, { reps: 7, lapses: 1 }),
    card(101, { did: FILTERED_DECK, odid: HOME_DECK, odue: 44, due: -100_000, queue: 0 }),
    card(102, { queue: ANKI_QUEUE.suspended }),
    card(103, { queue: ANKI_QUEUE.schedulerBuried }),
    card(104, { queue: ANKI_QUEUE.userBuried, type: 0, ivl: 0 }),
    card(105, { type: 1, queue: 1, due: CRT_SECONDS + 3600, ivl: 0 }),
    card(106, { data: '{"s":12.5,"d":5.1,"dr":0.9}' }),
  ],
  reviews: [
    { id: 1_700_000_100_000, cid: 100, ease: 3, ivl: -600, lastIvl: -60, factor: 2500, time: 4200, type: 0 },
    { id: 1_700_086_500_000, cid: 100, ease: 1, ivl: 1, lastIvl: 12, factor: 2300, time: 8000, type: 1 },
    { id: 1_700_172_900_000, cid: 102, ease: 0, ivl: 0, lastIvl: 12, factor: 2350, time: 0, type: 4 },
  ],
};

const legacy2 = (collection: Uint8Array): Uint8Array => buildZip({ "collection.anki21": collection });
const latest = (collection: Uint8Array): Uint8Array =>
  buildZip({ meta: META_LATEST, "collection.anki21b": encodeZstdStored(collection) });

function schema11(overrides: Partial<Parameters<typeof buildSchema11>[0]> = {}, content = CONTENT): Uint8Array {
  return buildSchema11(
    {
      crt: CRT_SECONDS,
      conf: { rollover: 2, schedVer: 2, fsrs: true },
      models: { [BASIC]: BASIC_MODEL },
      decks: DECKS_11,
      ...overrides,
    },
    content,
  );
}

function refusal(bytes: Uint8Array): AnkiFormatError {
  try {
    readAnkiPackage(bytes);
  } catch (error) {
    if (error instanceof AnkiFormatError) return error;
    throw error;
  }
  throw new Error("expected the collection to be refused");
}

describe("schema 11 collection", () => {
  const pkg = readAnkiPackage(legacy2(schema11()));

  it("reads the collection's facts from col.crt and col.conf", () => {
    expect(pkg.facts).toEqual({
      schemaVersion: 11,
      createdSeconds: CRT_SECONDS,
      rolloverHour: 2,
      schedulerVersion: 2,
      fsrsEnabled: true,
    });
  });

  it("takes Anki's defaults when col.conf names no rollover, scheduler or FSRS", () => {
    expect(readAnkiPackage(legacy2(schema11({ conf: {} }))).facts).toMatchObject({
      rolloverHour: 4,
      schedulerVersion: 1,
      fsrsEnabled: false,
    });
  });

  it("orders fields by ord and splits notes and tags", () => {
    expect(pkg.noteTypes[0]?.fieldNames).toEqual(["Front", "Back"]);
    expect(pkg.notes).toEqual([
      {
        id: 10,
        guid: "g-10",
        noteTypeId: BASIC,
        fields: ["What is a rank?", "The dimension"],
        tags: ["linear", "algebra"],
      },
    ]);
    expect(pkg.decks).toEqual([
      { id: HOME_DECK, name: "Maths::Linear algebra", filtered: false },
      { id: FILTERED_DECK, name: "Cram", filtered: true },
    ]);
  });

  it("gives a card in a filtered deck its home deck (odid) and home due (odue)", () => {
    expect(pkg.cards.find((c) => c.id === 101)).toMatchObject({
      deckId: HOME_DECK,
      filteredDeckId: FILTERED_DECK,
      due: -100_000,
      originalDue: 44,
    });
    expect(pkg.cards.find((c) => c.id === 100)).toMatchObject({
      deckId: HOME_DECK,
      filteredDeckId: null,
      originalDue: null,
    });
  });

  it("keeps suspended and buried queues with the card's own type", () => {
    expect(pkg.cards.filter((c) => c.queue < 0).map((c) => [c.id, c.queue, c.type])).toEqual([
      [102, -1, 2],
      [103, -2, 2],
      [104, -3, 0],
    ]);
    expect(pkg.cards.find((c) => c.id === 105)).toMatchObject({ type: 1, queue: 1, due: CRT_SECONDS + 3600 });
    expect(pkg.cards.find((c) => c.id === 100)).toMatchObject({
      intervalDays: 12,
      factorPermille: 2350,
      reps: 7,
      lapses: 1,
    });
  });

  it("parses cards.data (FSRS memory state), empty as {}", () => {
    expect(pkg.cards.find((c) => c.id === 106)?.data).toEqual({ s: 12.5, d: 5.1, dr: 0.9 });
    expect(pkg.cards.find((c) => c.id === 100)?.data).toEqual({});
  });

  it("reads review rows, including second intervals and manual entries", () => {
    expect(pkg.reviews).toEqual([
      {
        id: 1_700_000_100_000,
        cardId: 100,
        ease: 3,
        interval: -600,
        lastInterval: -60,
        factor: 2500,
        durationMs: 4200,
        type: 0,
      },
      {
        id: 1_700_086_500_000,
        cardId: 100,
        ease: 1,
        interval: 1,
        lastInterval: 12,
        factor: 2300,
        durationMs: 8000,
        type: 1,
      },
      {
        id: 1_700_172_900_000,
        cardId: 102,
        ease: 0,
        interval: 0,
        lastInterval: 12,
        factor: 2350,
        durationMs: 0,
        type: 4,
      },
    ]);
  });
});

describe("schema 18 collection", () => {
  const collection = buildSchema18(
    { crt: CRT_SECONDS, config: { rollover: 5, schedVer: 2, fsrs: true, curDeck: 1 } },
    [
      {
        id: BASIC,
        name: "Basic",
        cloze: false,
        fields: ["Front", "Back"],
        templates: [{ name: "Card 1", qfmt: "{{Front}}", afmt: "{{Back}}" }],
      },
      {
        id: BASIC + 1,
        name: "Cloze",
        cloze: true,
        fields: ["Text", "Back Extra"],
        templates: [{ name: "Cloze", qfmt: "{{cloze:Text}}", afmt: "{{cloze:Text}}<br>{{Back Extra}}" }],
      },
    ],
    [
      { id: HOME_DECK, levels: ["Maths", "Linear algebra", "Rank"] },
      { id: FILTERED_DECK, levels: ["Cram"], filtered: true },
    ],
    CONTENT,
  );

  it("is built with Anki's unicase collation, which plain SQLite cannot query", () => {
    const db = new Database(Buffer.from(collection));
    expect(() => db.prepare("SELECT name FROM decks WHERE name = 'x'").all()).toThrowError(
      "no such collation sequence: unicase",
    );
    db.close();
  });

  const pkg = readAnkiPackage(latest(collection));

  it("reads facts from the config table", () => {
    expect(pkg.facts).toEqual({
      schemaVersion: 18,
      createdSeconds: CRT_SECONDS,
      rolloverHour: 5,
      schedulerVersion: 2,
      fsrsEnabled: true,
    });
  });

  it("joins deck levels stored with \\x1f by ::, and reads the filtered kind", () => {
    expect(pkg.decks).toEqual([
      { id: HOME_DECK, name: "Maths::Linear algebra::Rank", filtered: false },
      { id: FILTERED_DECK, name: "Cram", filtered: true },
    ]);
  });

  it("reads note type kinds, ordered fields and protobuf templates", () => {
    expect(pkg.noteTypes).toEqual([
      {
        id: BASIC,
        name: "Basic",
        kind: "standard",
        fieldNames: ["Front", "Back"],
        templates: [{ ordinal: 0, name: "Card 1", questionFormat: "{{Front}}", answerFormat: "{{Back}}" }],
      },
      {
        id: BASIC + 1,
        name: "Cloze",
        kind: "cloze",
        fieldNames: ["Text", "Back Extra"],
        templates: [
          {
            ordinal: 0,
            name: "Cloze",
            questionFormat: "{{cloze:Text}}",
            answerFormat: "{{cloze:Text}}<br>{{Back Extra}}",
          },
        ],
      },
    ]);
    expect([pkg.notes.length, pkg.cards.length, pkg.reviews.length]).toEqual([1, 7, 3]);
  });
});

describe("collections refused", () => {
  it("names an unknown schema version", () => {
    const error = refusal(legacy2(schema11({ ver: 12 })));
    expect([error.code, error.message]).toEqual([
      "unknown-schema",
      "collection col.ver: unknown schema version 12 (expected 11 or 15, 16, 17, 18)",
    ]);
  });

  it("says a file that is not SQLite is not a readable database", () => {
    const error = refusal(legacy2(new TextEncoder().encode("definitely not sqlite, just text")));
    expect([error.code, error.message]).toEqual([
      "corrupt-sqlite",
      'package member "collection.anki21": not a readable SQLite database (file is not a database)',
    ]);
  });

  it("says a truncated real collection is corrupt", () => {
    const real = unzipSync(
      new Uint8Array(readFileSync(path.resolve(import.meta.dirname, "../../fixtures/anki/ankidroid-templates.apkg"))),
    );
    const whole = real["collection.anki2"];
    if (whole === undefined) throw new Error("fixture lost its collection");
    const error = refusal(legacy2(whole.subarray(0, 40_000)));
    expect(error.code).toBe("corrupt-sqlite");
    expect(error.message).toMatch(/^package member "collection.anki21": not a readable SQLite database \(.+\)$/);
  });

  it("names the JSON column that does not parse", () => {
    const collection = buildSqliteFile((db) => {
      db.exec("CREATE TABLE col (ver integer, crt integer, conf text, models text, decks text)");
      db.prepare("INSERT INTO col VALUES (11, 0, '{}', '{not json', '{}')").run();
    });
    expect(refusal(legacy2(collection)).message).toBe("collection col.models: expected JSON");
  });

  it("names a setting of the wrong type", () => {
    expect(refusal(legacy2(schema11({ conf: { rollover: "four" } }))).message).toBe(
      'collection col.conf rollover: expected an hour 0–23, got string "four"',
    );
  });

  it("names the card whose data is not JSON", () => {
    const content = { ...CONTENT, cards: [card(200, { data: "{s:1" })] };
    expect(refusal(legacy2(schema11({}, content))).message).toBe("collection cards.data (card 200): expected JSON");
  });

  it("names a missing table", () => {
    const collection = buildSqliteFile((db) => {
      db.exec("CREATE TABLE col (ver integer, crt integer, conf text, models text, decks text)");
      db.prepare("INSERT INTO col VALUES (11, 0, '{}', '{}', '{}')").run();
    });
    expect(refusal(legacy2(collection)).message).toBe(
      'collection table "notes": cannot be read (no such table: notes)',
    );
  });
});

describe("damaged protobuf settings", () => {
  it("names the template whose config blob is cut short", () => {
    // Field 1 (q_format) claims 100 bytes but holds 2.
    const cutShort = new Uint8Array([0x0a, 100, 0x7b, 0x7b]);
    const collection = buildSchema18(
      { crt: CRT_SECONDS, config: {} },
      [
        {
          id: BASIC,
          name: "Basic",
          cloze: false,
          fields: ["Front"],
          templates: [{ name: "Card 1", qfmt: "", afmt: "", rawConfig: cutShort }],
        },
      ],
      [{ id: 1, levels: ["Default"] }],
      { notes: [], cards: [], reviews: [] },
    );
    expect(refusal(latest(collection)).message).toBe(
      "collection templates.config (note type 1500000000001): protobuf field 1 runs past the end",
    );
  });

  it("names a meta member whose varint never ends", () => {
    expect(refusal(buildZip({ meta: new Uint8Array([0x08, 0x80]) })).message).toBe(
      'package member "meta": protobuf varint runs past the end',
    );
  });
});
