import { AnkiFormatError } from "./errors";
import { decodeProtobufFields, decodeUtf8, readProtobufString, readProtobufVarint } from "./protobuf";
import type {
  AnkiCard,
  AnkiCollection,
  AnkiCollectionFacts,
  AnkiDeck,
  AnkiNote,
  AnkiNoteType,
  AnkiReview,
  AnkiTemplate,
} from "./types";

/** The part of a SQLite handle (better-sqlite3's) the reader needs. */
export interface SqliteStatement {
  all(...params: unknown[]): unknown[];
  get(...params: unknown[]): unknown;
}
export interface SqliteReader {
  prepare(sql: string): SqliteStatement;
}

/** Schema 11 keeps note types and decks as JSON in `col`; 15–18 moved them to tables (rslib/src/storage/upgrades). */
export const ANKI_JSON_SCHEMA = 11;
export const ANKI_TABLE_SCHEMAS = [15, 16, 17, 18] as const;
/** Anki's default start of day when the collection stores none (rslib/src/config/mod.rs). */
export const DEFAULT_ROLLOVER_HOUR = 4;
/** Collections that never stored `schedVer` run the v1 scheduler. */
export const DEFAULT_SCHEDULER_VERSION = 1;

const FIELD_SEPARATOR = "\x1f";
const SCHEMA18_DECK_SEPARATOR = "\x1f";
const DECK_SEPARATOR = "::";

type Row = Record<string, unknown>;

function queryRows(db: SqliteReader, sql: string, table: string): Row[] {
  try {
    return db.prepare(sql).all() as Row[];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AnkiFormatError("bad-value", `collection table "${table}": cannot be read (${reason})`);
  }
}

function readInteger(row: Row, table: string, column: string): number {
  const value = row[column];
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  if (
    typeof value === "bigint" &&
    value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= BigInt(Number.MIN_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  throw new AnkiFormatError("bad-value", `collection ${table}.${column}: expected an integer, got ${describe(value)}`);
}

function readText(row: Row, table: string, column: string): string {
  const value = row[column];
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return decodeUtf8(value, `collection ${table}.${column}`);
  throw new AnkiFormatError("bad-value", `collection ${table}.${column}: expected text, got ${describe(value)}`);
}

function readBlob(row: Row, table: string, column: string): Uint8Array {
  const value = row[column];
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return new TextEncoder().encode(value);
  throw new AnkiFormatError("bad-value", `collection ${table}.${column}: expected a blob, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (value instanceof Uint8Array) return "a blob";
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40) ?? ""}`;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AnkiFormatError("bad-value", `${where}: expected JSON`);
  }
}

function asObject(value: unknown, where: string): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new AnkiFormatError("bad-value", `${where}: expected a JSON object`);
}

function jsonInteger(object: Record<string, unknown>, key: string, where: string): number {
  const value = object[key];
  // Old Anki versions wrote some ids as strings.
  const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n === "number" && Number.isSafeInteger(n)) return n;
  throw new AnkiFormatError("bad-value", `${where}.${key}: expected an integer, got ${describe(value)}`);
}

function jsonString(object: Record<string, unknown>, key: string, where: string): string {
  const value = object[key];
  if (typeof value === "string") return value;
  throw new AnkiFormatError("bad-value", `${where}.${key}: expected a string, got ${describe(value)}`);
}

function jsonArray(object: Record<string, unknown>, key: string, where: string): unknown[] {
  const value = object[key];
  if (Array.isArray(value)) return value;
  throw new AnkiFormatError("bad-value", `${where}.${key}: expected an array, got ${describe(value)}`);
}

/** Missing settings take Anki's defaults; present ones must have the right type. */
function readFacts(
  schemaVersion: number,
  createdSeconds: number,
  config: Record<string, unknown>,
  where: string,
): AnkiCollectionFacts {
  const rollover = config.rollover ?? DEFAULT_ROLLOVER_HOUR;
  if (typeof rollover !== "number" || !Number.isInteger(rollover) || rollover < 0 || rollover > 23) {
    throw new AnkiFormatError("bad-value", `${where} rollover: expected an hour 0–23, got ${describe(rollover)}`);
  }
  const schedVer = config.schedVer ?? DEFAULT_SCHEDULER_VERSION;
  if (typeof schedVer !== "number" || !Number.isInteger(schedVer)) {
    throw new AnkiFormatError("bad-value", `${where} schedVer: expected an integer, got ${describe(schedVer)}`);
  }
  const fsrs = config.fsrs ?? false;
  if (typeof fsrs !== "boolean") {
    throw new AnkiFormatError("bad-value", `${where} fsrs: expected true or false, got ${describe(fsrs)}`);
  }
  return { schemaVersion, createdSeconds, rolloverHour: rollover, schedulerVersion: schedVer, fsrsEnabled: fsrs };
}

