import { copyFileSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { loadDecks } from "@/lib/content/deck";
import { syncItems } from "@/lib/server/content-store";
import { type Db, createDb } from "@/lib/server/db";

const TMP_DIR = path.resolve(import.meta.dirname, "..", ".tmp");
const TEMPLATE_DB = path.join(TMP_DIR, "template.db");

export interface TestDb {
  db: Db;
  file: string;
  close(): Promise<void>;
}

/** A fresh, migrated SQLite file for one test. */
export function createTestDb(): Promise<TestDb> {
  const file = path.join(TMP_DIR, `test-${randomUUID()}.db`);
  // The template is in WAL mode: checkpoint it into the main file first.
  const template = new Database(TEMPLATE_DB);
  template.pragma("wal_checkpoint(TRUNCATE)");
  template.close();
  copyFileSync(TEMPLATE_DB, file);
  const db = createDb(`file:${file}`);
  return Promise.resolve({
    db,
    file,
    async close() {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  });
}

export function fixtureDeckInputs(dir = path.resolve(import.meta.dirname, "..", "fixtures", "content", "decks")) {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ file: f, text: readFileSync(path.join(dir, f), "utf8") }));
}

export async function syncFixtureCards(db: Db, now: Date) {
  return syncItems(db, "card", loadDecks(fixtureDeckInputs()), now);
}
