/**
 * Brings the database to the committed schema of its engine (DATABASE_URL):
 * - SQLite: creates the file and its folder if missing, applies
 *   prisma/migrations, and turns on write-ahead logging so readers never
 *   block a grade being saved;
 * - PostgreSQL: creates the database if the server lacks it, and applies
 *   prisma/postgresql/migrations.
 * Both with `prisma migrate deploy` (prisma.config.ts picks schema and adapter).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { DatabaseUrlError, engineOf, resolveDatabaseUrl, sqliteFilePath } from "../lib/server/database-url";

let url: string;
try {
  url = resolveDatabaseUrl(process.env.DATABASE_URL);
} catch (error) {
  if (error instanceof DatabaseUrlError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const isSqlite = engineOf(url) === "sqlite";
if (isSqlite) mkdirSync(path.dirname(sqliteFilePath(url)), { recursive: true });
else await createPostgresDatabase(url);

/** Creates the URL's database through the server's maintenance database if it does not exist yet. */
async function createPostgresDatabase(target: string): Promise<void> {
  const parsed = new URL(target);
  const database = decodeURIComponent(parsed.pathname.slice(1));
  if (database === "") return;
  const admin = new URL(target);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    console.error(`DATABASE_URL: cannot reach the PostgreSQL server at ${parsed.host}: ${(error as Error).message}`);
    process.exit(1);
  }
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
      console.log(`Created the PostgreSQL database "${database}".`);
    }
  } finally {
    await client.end();
  }
}

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
