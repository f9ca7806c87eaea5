/**
 * The daily queue (fetchReviewSession: its head and counts) and exercise
 * accuracy (fetchExerciseOverview, the /exercises page), computed by the data layer on a real
 * database, equal the plain-TypeScript reference computed from the same rows
 * in memory (./progress-reference.ts).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchExerciseOverview } from "@/lib/server/exercises";
import { type ReviewSessionView, fetchReviewSession, gradeItem, undoReview } from "@/lib/server/reviews";
import { type TestDb, createTestDb } from "../setup/test-db";
import { type World, clearWorld, readWorld, worldArb, writeWorld } from "./differential-world";
import { type SessionSummary, referenceExerciseAccuracy, referenceSession, roundFloats } from "./progress-reference";

const SEED = 20_260_302;
const RUNS = 24;
const STEP_RUNS = 10;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.close());

function summaryOf(s: ReviewSessionView): SessionSummary {
  const c = s.current;
  return {
    dayKey: s.dayKey,
    current: c
      ? { itemId: c.itemId, itemKind: c.itemKind, version: c.version, section: c.section, reviewKind: c.reviewKind }
      : null,
    remaining: s.remaining,
    doneToday: s.doneToday,
    nextWorkAt: s.nextWorkAt,
  };
}

function describeLearner(world: World, userId: string): string {
  const l = world.learners.find((x) => x.id === userId);
  return `${userId} (${l?.timeZone}, day starts ${l?.dayStartHour}h, limits ${l?.newPerDay} new / ${l?.maxReviewsPerDay} reviews) at ${world.now.toISOString()}`;
}

/** Attempts, first-try solves and the latest grades of every generator, and the topics' totals. */
async function expectAccuracyAsReference(world: World, userId: string): Promise<void> {
  const topics = await fetchExerciseOverview(t.db, userId);
  const generators = topics.flatMap((topic) => topic.generators);
  for (const item of world.items.filter((i) => i.kind === "exercise"))
    expect(generators.map((g) => g.generatorId)).toContain(item.contentId);
  for (const { generatorId, attempts, firstTry, accuracy, recent } of generators)
    expect(
      roundFloats({ generatorId, attempts, firstTry, accuracy, recent }),
      `${describeLearner(world, userId)}: accuracy`,
    ).toEqual(roundFloats(referenceExerciseAccuracy(world, userId, generatorId)));
  for (const topic of topics) {
    const attempts = topic.generators.reduce((n, g) => n + g.attempts, 0);
    const firstTry = topic.generators.reduce((n, g) => n + g.firstTry, 0);
    expect([topic.attempts, topic.firstTry], `${topic.topic} totals`).toEqual([attempts, firstTry]);
  }
}

describe("the daily queue equals the reference", () => {
  it("head, counts, today's work, when work resumes and exercise accuracy, for random histories of several learners", async () => {
    await fc.assert(
      fc.asyncProperty(worldArb(), async (world) => {
        await clearWorld(t.db);
        await writeWorld(t.db, world);
        for (const { id } of world.learners) {
          expect(summaryOf(await fetchReviewSession(t.db, id, world.now)), describeLearner(world, id)).toEqual(
            referenceSession(world, id),
          );
          await expectAccuracyAsReference(world, id);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it("stays equal while a learner grades (any grade) and undoes", async () => {
    const steps = fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant("undo" as const)), {
      minLength: 2,
      maxLength: 8,
    });
    await fc.assert(
      fc.asyncProperty(worldArb({ learners: { minLength: 1, maxLength: 2 } }), steps, async (world, plan) => {
        await clearWorld(t.db);
        await writeWorld(t.db, world);
        const userId = world.learners[0]!.id;
        let at = world.now.getTime();
        const undoable: string[] = [];
        for (const [i, step] of plan.entries()) {
          const now = new Date(++at);
          if (step === "undo") {
            // Undo reaches only what this test graded (a generated row may lack a state to restore).
            const last = undoable.pop();
            if (last === undefined) continue;
            await undoReview(t.db, userId, last, now);
          } else {
            const session = await fetchReviewSession(t.db, userId, now);
            if (!session.current) continue;
            await gradeItem(
              t.db,
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
            undoable.push(`step-${i}`);
          }
          const after = { ...(await readWorld(t.db, world)), now };
          expect(
            summaryOf(await fetchReviewSession(t.db, userId, now)),
            `${describeLearner(after, userId)}, after step ${i} (${String(step)})`,
          ).toEqual(referenceSession(after, userId));
        }
      }),
      { seed: SEED + 1, numRuns: STEP_RUNS, endOnFailure: true },
    );
  });
});
