/**
 * A transaction whose COMMIT fails must still end (lib/server/db-adapter.ts):
 * otherwise SQLite's transaction lock or a PostgreSQL pool connection is
 * never given back, and every later transaction of the process waits
 * forever. A COMMIT is made to fail here by a foreign key checked only at
 * commit time (SQLite's defer_foreign_keys; in PostgreSQL the test's own
 * database makes those constraints deferred).
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { type TestDb, createTestDb } from "../setup/test-db";

/** More than a process's PostgreSQL pool holds (lib/server/db.ts): a leak per failure would exhaust it. */
const FAILED_COMMITS = 12;

let t: TestDb;

beforeEach(async () => {
  t = await createTestDb();
  if (t.engine === "postgresql") {
    for (const constraint of ["ItemState_userId_fkey", "ItemState_itemId_fkey"]) {
      await t.db.$executeRawUnsafe(
        `ALTER TABLE "ItemState" ALTER CONSTRAINT "${constraint}" DEFERRABLE INITIALLY DEFERRED`,
      );
    }
  }
});
afterEach(async () => t.close());

/** A transaction that writes a row naming no learner: refused only when it commits. */
function commitThatFails(n: number): Promise<unknown> {
  return t.db.$transaction(async (tx) => {
    if (t.engine === "sqlite") await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
    await tx.$executeRawUnsafe(
      `INSERT INTO "ItemState" ("userId", "itemId", "status", "position", "repetitions", "intervalDays",
         "easePermille", "lapses", "redrill", "version")
       VALUES ('no-such-learner-${n}', 'card:x', 'new', 0, 0, 0, 2500, 0, 'none', 0)`,
    );
  });
}

it("ends a transaction whose COMMIT fails, keeps nothing of it, and lets the next transactions run", async () => {
  for (let i = 0; i < FAILED_COMMITS; i++) await expect(commitThatFails(i)).rejects.toThrow(/foreign ?key/i);
  const learner = await t.db.$transaction(async (tx) =>
    tx.user.create({ data: { kind: "account", email: "after@example.test" } }),
  );
  expect(learner.email).toBe("after@example.test");
  expect(await t.db.itemState.count()).toBe(0);
});
