/**
 * Starts the built server for the end-to-end tests on a brand-new database
 * (a SQLite file, or a PostgreSQL database dropped and created again): the
 * same migrate, content sync and server (scripts/serve.ts) as the README's
 * start command, minus the install and build done before.
 */
import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import pg from "pg";
import { engineOf, resolveDatabaseUrl, sqliteFilePath } from "../lib/server/database-url";

const url = resolveDatabaseUrl(process.env.DATABASE_URL);
if (engineOf(url) === "sqlite") {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(sqliteFilePath(url) + suffix, { force: true });
} else {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
const env = { ...process.env, DATABASE_URL: url };
execFileSync("npm", ["run", "--silent", "db:migrate"], { stdio: "inherit", env });
execFileSync("npm", ["run", "--silent", "content:sync"], { stdio: "inherit", env });
const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
  stdio: "inherit",
  env: { ...env, PORT: process.env.PORT ?? "3210", HOST: "127.0.0.1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
