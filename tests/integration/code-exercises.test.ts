import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCodeExercises } from "@/lib/codecheck/catalog";
import { codeItems } from "@/lib/content/schedulable";
import { syncItems } from "@/lib/server/content-store";
import { fetchCodeExerciseList, fetchCodeSchedule, recordCodeDrill } from "@/lib/server/code-exercises";
import { fetchReviewSession } from "@/lib/server/reviews";
import { type TestDb, createTestDb } from "../setup/test-db";

const NOW = new Date("2026-03-02T10:00:00Z");
const detail = { exerciseId: "mse", runs: [{ status: "pass", failedCases: [] }], hintsShown: 0, solutionShown: false };

let t: TestDb;
let a: string;
let b: string;

beforeEach(async () => {
  t = await createTestDb();
  await syncItems(t.db, "code", codeItems(listCodeExercises(), []), NOW);
  a = (await t.db.user.create({ data: { email: "a@example.test" } })).id;
  b = (await t.db.user.create({ data: { email: "b@example.test" } })).id;
  // Enrolment gives each learner their schedule rows.
  await fetchReviewSession(t.db, a, NOW);
  await fetchReviewSession(t.db, b, NOW);
});
afterEach(async () => t.close());

describe("coding-exercise drills are the learner's own", () => {
  it("records a drill without touching the schedule, and B sees none of A's results", async () => {
    const before = await fetchCodeSchedule(t.db, a, "mse", NOW);
    expect(
      await recordCodeDrill(
        t.db,
        a,
        { reviewId: "code-drill-a-0001", exerciseId: "mse", quality: 5, durationMs: 1000, detail },
        NOW,
      ),
    ).toEqual({
      recorded: true,
    });
    expect(await fetchCodeSchedule(t.db, a, "mse", NOW)).toEqual(before);
    const mine = (await fetchCodeExerciseList(t.db, a, NOW)).find((e) => e.id === "mse");
    expect(mine?.last).toMatchObject({ outcome: "passed", quality: 5, kind: "drill" });
    const theirs = (await fetchCodeExerciseList(t.db, b, NOW)).find((e) => e.id === "mse");
    expect(theirs?.last).toBeNull();
  });

  it("B cannot reuse A's review id: nothing is written for B and A's row is unchanged", async () => {
    await recordCodeDrill(
      t.db,
      a,
      { reviewId: "code-drill-a-0002", exerciseId: "mse", quality: 5, durationMs: 1000, detail },
      NOW,
    );
    const row = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "code-drill-a-0002" } });
    await expect(
      recordCodeDrill(
        t.db,
        b,
        { reviewId: "code-drill-a-0002", exerciseId: "mse", quality: 1, durationMs: 5, detail },
        NOW,
      ),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await t.db.reviewLog.findUniqueOrThrow({ where: { id: "code-drill-a-0002" } })).toEqual(row);
    expect(await t.db.reviewLog.count({ where: { userId: b } })).toBe(0);
  });

  it("logs a drill with the new-item defaults for a learner who has no schedule row yet, and clamps its duration", async () => {
    const c = (await t.db.user.create({ data: { email: "c@example.test" } })).id;
    const result = await recordCodeDrill(
      t.db,
      c,
      { reviewId: "code-drill-c-0001", exerciseId: "mse", quality: 3, durationMs: 3 * 60 * 60 * 1000, detail },
      NOW,
    );
    expect(result).toEqual({ recorded: true });
    const row = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "code-drill-c-0001" } });
    expect(row).toMatchObject({
      userId: c,
      kind: "drill",
      statusBefore: "new",
      easeBefore: 2500,
      durationMs: 60 * 60 * 1000,
    });
    await expect(
      recordCodeDrill(
        t.db,
        c,
        { reviewId: "code-drill-c-0002", exerciseId: "no-such", quality: 3, durationMs: 1, detail },
        NOW,
      ),
    ).rejects.toMatchObject({ code: "not-found" });
  });
});
