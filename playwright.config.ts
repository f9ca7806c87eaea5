import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
/**
 * The engine: `E2E_DATABASE=postgresql` serves from a fresh database on the
 * TEST_POSTGRES_URL server; otherwise from a fresh SQLite file.
 */
const postgres = process.env.E2E_DATABASE === "postgresql";
if (postgres && !process.env.TEST_POSTGRES_URL) {
  throw new Error("E2E_DATABASE=postgresql needs TEST_POSTGRES_URL (an admin URL of a PostgreSQL server).");
}
function databaseUrl(): string {
  if (!postgres) return `file:${path.resolve(`tests/.tmp/e2e-${PORT}.db`)}`;
  const url = new URL(process.env.TEST_POSTGRES_URL ?? "");
  url.pathname = `/dlstudy_e2e_${PORT}`;
  return url.toString();
}
const DATABASE_URL = databaseUrl();
// Test files open the same database to check what the server wrote (tests/e2e/db.ts).
process.env.E2E_DATABASE_URL = DATABASE_URL;
process.env.E2E_BASE_URL = `http://127.0.0.1:${PORT}`;

/** End-to-end tests: the built Next server on a fresh database, driven in Debian's chromium. */
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // Per port, so runs side by side do not clear each other's artifacts.
  outputDir: `test-results/${PORT}${postgres ? "-postgresql" : ""}`,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node --import tsx scripts/e2e-server.ts`,
    url: `http://127.0.0.1:${PORT}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      DATABASE_URL,
      PORT: String(PORT),
      NEXT_TELEMETRY_DISABLED: "1",
      BETTER_AUTH_URL: `http://127.0.0.1:${PORT}`,
      BETTER_AUTH_SECRET: "e2e-secret-0123456789abcdef0123456789abcdef",
      // As if a proxy ran on loopback: X-Forwarded-For is believed from 127.0.0.1 only, so tests
      // can give each account its own client address, and requests sent from 127.0.0.2 and up
      // are other machines whose header is their own claim (tests/e2e/hardening.spec.ts).
      TRUSTED_PROXIES: "127.0.0.1",
    },
  },
});