function readJsonNoteTypes(modelsJson: string): AnkiNoteType[] {
  const models = asObject(parseJson(modelsJson, "collection col.models"), "collection col.models");
  return Object.entries(models).map(([key, raw]) => {
    const where = `collection col.models["${key}"]`;
    const model = asObject(raw, where);
    const type = jsonInteger(model, "type", where);
    if (type !== 0 && type !== 1) throw new AnkiFormatError("bad-value", `${where}.type: expected 0 or 1, got ${type}`);
    const fields = jsonArray(model, "flds", where).map((f, i) => {
      const field = asObject(f, `${where}.flds[${i}]`);
      return {
        ord: jsonInteger(field, "ord", `${where}.flds[${i}]`),
        name: jsonString(field, "name", `${where}.flds[${i}]`),
      };
    });
    const templates: AnkiTemplate[] = jsonArray(model, "tmpls", where).map((t, i) => {
      const w = `${where}.tmpls[${i}]`;
      const template = asObject(t, w);
      return {
        ordinal: jsonInteger(template, "ord", w),
        name: jsonString(template, "name", w),
        questionFormat: jsonString(template, "qfmt", w),
        answerFormat: jsonString(template, "afmt", w),
      };
    });
    return {
      id: jsonInteger(model, "id", where),
      name: jsonString(model, "name", where),
      kind: type === 1 ? "cloze" : "standard",
      fieldNames: fields.sort((a, b) => a.ord - b.ord).map((f) => f.name),
      templates: templates.sort((a, b) => a.ordinal - b.ordinal),
    } satisfies AnkiNoteType;
  });
}

function readJsonDecks(decksJson: string): AnkiDeck[] {
  const decks = asObject(parseJson(decksJson, "collection col.decks"), "collection col.decks");
  return Object.entries(decks).map(([key, raw]) => {
    const where = `collection col.decks["${key}"]`;
    const deck = asObject(raw, where);
    return { id: jsonInteger(deck, "id", where), name: jsonString(deck, "name", where), filtered: deck.dyn === 1 };
  });
}

function readSchema11(row: Row, schemaVersion: number): Omit<AnkiCollection, "notes" | "cards" | "reviews"> {
  const conf = asObject(parseJson(readText(row, "col", "conf"), "collection col.conf"), "collection col.conf");
  return {
    facts: readFacts(schemaVersion, readInteger(row, "col", "crt"), conf, "collection col.conf"),
    noteTypes: readJsonNoteTypes(readText(row, "col", "models")),
    decks: readJsonDecks(readText(row, "col", "decks")),
  };
}

function readTableSchema(
  db: SqliteReader,
  row: Row,
  schemaVersion: number,
): Omit<AnkiCollection, "notes" | "cards" | "reviews"> {
  const config: Record<string, unknown> = {};
  for (const r of queryRows(db, 'SELECT KEY AS "KEY", val FROM config', "config")) {
    const key = readText(r, "config", "KEY");
    config[key] = parseJson(
      decodeUtf8(readBlob(r, "config", "val"), `collection config "${key}"`),
      `collection config "${key}"`,
    );
  }
  const fieldsByType = new Map<number, string[]>();
  for (const r of queryRows(db, "SELECT ntid, ord, name FROM fields ORDER BY ntid, ord", "fields")) {
    const id = readInteger(r, "fields", "ntid");
    fieldsByType.set(id, [...(fieldsByType.get(id) ?? []), readText(r, "fields", "name")]);
  }
  const templatesByType = new Map<number, AnkiTemplate[]>();
  for (const r of queryRows(db, "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord", "templates")) {
    const id = readInteger(r, "templates", "ntid");
    const where = `collection templates.config (note type ${id})`;
    // Notetype.Template.Config in proto/anki/notetypes.proto: 1 q_format, 2 a_format.
    const config = decodeProtobufFields(readBlob(r, "templates", "config"), where);
    const template: AnkiTemplate = {
      ordinal: readInteger(r, "templates", "ord"),
      name: readText(r, "templates", "name"),
      questionFormat: readProtobufString(config, 1, `${where} q_format`),
      answerFormat: readProtobufString(config, 2, `${where} a_format`),
    };
    templatesByType.set(id, [...(templatesByType.get(id) ?? []), template]);
  }
  const noteTypes = queryRows(db, "SELECT id, name, config FROM notetypes ORDER BY id", "notetypes").map((r) => {
    const id = readInteger(r, "notetypes", "id");
    // Notetype.Config: 1 kind (KIND_NORMAL 0, KIND_CLOZE 1).
    const kind = readProtobufVarint(
      decodeProtobufFields(readBlob(r, "notetypes", "config"), `collection notetypes.config (id ${id})`),
      1,
      0n,
    );
    return {
      id,
      name: readText(r, "notetypes", "name"),
      kind: kind === 1n ? "cloze" : "standard",
      fieldNames: fieldsByType.get(id) ?? [],
      templates: templatesByType.get(id) ?? [],
    } satisfies AnkiNoteType;
  });
  const decks = queryRows(db, "SELECT id, name, kind FROM decks ORDER BY id", "decks").map((r) => {
    const id = readInteger(r, "decks", "id");
    // Deck.KindContainer in proto/anki/decks.proto: oneof normal = 1, filtered = 2.
    const kind = decodeProtobufFields(readBlob(r, "decks", "kind"), `collection decks.kind (id ${id})`);
    return {
      id,
      name: readText(r, "decks", "name").split(SCHEMA18_DECK_SEPARATOR).join(DECK_SEPARATOR),
      filtered: kind.some((f) => f.number === 2),
    };
  });
  return {
    facts: readFacts(schemaVersion, readInteger(row, "col", "crt"), config, "collection config"),
    noteTypes,
    decks,
  };
}

