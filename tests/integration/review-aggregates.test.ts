import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CountedReview, countReview, rebuildReviewAggregates } from "@/lib/server/review-aggregates";
import type { Db } from "@/lib/server/db";
import { TEST_ENGINE, type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const NOW = new Date("2026-03-02T10:00:00Z");
const root = path.resolve(import.meta.dirname, "..", "..");
let t: TestDb;
let userId: string;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, NOW);
  userId = (await t.db.user.create({ data: { email: "agg@example.test" } })).id;
});
afterEach(async () => t.close());

async function aggregates(db: Db) {
  const rows = await db.reviewAggregate.findMany({
    where: { userId, count: { not: 0 } },
    orderBy: [{ bucketStart: "asc" }, { itemKind: "asc" }, { quality: "asc" }, { retention: "asc" }],
  });
  return rows.map((r) => ({ ...r, bucketStart: r.bucketStart.toISOString() }));
}

/** Reviews at awkward instants: on quarter-hour edges, a millisecond before, across days; undone ones too. */
const REVIEWS: (CountedReview & { undone?: boolean })[] = [
  ["card:fixture-l1", "review", 5, "2026-03-01T09:14:59.999Z", 6],
  ["card:fixture-l1", "review", 4, "2026-03-01T09:15:00.000Z", 21],
  ["card:fixture-relu", "relearn", 1, "2026-03-01T09:29:00.000Z", 0],
  ["card:fixture-relu", "drill", 3, "2026-03-01T23:59:59.999Z", 0],
  ["card:fixture-nyquist-c1", "new", 5, "2026-03-02T00:00:00.000Z", 0],
  ["card:fixture-nyquist-c1", "review", 2, "2026-03-02T05:44:00.000Z", 20, true],
].map(([itemId, kind, quality, at, intervalBefore, undone]) => ({
  userId: "",
  itemId: String(itemId),
  kind: String(kind),
  quality: Number(quality),
  reviewedAt: new Date(String(at)),
  durationMs: 1500,
  intervalBefore: Number(intervalBefore),
  ...(undone ? { undone: true } : {}),
}));

async function writeLog(db: Db) {
  for (const [i, r] of REVIEWS.entries()) {
    await db.reviewLog.create({
      data: {
        id: `agg-${i}`,
        userId,
        itemId: r.itemId,
        kind: r.kind,
        quality: r.quality,
        reviewedAt: r.reviewedAt,
        durationMs: r.durationMs,
        repsBefore: 1,
        intervalBefore: r.intervalBefore,
        easeBefore: 2500,
        statusBefore: "active",
        redrillBefore: "none",
        lapsesBefore: 0,
        repsAfter: 2,
        intervalAfter: 6,
        easeAfter: 2500,
        undoneAt: r.undone ? NOW : null,
      },
    });
  }
}

describe("the progress aggregates", () => {
  it("counted review by review (and taken back on undo) equal a rebuild from the log", async () => {
    await writeLog(t.db);
    for (const r of REVIEWS) {
      await countReview(t.db, { ...r, userId }, 1);
      if (r.undone) await countReview(t.db, { ...r, userId }, -1);
    }
    const counted = await aggregates(t.db);
    await rebuildReviewAggregates(t.db, userId);
    expect(await aggregates(t.db)).toEqual(counted);
    expect(counted.map((r) => [r.bucketStart, r.itemKind, r.quality, r.retention, r.count])).toEqual([
      ["2026-03-01T09:00:00.000Z", "card", 5, 1, 1],
      ["2026-03-01T09:15:00.000Z", "card", 1, 0, 1],
      ["2026-03-01T09:15:00.000Z", "card", 4, 2, 1],
      ["2026-03-01T23:45:00.000Z", "card", 3, 0, 1],
      ["2026-03-02T00:00:00.000Z", "card", 5, 0, 1],
    ]);
  });

  it(`are what this engine's migration backfills from an existing log (${TEST_ENGINE})`, async () => {
    await writeLog(t.db);
    await rebuildReviewAggregates(t.db, userId);
    const rebuilt = await aggregates(t.db);
    await t.db.reviewAggregate.deleteMany();
    const folder = TEST_ENGINE === "postgresql" ? "prisma/postgresql/migrations" : "prisma/migrations";
    const migration = readFileSync(
      path.join(root, folder, "20261201140000_review_aggregates", "migration.sql"),
      "utf8",
    );
    const backfill = migration.slice(migration.indexOf('INSERT INTO "ReviewAggregate"'));
    await t.db.$executeRawUnsafe(backfill.trim().replace(/;$/, ""));
    expect(await aggregates(t.db)).toEqual(rebuilt);
  });
});
