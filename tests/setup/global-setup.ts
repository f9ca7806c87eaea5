import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "..", "..");
export const TMP_DIR = path.join(root, "tests", ".tmp");
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL runs: the migrated template database every test database is copied from. */
    postgresTemplate: string | null;
  }
}

function migrate(url: string): void {
  execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "migrate.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "pipe",
  });
}

/**
 * Migrates one template database with the real `prisma migrate deploy`;
 * each integration test copies it into a database of its own. The engine is
 * the run's (vitest.config.ts): a SQLite file, or with TEST_DATABASE=postgresql
 * a template database created for this run on the TEST_POSTGRES_URL server.
 */
export default function setup(project: TestProject): () => Promise<void> {
  mkdirSync(TMP_DIR, { recursive: true });
  const serverUrl = process.env.TEST_DATABASE === "postgresql" ? (process.env.TEST_POSTGRES_URL ?? "") : "";
  if (serverUrl === "") {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(TEMPLATE_DB + suffix, { force: true });
    migrate(`file:${TEMPLATE_DB}`);
    project.provide("postgresTemplate", null);
    return () => Promise.resolve();
  }
  const template = `dlstudy_template_${process.pid}`;
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  migrate(templateUrl.toString());
  project.provide("postgresTemplate", template);
  return async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };
}
