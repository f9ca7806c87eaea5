/**
 * Writes an .apkg in Anki's legacy-2 layout, which current Anki still imports:
 * a zip with `meta` (PackageMetadata version 2), `collection.anki21` (a
 * schema-11 SQLite collection) and a JSON `media` map `{"0": "name.png"}`
 * whose files are the members `0`, `1`, ….
 *
 * Sources (ankitects/anki at c32cb2913d6f4d21e06876265634c55d9d55ee69):
 * - tables: rslib/src/storage/schema11.sql;
 * - the `col` row's JSON: rslib/src/notetype/schema11.rs (NotetypeSchema11,
 *   NoteFieldSchema11, CardTemplateSchema11), rslib/src/decks/schema11.rs
 *   (NormalDeckSchema11, FilteredDeckSchema11), rslib/src/deckconfig/schema11.rs
 *   (DeckConfSchema11::default);
 * - the package: rslib/src/import_export/package/colpkg/export.rs (meta, then
 *   the collection, then the media map) and the removed pylib/anki/exporting.py
 *   (AnkiPackageExporter: media members named by their index);
 * - `csum`/`sfld`: rslib/src/notes/mod.rs (field_checksum over
 *   strip_html_preserving_media_filenames of the first field) and rslib/src/text.rs.
 *
 * The SQLite file is built in memory (better-sqlite3 `:memory:`, then
 * `serialize()`): no temporary files.
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { zipSync, type Zippable } from "fflate";

import { AnkiFormatError } from "./errors";
import { checkMediaName } from "./package";
import type { AnkiCard, AnkiCollection, AnkiDeck, AnkiNoteType } from "./types";

/** The collection schema the legacy layouts carry (meta.rs: Legacy1 | Legacy2 => SchemaVersion::V11). */
export const ANKI_EXPORT_SCHEMA_VERSION = 11;
/** `PackageMetadata { version: LEGACY_2 }` encoded: field 1, varint 2. */
const META_LEGACY_2 = new Uint8Array([0x08, 0x02]);
const FIELD_SEPARATOR = "\x1f";
/** Anki's own default deck options group; every normal deck here points at it. */
const DEFAULT_DECK_CONFIG_ID = 1;
/** `usn` -1 marks a change not yet synced, as a freshly exported collection has. */
const UNSYNCED_USN = -1;
const MS_PER_SECOND = 1000;

/** rslib/src/storage/schema11.sql, tables and indexes as Anki creates them. */
const SCHEMA_11_SQL = `
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL, ver integer NOT NULL,
  dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL, models text NOT NULL,
  decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
  tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL,
  data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL, mod integer NOT NULL,
  usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL,
  factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL,
  odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL, ivl integer NOT NULL,
  lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
`;

/** What `writeAnkiPackage` takes: the reader's own collection shape, its media by file name. */
export type AnkiPackageInput = AnkiCollection & { media: Map<string, Uint8Array> };

/** Options that are not part of the collection: when it was written (`mod` columns). */
export interface AnkiWriteOptions {
  /** Unix milliseconds stamped on `col.mod`, notes and cards; defaults to the collection's creation. */
  modifiedMs?: number;
}

// rslib/src/text.rs HTML and HTML_MEDIA_TAGS: comments, style and script blocks, then any tag.
const HTML_TAGS =
  /(<!--[\s\S]*?-->)|(<style[\s\S]*?>[\s\S]*?<\/style>)|(<script[\s\S]*?>[\s\S]*?<\/script>)|(<[\s\S]*?>)/gi;
const HTML_MEDIA_TAGS =
  /<\b(?:img|audio|video|object|source)\b(?:[^>]|"[^"]+?"|'[^']+?')+?\b(?:src|data)\b=(?:"([^"]+?)"[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?: [^>]*>|>))/gi;
const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
      if (body.startsWith("#x") || body.startsWith("#X")) return String.fromCodePoint(parseInt(body.slice(2), 16));
      if (body.startsWith("#")) return String.fromCodePoint(parseInt(body.slice(1), 10));
      return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    })
    .replace(/\u00a0/g, " ");
}

/**
 * A field's text as Anki sorts and checksums it: media tags become their
 * file names (so two notes with different images differ), other HTML goes,
 * entities are decoded (strip_html_preserving_media_filenames).
 */
export function stripAnkiHtml(html: string): string {
  const withNames = html.replace(
    HTML_MEDIA_TAGS,
    (_all, a?: string, b?: string, c?: string) => ` ${a ?? ""}${b ?? ""}${c ?? ""} `,
  );
  return decodeEntities(withNames.replace(HTML_TAGS, ""));
}

