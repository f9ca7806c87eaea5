import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * `TEST_DATABASE=postgresql` runs the integration tests on PostgreSQL (the
 * server at TEST_POSTGRES_URL, an admin URL); otherwise everything runs on
 * SQLite. The unit tests touch no database and run once, on the SQLite run.
 */
const postgres = process.env.TEST_DATABASE === "postgresql";
if (postgres && !process.env.TEST_POSTGRES_URL) {
  throw new Error("TEST_DATABASE=postgresql needs TEST_POSTGRES_URL (an admin URL of a PostgreSQL server).");
}

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Tests import the server data layer directly, outside React Server Components.
      "server-only": path.resolve(import.meta.dirname, "tests/setup/server-only-stub.ts"),
    },
  },
  test: {
    include: postgres
      ? ["tests/integration/**/*.test.ts"]
      : ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/setup/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // The engine is chosen by DATABASE_URL in every process, as in the app (lib/server/sql/dialect.ts).
    env: postgres ? { DATABASE_URL: process.env.TEST_POSTGRES_URL ?? "" } : { DATABASE_URL: "" },
  },
});
