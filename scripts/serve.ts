/**
 * The production server: Next's request handler behind a plain node:http
 * server that stamps each request with its client address (the TCP peer, or
 * the X-Forwarded-For hop that TRUSTED_PROXIES vouches for) before the app
 * sees it, so the sign-in rate limit keys on an address a client cannot
 * choose. The environment is validated before it listens.
 *
 *   PORT=3000 HOST=127.0.0.1 node --import tsx scripts/serve.ts
 */
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { existsSync } from "node:fs";
import { DatabaseUrlError, engineOf, resolveDatabaseUrl, sqliteFilePath } from "../lib/server/database-url";
import { EnvError, parseEnv } from "../lib/server/env-schema";
import { markClientAddress } from "../lib/net/client-address";

const root = path.resolve(import.meta.dirname, "..");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let databaseUrl: string;
try {
  databaseUrl = resolveDatabaseUrl(process.env.DATABASE_URL, root);
} catch (error) {
  if (error instanceof DatabaseUrlError) fail(error.message);
  throw error;
}
await checkDatabase(databaseUrl);
let env;
try {
  env = parseEnv({ ...process.env, NODE_ENV: "production" }, root);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}

/**
 * The database must answer before the server listens: a wrong URL, an
 * unreachable server or wrong credentials stop the start with the variable
 * and the cause named, not a stack trace at the first request.
 */
async function checkDatabase(url: string): Promise<void> {
  if (engineOf(url) === "sqlite") {
    if (!existsSync(sqliteFilePath(url))) {
      fail(
        `DATABASE_URL: the SQLite file ${sqliteFilePath(url)} does not exist; run \`npm run db:migrate\` (npm start does).`,
      );
    }
    return;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  const where = new URL(url).host;
  try {
    await client.connect();
    await client.query('SELECT 1 FROM "User" LIMIT 1');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /relation "User" does not exist/.test(message) ? " (run `npm run db:migrate`)" : "";
    fail(`DATABASE_URL: the PostgreSQL server at ${where} cannot be used: ${message}${hint}.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST?.trim() || undefined;
const trusted = env.trustedProxies;

const app = next({ dev: false, dir: root, ...(hostname ? { hostname } : {}), port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((request, response) => {
  markClientAddress(request, trusted);
  void handle(request, response);
});
server.listen(port, hostname, () => {
  const where = hostname ?? "all interfaces";
  const proxies = trusted.entries.length > 0 ? `; trusting X-Forwarded-For from ${trusted.entries.join(", ")}` : "";
  console.log(`Serving on port ${port} (${where})${proxies}.`);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    // Keep-alive connections would hold close() open: do not wait for them forever.
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
