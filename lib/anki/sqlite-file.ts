import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import Database from "better-sqlite3";

import { AnkiFormatError } from "./errors";

const UNICASE_CLAUSE = /\s+collate\s+unicase\b/gi;

/**
 * Anki's schema-15+ tables declare `COLLATE unicase`, a collation only Anki
 * registers; SQLite refuses to use such a table without it. On our private copy
 * the clause is removed from the stored schema and the indexes rebuilt with the
 * default collation (names then compare case-sensitively, which a reader does not need).
 */
function stripUnicaseCollation(file: string): void {
  const db = new Database(file);
  try {
    const affected = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE sql LIKE '%unicase%'").all() as {
      type: string;
      name: string;
      sql: string;
    }[];
    if (affected.length === 0) return;
    db.unsafeMode(true);
    db.pragma("writable_schema = ON");
    const update = db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = ? AND name = ?");
    for (const entry of affected) update.run(entry.sql.replace(UNICASE_CLAUSE, ""), entry.type, entry.name);
    db.pragma("writable_schema = OFF");
  } finally {
    db.close();
  }
  const reopened = new Database(file);
  try {
    reopened.exec("REINDEX");
  } finally {
    reopened.close();
  }
}

/**
 * Runs `read` on a private temporary copy of a collection file (under `tempRoot`),
 * deleted afterwards whatever happens; `source` names the file in errors.
 */
export function withCollectionFile<T>(
  bytes: Uint8Array,
  source: string,
  read: (db: Database.Database) => T,
  tempRoot: string = tmpdir(),
): T {
  const dir = mkdtempSync(path.join(tempRoot, "anki-collection-"));
  const file = path.join(dir, "collection.sqlite");
  try {
    writeFileSync(file, bytes);
    let db: Database.Database;
    try {
      stripUnicaseCollation(file);
      db = new Database(file, { readonly: true, fileMustExist: true });
      const check = db.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new Error(String(check));
    } catch (error) {
      throw new AnkiFormatError(
        "corrupt-sqlite",
        `${source}: not a readable SQLite database (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    try {
      return read(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
