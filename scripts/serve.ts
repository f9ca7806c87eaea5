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
import { EnvError, parseEnv } from "../lib/server/env-schema";
import { markClientAddress } from "../lib/net/client-address";

const root = path.resolve(import.meta.dirname, "..");

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let env;
try {
  env = parseEnv({ ...process.env, NODE_ENV: "production" }, root);
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
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
