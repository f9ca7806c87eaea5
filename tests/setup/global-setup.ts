import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
export const TMP_DIR = path.join(root, "tests", ".tmp");
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");

/**
 * Migrates one template SQLite file with the real `prisma migrate deploy`;
 * each integration test copies it into a file of its own.
 */
export default function setup(): void {
  mkdirSync(TMP_DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) rmSync(TEMPLATE_DB + suffix, { force: true });
  execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "migrate.ts")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: "pipe",
  });
}