/** `notes.csum`: the first 4 bytes of SHA-1 of the stripped first field, big-endian (field_checksum). */
export function ankiFieldChecksum(strippedText: string): number {
  return createHash("sha1").update(strippedText, "utf8").digest().readUInt32BE(0);
}

function noteTypeJson(type: AnkiNoteType, modSeconds: number): Record<string, unknown> {
  return {
    id: type.id,
    name: type.name,
    type: type.kind === "cloze" ? 1 : 0,
    mod: modSeconds,
    usn: UNSYNCED_USN,
    sortf: 0,
    did: null,
    tmpls: type.templates.map((t) => ({
      name: t.name,
      ord: t.ordinal,
      qfmt: t.questionFormat,
      afmt: t.answerFormat,
      bqfmt: "",
      bafmt: "",
      did: null,
      bfont: "",
      bsize: 0,
    })),
    flds: type.fieldNames.map((name, ord) => ({
      name,
      ord,
      sticky: false,
      rtl: false,
      font: "Arial",
      size: 20,
      description: "",
      plainText: false,
      collapsed: false,
      excludeFromSearch: false,
    })),
    css: ".card {\n  font-family: arial;\n  font-size: 20px;\n  text-align: center;\n  color: black;\n  background-color: white;\n}\n",
    latexPre:
      "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
    latexPost: "\\end{document}",
    latexsvg: false,
    req: [],
    tags: [],
    vers: [],
  };
}

const TODAY_ZERO = { lrnToday: [0, 0], revToday: [0, 0], newToday: [0, 0], timeToday: [0, 0] };

function deckJson(deck: AnkiDeck, modSeconds: number): Record<string, unknown> {
  const common = {
    id: deck.id,
    mod: modSeconds,
    name: deck.name,
    usn: UNSYNCED_USN,
    ...TODAY_ZERO,
    collapsed: false,
    browserCollapsed: false,
    desc: "",
    dyn: deck.filtered ? 1 : 0,
  };
  if (deck.filtered) {
    return {
      ...common,
      resched: true,
      // Anki's default search for a new filtered deck; its cards arrive already placed in it.
      terms: [["is:due", 100, 0]],
      separate: true,
      delays: null,
      previewDelay: 0,
    };
  }
  return { ...common, conf: DEFAULT_DECK_CONFIG_ID, extendNew: 0, extendRev: 0 };
}

/** DeckConfSchema11::default, with the classic new/rev/lapse settings Anki 2.1 writes for its Default group. */
function defaultDeckConfigJson(modSeconds: number): Record<string, unknown> {
  return {
    id: DEFAULT_DECK_CONFIG_ID,
    mod: modSeconds,
    name: "Default",
    usn: UNSYNCED_USN,
    maxTaken: 60,
    autoplay: true,
    timer: 0,
    replayq: true,
    dyn: false,
    new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
    rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: 36500, perDay: 200, hardFactor: 1.2 },
    lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
  };
}

function collectionConfJson(input: AnkiCollection): Record<string, unknown> {
  const firstDeck = input.decks.find((d) => !d.filtered)?.id ?? 1;
  const nextPosition = Math.max(0, ...input.cards.filter((c) => c.type === 0 && c.queue === 0).map((c) => c.due)) + 1;
  return {
    activeDecks: [firstDeck],
    curDeck: firstDeck,
    newSpread: 0,
    collapseTime: 1200,
    timeLim: 0,
    estTimes: true,
    dueCounts: true,
    curModel: input.noteTypes[0]?.id ?? null,
    nextPos: nextPosition,
    sortType: "noteFld",
    sortBackwards: false,
    addToCur: true,
    schedVer: input.facts.schedulerVersion,
    rollover: input.facts.rolloverHour,
    fsrs: input.facts.fsrsEnabled,
  };
}

/** Every note has its note type's fields, and every card's deck exists: what the columns need to mean anything. */
function checkReferences(input: AnkiCollection): void {
  const typeFields = new Map(input.noteTypes.map((t) => [t.id, t.fieldNames.length] as const));
  const deckIds = new Set(input.decks.map((d) => d.id));
  for (const note of input.notes) {
    const fields = typeFields.get(note.noteTypeId);
    if (fields === undefined) {
      throw new AnkiFormatError("bad-value", `notes[${note.id}].noteTypeId: no note type ${note.noteTypeId}`);
    }
    if (note.fields.length !== Math.max(1, fields)) {
      throw new AnkiFormatError(
        "bad-value",
        `notes[${note.id}].fields: expected ${fields} fields for note type ${note.noteTypeId}, got ${note.fields.length}`,
      );
    }
    if (note.fields.some((f) => f.includes(FIELD_SEPARATOR))) {
      throw new AnkiFormatError("bad-value", `notes[${note.id}].fields: a field holds the separator \\x1f`);
    }
    if (note.tags.some((t) => t === "" || /\s/.test(t))) {
      throw new AnkiFormatError("bad-value", `notes[${note.id}].tags: a tag is empty or holds whitespace`);
    }
  }
  // A card whose note is gone is written as is: Anki itself leaves such orphans (one real
  // collection in tests/fixtures/anki has one), and its importer skips them.
  for (const card of input.cards) {
    for (const deck of [card.deckId, card.filteredDeckId]) {
      if (deck !== null && !deckIds.has(deck)) {
        throw new AnkiFormatError("bad-value", `cards[${card.id}]: no deck ${deck}`);
      }
    }
  }
}

