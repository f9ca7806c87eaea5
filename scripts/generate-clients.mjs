/**
 * Generates both Prisma clients (one per engine; a generated client serves a
 * single provider): prisma.config.ts picks the schema from DATABASE_URL, so
 * each run names a URL of its engine. Nothing connects to these URLs.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
const engines = {
  sqlite: "file:./data/generate-only.db",
  postgresql: "postgresql://generate-only@127.0.0.1:5432/generate-only",
};

for (const [engine, url] of Object.entries(engines)) {
  execFileSync(process.execPath, [prisma, "generate"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
  console.log(`Generated the ${engine} Prisma client.`);
}
