/**
 * Brings the database to the committed schema: creates the SQLite file and its
 * folder if missing, applies prisma/migrations with `prisma migrate deploy`,
 * and turns on write-ahead logging so readers never block a grade being saved.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { resolveDatabaseUrl, sqliteFilePath } from "../lib/server/database-url";

const url = resolveDatabaseUrl(process.env.DATABASE_URL);
const isSqlite = url.startsWith("file:");
if (isSqlite) mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });

/**
 * The schema keeps a datasource `url` on purpose (without one the Prisma 6 CLI
 * tries to download query engines), while prisma.config.ts connects through
 * a driver adapter; Prisma then warns that the url "will NOT be used". That
 * is the intended setup, so the warning is left out of what a newcomer reads.
 */
function withoutIntendedWarnings(output: string): string {
  return output.replace(
    /WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter[\s\S]*?will NOT be used!\s*(We recommend you to remove those properties[^\n]*\n)?/,
    "",
  );
}

try {
  const output = execFileSync(
    process.execPath,
    [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"],
    {
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    },
  );
  process.stdout.write(withoutIntendedWarnings(output));
} catch (error) {
  const failed = error as { stdout?: string; stderr?: string; status?: number };
  process.stdout.write(withoutIntendedWarnings(failed.stdout ?? ""));
  process.stderr.write(withoutIntendedWarnings(failed.stderr ?? ""));
  process.exit(failed.status ?? 1);
}

if (isSqlite) {
  const db = new Database(sqliteFilePath(url));
  db.pragma("journal_mode = WAL");
  db.close();
  console.log(`Database ready: ${sqliteFilePath(url)} (WAL)`);
}
