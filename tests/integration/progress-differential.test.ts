/**
 * Every dashboard figure, computed by the data layer on a real database,
 * equals the plain-TypeScript reference computed from the same rows in memory
 * (./progress-reference.ts), for random histories of several learners.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { fetchExerciseOverview } from "@/lib/server/exercises";
import { createProgressCache } from "@/lib/server/progress/cache";
import { type Dashboard, fetchDashboard } from "@/lib/server/progress/dashboard";
import { reviewLogCsv } from "@/lib/server/progress/export";
import { rebuildReviewAggregates } from "@/lib/server/review-aggregates";
import { fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
import { type TestDb, createTestDb } from "../setup/test-db";
import { TIME_ZONES, type World, clearWorld, readWorld, worldArb, writeWorld } from "./differential-world";
import { referenceDashboard, roundFloats } from "./progress-reference";

const SEED = 20_260_310;
const RUNS = 14;
const STEP_RUNS = 6;
const PRIVACY_RUNS = 4;

let shared: TestDb;
let alone: TestDb;
beforeAll(async () => {
  [shared, alone] = await Promise.all([createTestDb(), createTestDb()]);
});
afterAll(async () => {
  await Promise.all([shared.close(), alone.close()]);
});

function describeLearner(world: World, userId: string): string {
  const l = world.learners.find((x) => x.id === userId);
  return `${userId} (${l?.timeZone}, day starts ${l?.dayStartHour}h) at ${world.now.toISOString()}`;
}

/** Figure by figure, so a failure names the figure. */
function expectSameFigures(actual: Dashboard, expected: Dashboard, label: string): void {
  for (const figure of Object.keys(expected) as (keyof Dashboard)[])
    expect(roundFloats(actual[figure]), `${label}: ${figure}`).toEqual(roundFloats(expected[figure]));
}

describe("every dashboard figure equals the reference", () => {
  it("for random histories of several learners, on the first and on a repeat view", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(), async (world) => {
        await clearWorld(shared.db);
        await writeWorld(shared.db, world);
        for (const { id } of world.learners) {
          const expected = referenceDashboard(world, id);
          const cache = createProgressCache();
          const label = describeLearner(world, id);
          expectSameFigures(await fetchDashboard(shared.db, id, world.now, cache), expected, `${label}, first view`);
          expectSameFigures(await fetchDashboard(shared.db, id, world.now, cache), expected, `${label}, repeat view`);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it("for a learner who has just changed time zone and day start: the right days at once, no rebuild", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldArb({ learners: { minLength: 1, maxLength: 2 } }),
        fc.constantFrom(...TIME_ZONES),
        fc.integer({ min: 0, max: 23 }),
        async (world, timeZone, dayStartHour) => {
          await clearWorld(shared.db);
          await writeWorld(shared.db, world);
          const learner = world.learners[0]!;
          const cache = createProgressCache();
          await fetchDashboard(shared.db, learner.id, world.now, cache);
          // Only the setting changes: the log and its aggregates stay as they were.
          await shared.db.user.update({ where: { id: learner.id }, data: { timeZone, dayStartHour } });
          const moved = {
            ...world,
            learners: world.learners.map((l) => (l.id === learner.id ? { ...l, timeZone, dayStartHour } : l)),
          };
          const label = `${describeLearner(moved, learner.id)} (was ${learner.timeZone}, ${learner.dayStartHour}h)`;
          expectSameFigures(
            await fetchDashboard(shared.db, learner.id, world.now, cache),
            referenceDashboard(moved, learner.id),
            label,
          );
        },
      ),
      { seed: SEED + 2, numRuns: STEP_RUNS, endOnFailure: true },
    );
  });

  it("after grades and undos, on the repeat view the caches serve", async () => {
    const steps = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant("undo" as const)), {
      minLength: 1,
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(worldArb({ learners: { minLength: 1, maxLength: 2 } }), steps, async (world, plan) => {
        await clearWorld(shared.db);
        await writeWorld(shared.db, world);
        const userId = world.learners[0]!.id;
        const cache = createProgressCache();
        await fetchDashboard(shared.db, userId, world.now, cache);
        let at = world.now.getTime();
        let graded: string | null = null;
        for (const [i, step] of plan.entries()) {
          // Each action a millisecond after the last, as a real clock would stamp them.
          const now = new Date(++at);
          if (step === "undo") {
            // Undo reaches only what this test graded (a generated row may lack a state to restore).
            if (graded === null) continue;
            await undoReview(shared.db, userId, graded, now);
            graded = null;
          } else {
            const session = await fetchReviewSession(shared.db, userId, now);
            if (!session.current) continue;
            await gradeItem(
              shared.db,
              userId,
              {
                reviewId: `step-${i}`,
                itemId: session.current.itemId,
                quality: step,
                expectedVersion: session.current.version,
                durationMs: 1000,
              },
              now,
            );
            graded = `step-${i}`;
          }
          const after = { ...(await readWorld(shared.db, world)), now };
          expectSameFigures(
            await fetchDashboard(shared.db, userId, now, cache),
            referenceDashboard(after, userId),
            `${describeLearner(after, userId)}, after step ${i} (${String(step)})`,
          );
        }
        // The counts kept grade by grade and undo by undo are the ones a rebuild from the log gives.
        const kept = await aggregatesOf(shared.db, userId);
        await rebuildReviewAggregates(shared.db, userId);
        expect(kept).toEqual(await aggregatesOf(shared.db, userId));
      }),
      { seed: SEED + 1, numRuns: STEP_RUNS, endOnFailure: true },
    );
  });
});

/** A learner's non-empty aggregate buckets, in a stable order. */
async function aggregatesOf(db: Db, userId: string) {
  const rows = await db.reviewAggregate.findMany({
    where: { userId, count: { not: 0 } },
    orderBy: [{ bucketStart: "asc" }, { itemKind: "asc" }, { quality: "asc" }, { retention: "asc" }],
  });
  return rows.map((r) => ({ ...r, bucketStart: r.bucketStart.toISOString() }));
}

async function exportOf(db: Db, userId: string): Promise<string> {
  let csv = "";
  for await (const chunk of reviewLogCsv(db, userId)) csv += chunk;
  return csv;
}

describe("privacy", () => {
  it("a learner's whole dashboard, queue, accuracy and export are the same on a shared database as alone", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb({ learners: { minLength: 2, maxLength: 3 } }), async (world) => {
        await clearWorld(shared.db);
        await writeWorld(shared.db, world);
        for (const { id } of world.learners) {
          await clearWorld(alone.db);
          await writeWorld(alone.db, world, id);
          const label = describeLearner(world, id);
          expectSameFigures(
            await fetchDashboard(shared.db, id, world.now, createProgressCache()),
            await fetchDashboard(alone.db, id, world.now, createProgressCache()),
            `${label}, shared vs alone`,
          );
          expect(await fetchReviewSession(shared.db, id, world.now), `${label}: queue`).toEqual(
            await fetchReviewSession(alone.db, id, world.now),
          );
          expect(await fetchExerciseOverview(shared.db, id), `${label}: exercises`).toEqual(
            await fetchExerciseOverview(alone.db, id),
          );
          expect(await exportOf(shared.db, id), `${label}: export`).toBe(await exportOf(alone.db, id));
        }
      }),
      { seed: SEED + 2, numRuns: PRIVACY_RUNS, endOnFailure: true },
    );
  });
});
