import { copyFileSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { inject } from "vitest";
import { loadDecks } from "@/lib/content/deck";
import { syncItems } from "@/lib/server/content-store";
import { type Db, createDb } from "@/lib/server/db";
import { type Engine, engineOf, resolveDatabaseUrl } from "@/lib/server/database-url";

const TMP_DIR = path.resolve(import.meta.dirname, "..", ".tmp");
const TEMPLATE_DB = path.join(TMP_DIR, "template.db");

/** The engine of this test run (vitest.config.ts sets DATABASE_URL for a PostgreSQL run). */
export const TEST_ENGINE: Engine = engineOf(resolveDatabaseUrl(process.env.DATABASE_URL));

export interface TestDb {
  db: Db;
  engine: Engine;
  /** The URL of this test's own database (a second client may open it). */
  url: string;
  close(): Promise<void>;
}

async function withAdmin<T>(run: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    return await run(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated database for one test: a copy of the run's template, on the run's engine. */
export async function createTestDb(): Promise<TestDb> {
  const id = randomUUID().replaceAll("-", "");
  if (TEST_ENGINE === "postgresql") {
    const template = inject("postgresTemplate");
    if (!template) throw new Error("No PostgreSQL template database: is tests/setup/global-setup.ts in the config?");
    const name = `dlstudy_test_${id}`;
    await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
    const url = new URL(process.env.DATABASE_URL ?? "");
    url.pathname = `/${name}`;
    const db = createDb(url.toString());
    return {
      db,
      engine: TEST_ENGINE,
      url: url.toString(),
      async close() {
        await db.$disconnect();
        await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      },
    };
  }
  const file = path.join(TMP_DIR, `test-${id}.db`);
  // The template is in WAL mode: checkpoint it into the main file first.
  const template = new Database(TEMPLATE_DB);
  template.pragma("wal_checkpoint(TRUNCATE)");
  template.close();
  copyFileSync(TEMPLATE_DB, file);
  const db = createDb(`file:${file}`);
  return {
    db,
    engine: TEST_ENGINE,
    url: `file:${file}`,
    async close() {
      await db.$disconnect();
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
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
