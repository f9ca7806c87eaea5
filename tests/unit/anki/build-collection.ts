import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";

import { protobufBytesField, protobufVarintField } from "./build-package";

/** Writes a collection with `build`, returns the SQLite file's bytes. */
export function buildSqliteFile(build: (db: Database.Database) => void): Uint8Array {
  const dir = mkdtempSync(path.join(tmpdir(), "anki-fixture-"));
  try {
    const file = path.join(dir, "c.sqlite");
    const db = new Database(file);
    build(db);
    db.close();
    return new Uint8Array(readFileSync(file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Column lists of Anki's schema 11 (rslib/src/storage/schema11.sql). */
const NOTES_AND_CARDS_DDL = `
  CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
    usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
    flags integer NOT NULL, data text NOT NULL);
  CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
    mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
    ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL, lapses integer NOT NULL,
    left integer NOT NULL, odue integer NOT NULL, odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
  CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
    ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL);
`;

export interface SyntheticCard {
  id: number;
  nid: number;
  did: number;
  ord?: number;
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps?: number;
  lapses?: number;
  odue?: number;
  odid?: number;
  data?: string;
}

export interface SyntheticReview {
  id: number;
  cid: number;
  ease: number;
  ivl: number;
  lastIvl: number;
  factor: number;
  time: number;
  type: number;
}

export interface SyntheticContent {
  notes: { id: number; guid: string; mid: number; tags: string; flds: string }[];
  cards: SyntheticCard[];
  reviews: SyntheticReview[];
}

function insertContent(db: Database.Database, content: SyntheticContent): void {
  db.exec(NOTES_AND_CARDS_DDL);
  const note = db.prepare("INSERT INTO notes VALUES (?, ?, ?, 0, 0, ?, ?, 0, 0, 0, '')");
  for (const n of content.notes) note.run(n.id, n.guid, n.mid, n.tags, n.flds);
  const card = db.prepare("INSERT INTO cards VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, ?)");
  for (const c of content.cards) {
    card.run(
      c.id,
      c.nid,
      c.did,
      c.ord ?? 0,
      c.type,
      c.queue,
      c.due,
      c.ivl,
      c.factor,
      c.reps ?? 0,
      c.lapses ?? 0,
      c.odue ?? 0,
      c.odid ?? 0,
      c.data ?? "",
    );
  }
  const review = db.prepare("INSERT INTO revlog VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)");
  for (const r of content.reviews) review.run(r.id, r.cid, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type);
}

export function buildSchema11(
  col: { ver?: number; crt: number; conf: unknown; models: unknown; decks: unknown },
  content: SyntheticContent,
): Uint8Array {
  return buildSqliteFile((db) => {
    db.exec(`CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
      ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
      models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL)`);
    db.prepare("INSERT INTO col VALUES (1, ?, 0, 0, ?, 0, 0, 0, ?, ?, ?, '{}', '{}')").run(
      col.crt,
      col.ver ?? 11,
      JSON.stringify(col.conf),
      JSON.stringify(col.models),
      JSON.stringify(col.decks),
    );
    insertContent(db, content);
  });
}

export interface Schema18NoteType {
  id: number;
  name: string;
  cloze: boolean;
  fields: string[];
  /** `rawConfig` replaces the encoded Template.Config, to store a damaged one. */
  templates: { name: string; qfmt: string; afmt: string; rawConfig?: Uint8Array }[];
}

/**
 * Schema-18 layout (rslib/src/storage/upgrades/schema15_upgrade.sql and later): the
 * `COLLATE unicase` clauses are written into sqlite_master afterwards, as SQLite
 * cannot create them without Anki's collation.
 */
export function buildSchema18(
  col: { crt: number; config: Record<string, unknown> },
  noteTypes: Schema18NoteType[],
  decks: { id: number; levels: string[]; filtered?: boolean }[],
  content: SyntheticContent,
): Uint8Array {
  return buildSqliteFile((db) => {
    db.exec(`CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
      ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
      models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL);
      CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL, mtime_secs integer NOT NULL, val blob NOT NULL) without rowid;
      CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
      CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
      CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
      CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL, mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
      CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL, mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
      CREATE UNIQUE INDEX idx_decks_name ON decks (name);`);
    db.prepare("INSERT INTO col VALUES (1, ?, 0, 0, 18, 0, 0, 0, '', '', '', '', '')").run(col.crt);
    const config = db.prepare("INSERT INTO config VALUES (?, 0, 0, ?)");
    for (const [key, value] of Object.entries(col.config)) config.run(key, Buffer.from(JSON.stringify(value)));
    for (const nt of noteTypes) {
      const ntConfig = nt.cloze ? protobufVarintField(1, 1) : [];
      db.prepare("INSERT INTO notetypes VALUES (?, ?, 0, 0, ?)").run(nt.id, nt.name, Buffer.from(ntConfig));
      // Inserted in reverse to show the reader orders by `ord`, not by row order.
      [...nt.fields.entries()].reverse().forEach(([ord, name]) => {
        db.prepare("INSERT INTO fields VALUES (?, ?, ?, ?)").run(nt.id, ord, name, Buffer.alloc(0));
      });
      nt.templates.forEach((t, ord) => {
        const tConfig = t.rawConfig ?? [...protobufBytesField(1, t.qfmt), ...protobufBytesField(2, t.afmt)];
        db.prepare("INSERT INTO templates VALUES (?, ?, ?, 0, 0, ?)").run(nt.id, ord, t.name, Buffer.from(tConfig));
      });
    }
    for (const d of decks) {
      // Deck.KindContainer: normal = 1, filtered = 2, each an (here empty) message.
      const kind = protobufBytesField(d.filtered ? 2 : 1, new Uint8Array());
      db.prepare("INSERT INTO decks VALUES (?, ?, 0, 0, ?, ?)").run(
        d.id,
        d.levels.join("\x1f"),
        Buffer.alloc(0),
        Buffer.from(kind),
      );
    }
    insertContent(db, content);
    db.unsafeMode(true);
    db.pragma("writable_schema = ON");
    db.prepare(
      "UPDATE sqlite_master SET sql = replace(sql, 'name text NOT NULL', 'name text NOT NULL COLLATE unicase') WHERE name IN ('notetypes', 'fields', 'templates')",
    ).run();
    // Collation names are case-insensitive in SQLite; the reader must strip any spelling.
    db.prepare(
      "UPDATE sqlite_master SET sql = replace(sql, 'name text NOT NULL', 'name text NOT NULL Collate UNICASE') WHERE name = 'decks'",
    ).run();
    db.pragma("writable_schema = OFF");
  });
}