function tagsColumn(tags: readonly string[]): string {
  return tags.length === 0 ? "" : ` ${tags.join(" ")} `;
}

/** A card in a filtered deck sits in `did` with its home deck and due kept in `odid`/`odue`. */
function cardDeckColumns(card: AnkiCard): { did: number; odid: number; odue: number } {
  if (card.filteredDeckId === null) return { did: card.deckId, odid: 0, odue: 0 };
  return { did: card.filteredDeckId, odid: card.deckId, odue: card.originalDue ?? 0 };
}

function writeCollection(input: AnkiCollection, modifiedMs: number): Uint8Array {
  const modSeconds = Math.floor(modifiedMs / MS_PER_SECOND);
  const db = new Database(":memory:");
  try {
    db.exec(SCHEMA_11_SQL);
    const byId = <T extends { id: number }>(items: readonly T[], json: (item: T) => unknown) =>
      JSON.stringify(Object.fromEntries(items.map((item) => [String(item.id), json(item)])));
    db.prepare(
      "INSERT INTO col (id, crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags) VALUES (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, '{}')",
    ).run(
      input.facts.createdSeconds,
      modifiedMs,
      modifiedMs,
      ANKI_EXPORT_SCHEMA_VERSION,
      JSON.stringify(collectionConfJson(input)),
      byId(input.noteTypes, (t) => noteTypeJson(t, modSeconds)),
      byId(input.decks, (d) => deckJson(d, modSeconds)),
      JSON.stringify({ [String(DEFAULT_DECK_CONFIG_ID)]: defaultDeckConfigJson(modSeconds) }),
    );
    const insertNote = db.prepare(
      "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')",
    );
    const insertCard = db.prepare(
      "INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data)" +
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?)",
    );
    const insertReview = db.prepare(
      "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    db.transaction(() => {
      for (const note of input.notes) {
        const first = stripAnkiHtml(note.fields[0] ?? "");
        insertNote.run(
          note.id,
          note.guid,
          note.noteTypeId,
          modSeconds,
          UNSYNCED_USN,
          tagsColumn(note.tags),
          note.fields.join(FIELD_SEPARATOR),
          first,
          ankiFieldChecksum(first),
        );
      }
      for (const card of input.cards) {
        const { did, odid, odue } = cardDeckColumns(card);
        insertCard.run(
          card.id,
          card.noteId,
          did,
          card.ordinal,
          modSeconds,
          UNSYNCED_USN,
          card.type,
          card.queue,
          card.due,
          card.intervalDays,
          card.factorPermille,
          card.reps,
          card.lapses,
          odue,
          odid,
          Object.keys(card.data).length === 0 ? "" : JSON.stringify(card.data),
        );
      }
      for (const r of input.reviews) {
        insertReview.run(
          r.id,
          r.cardId,
          UNSYNCED_USN,
          r.ease,
          r.interval,
          r.lastInterval,
          r.factor,
          r.durationMs,
          r.type,
        );
      }
    })();
    return new Uint8Array(db.serialize());
  } finally {
    db.close();
  }
}

/**
 * The collection and its media as legacy-2 .apkg bytes. Bad input (a card
 * of no note, a note of no type, a media name with a path) throws an
 * AnkiFormatError naming it.
 */
export function writeAnkiPackage(input: AnkiPackageInput, options: AnkiWriteOptions = {}): Uint8Array {
  checkReferences(input);
  const modifiedMs = options.modifiedMs ?? input.facts.createdSeconds * MS_PER_SECOND;
  const members: Zippable = {
    meta: [META_LEGACY_2, { level: 0 }],
    "collection.anki21": writeCollection(input, modifiedMs),
  };
  const mediaMap: Record<string, string> = {};
  let index = 0;
  for (const [name, bytes] of input.media) {
    checkMediaName(name, `media "${name}"`);
    const member = String(index++);
    mediaMap[member] = name;
    members[member] = [bytes, { level: 0 }];
  }
  members.media = new TextEncoder().encode(JSON.stringify(mediaMap));
  return zipSync(members, { level: 6 });
}