function readNotes(db: SqliteReader): AnkiNote[] {
  return queryRows(db, "SELECT id, guid, mid, flds, tags FROM notes ORDER BY id", "notes").map((r) => ({
    id: readInteger(r, "notes", "id"),
    guid: readText(r, "notes", "guid"),
    noteTypeId: readInteger(r, "notes", "mid"),
    fields: readText(r, "notes", "flds").split(FIELD_SEPARATOR),
    tags: readText(r, "notes", "tags")
      .split(/\s+/)
      .filter((t) => t !== ""),
  }));
}

function readCardData(r: Row, id: number): Record<string, unknown> {
  const raw = r.data === null || r.data === undefined ? "" : readText(r, "cards", "data");
  if (raw.trim() === "") return {};
  return asObject(parseJson(raw, `collection cards.data (card ${id})`), `collection cards.data (card ${id})`);
}

function readCards(db: SqliteReader): AnkiCard[] {
  const sql =
    "SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid, data FROM cards ORDER BY id";
  return queryRows(db, sql, "cards").map((r) => {
    const id = readInteger(r, "cards", "id");
    const did = readInteger(r, "cards", "did");
    const odid = readInteger(r, "cards", "odid");
    return {
      id,
      noteId: readInteger(r, "cards", "nid"),
      deckId: odid !== 0 ? odid : did,
      filteredDeckId: odid !== 0 ? did : null,
      ordinal: readInteger(r, "cards", "ord"),
      type: readInteger(r, "cards", "type"),
      queue: readInteger(r, "cards", "queue"),
      due: readInteger(r, "cards", "due"),
      originalDue: odid !== 0 ? readInteger(r, "cards", "odue") : null,
      intervalDays: readInteger(r, "cards", "ivl"),
      factorPermille: readInteger(r, "cards", "factor"),
      reps: readInteger(r, "cards", "reps"),
      lapses: readInteger(r, "cards", "lapses"),
      data: readCardData(r, id),
    };
  });
}

function readReviews(db: SqliteReader): AnkiReview[] {
  const sql = "SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id";
  return queryRows(db, sql, "revlog").map((r) => ({
    id: readInteger(r, "revlog", "id"),
    cardId: readInteger(r, "revlog", "cid"),
    ease: readInteger(r, "revlog", "ease"),
    interval: readInteger(r, "revlog", "ivl"),
    lastInterval: readInteger(r, "revlog", "lastIvl"),
    factor: readInteger(r, "revlog", "factor"),
    durationMs: readInteger(r, "revlog", "time"),
    type: readInteger(r, "revlog", "type"),
  }));
}

/** Reads a whole collection (schema 11 or 15–18) from an open SQLite handle. */
export function readCollection(db: SqliteReader): AnkiCollection {
  const cols = queryRows(db, "SELECT * FROM col", "col");
  const row = cols[0];
  if (row === undefined || cols.length !== 1) {
    throw new AnkiFormatError("bad-value", `collection table "col": expected exactly one row, found ${cols.length}`);
  }
  const version = readInteger(row, "col", "ver");
  let head: Omit<AnkiCollection, "notes" | "cards" | "reviews">;
  if (version === ANKI_JSON_SCHEMA) head = readSchema11(row, version);
  else if ((ANKI_TABLE_SCHEMAS as readonly number[]).includes(version)) head = readTableSchema(db, row, version);
  else {
    throw new AnkiFormatError(
      "unknown-schema",
      `collection col.ver: unknown schema version ${version} (expected ${ANKI_JSON_SCHEMA} or ${ANKI_TABLE_SCHEMAS.join(", ")})`,
    );
  }
  return { ...head, notes: readNotes(db), cards: readCards(db), reviews: readReviews(db) };
}
