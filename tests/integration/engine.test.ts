import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIALECT } from "@/lib/server/sql/dialect";
import { TEST_ENGINE, type TestDb, createTestDb } from "../setup/test-db";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(async () => t.close());

describe("the engine of this run", () => {
  it("is the one the tests think they run on, and the dialect the SQL is written for", async () => {
    expect(t.engine).toBe(TEST_ENGINE);
    expect(DIALECT).toBe(TEST_ENGINE);
    if (TEST_ENGINE === "postgresql") {
      const [row] = await t.db.$queryRaw<{ version: string }[]>`SELECT version() AS "version"`;
      expect(row?.version).toMatch(/^PostgreSQL/);
    } else {
      const [row] = await t.db.$queryRaw<{ version: string }[]>`SELECT sqlite_version() AS "version"`;
      expect(row?.version).toMatch(/^3\./);
    }
  });

  it("stores instants as UTC whatever the server's zone", async () => {
    const at = new Date("2026-03-29T01:30:00.123Z");
    await t.db.meta.create({ data: { key: "probe", value: "x" } });
    const user = await t.db.user.create({ data: { email: "probe@example.test", createdAt: at } });
    const [row] = await t.db.$queryRaw<{ createdAt: Date }[]>`SELECT "createdAt" FROM "User" WHERE "id" = ${user.id}`;
    expect(new Date(row!.createdAt).toISOString()).toBe(at.toISOString());
    const [later] = await t.db.$queryRaw<{ n: bigint | number }[]>`
      SELECT COUNT(*) AS "n" FROM "User" WHERE "createdAt" >= ${new Date("2026-03-29T01:30:00.000Z")}`;
    expect(Number(later?.n)).toBe(1);
  });
});
