/**
 * Starts the built server for the end-to-end tests on a brand-new SQLite
 * file: the same migrate, content sync and `next start` as the README's start
 * command, minus the install and build done before.
 */
import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { resolveDatabaseUrl, sqliteFilePath } from "../lib/server/database-url";

const url = resolveDatabaseUrl(process.env.DATABASE_URL);
for (const suffix of ["", "-wal", "-shm"]) rmSync(sqliteFilePath(url) + suffix, { force: true });
const env = { ...process.env, DATABASE_URL: url };
execFileSync("npm", ["run", "--silent", "db:migrate"], { stdio: "inherit", env });
execFileSync("npm", ["run", "--silent", "content:sync"], { stdio: "inherit", env });
const server = spawn("npx", ["next", "start", "-p", process.env.PORT ?? "3210", "-H", "127.0.0.1"], {
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
