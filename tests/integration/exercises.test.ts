import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exerciseItems } from "@/lib/content/schedulable";
import { generateExercise, listGenerators } from "@/lib/exercises";
import type { ExerciseAttemptRecord } from "@/lib/exercises/grading";
import { syncItems } from "@/lib/server/content-store";
import { DomainError, InvalidInputError, NotFoundError } from "@/lib/server/errors";
import {
  checkExercise,
  fetchExerciseOverview,
  recordDrill,
  revealSolution,
  showExercise,
} from "@/lib/server/exercises";
import { fetchReviewSession } from "@/lib/server/reviews";
import { ensureLocalLearner } from "@/lib/server/users";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
const GEN = "norm-lp";
const SEED = 12345; // L0 norm of (0, 5, 1, -2, 1, 4): 5; known mistakes 1 and 6

let t: TestDb;
let userA: string;
let userB: string;

beforeEach(async () => {
  t = await createTestDb();
  await syncFixtureCards(t.db, MONDAY_10);
  await syncItems(t.db, "exercise", exerciseItems(listGenerators(), []), MONDAY_10);
  userA = (await ensureLocalLearner(t.db)).id;
  userB = (await t.db.user.create({ data: { kind: "account", email: "b@example.test" } })).id;
});
afterEach(async () => t.close());

function attempt(inputs: string[], extra: Partial<ExerciseAttemptRecord> = {}): ExerciseAttemptRecord {
  return {
    generatorId: GEN,
    seed: SEED,
    attempts: inputs.map((input) => ({ input, value: null, correct: false })),
    hintsShown: 0,
    solutionShown: false,
    durationMs: 12_000,
    ...extra,
  };
}

describe("checking on the server", () => {
  it("regenerates the instance from the seed and checks the input against it", () => {
    const instance = generateExercise(GEN, SEED);
    expect(instance.answer.value).toBe(5);
    const right = checkExercise(GEN, SEED, "10/2");
    expect(right).toMatchObject({
      correct: true,
      interpretedAs: "10/2 = 5",
      attempt: { input: "10/2", value: 5, correct: true },
    });
    expect(right.reveal?.answerText).toBe("5");
    const mistake = checkExercise(GEN, SEED, "1");
    expect(mistake).toMatchObject({ correct: false, attempt: { feedbackKey: "wrong:0" } });
    expect(mistake.feedback).toEqual(instance.wrongAnswers[0]?.message);
    expect(mistake.reveal).toBeUndefined();
    const refused = checkExercise(GEN, SEED, "five");
    expect(refused.attempt).toBeNull();
    expect(refused.error?.en).toBeTruthy();
    // Another seed is another instance: the same input is judged against it.
    const other = generateExercise(GEN, SEED + 1);
    expect(checkExercise(GEN, SEED + 1, String(other.answer.value)).correct).toBe(true);
  });

  it("shows the prompt and hints as HTML, and keeps the answer, mistakes and solution back", () => {
    const view = showExercise(GEN, SEED);
    expect(view.promptHtml.en).toContain("katex");
    expect(view.hintsHtml).toHaveLength(2);
    const sent = JSON.stringify(view);
    for (const key of ['answer"', "wrongAnswers", "solution", "tolerance", "params"]) expect(sent).not.toContain(key);
    expect(revealSolution(GEN, SEED)).toMatchObject({ answerText: "5" });
    expect(revealSolution(GEN, SEED).stepsHtml[1]?.en).toContain("non-zero");
  });

  it("draws a new seed for every showing and refuses unknown generators", () => {
    const seeds = new Set(Array.from({ length: 20 }, () => showExercise(GEN).seed));
    expect(seeds.size).toBeGreaterThan(15);
    for (const s of seeds) expect(s >= 0 && s < 2 ** 32 && Number.isInteger(s)).toBe(true);
    expect(() => showExercise("no-such-generator", 1)).toThrow(NotFoundError);
    expect(() => checkExercise("no-such-generator", 1, "1")).toThrow(NotFoundError);
  });
});

describe("recording drills", () => {
  it("appends a drill with state before = after from the learner's defaults when they have no state row", async () => {
    expect(await t.db.itemState.count({ where: { userId: userA } })).toBe(0);
    const result = await recordDrill(
      t.db,
      userA,
      { reviewId: "drill-0001", attempt: attempt(["1", "5"], { hintsShown: 1 }) },
      MONDAY_10,
    );
    expect(result).toEqual({ reviewId: "drill-0001", duplicate: false, quality: 3 });
    const log = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-0001" } });
    expect(log).toMatchObject({
      userId: userA,
      itemId: `exercise:${GEN}`,
      kind: "drill",
      quality: 3,
      durationMs: 12_000,
      statusBefore: "new",
      repsBefore: 0,
      repsAfter: 0,
      intervalBefore: 0,
      intervalAfter: 0,
      easeBefore: 2500,
      easeAfter: 2500,
      dueBefore: null,
      dueAfter: null,
    });
    expect(JSON.parse(log.detail!)).toEqual({
      generatorId: GEN,
      seed: SEED,
      attempts: [
        { input: "1", value: 1, correct: false, feedbackKey: "wrong:0" },
        { input: "5", value: 5, correct: true },
      ],
      hintsShown: 1,
      solutionShown: false,
      durationMs: 12_000,
    });
    expect(await t.db.itemState.count({ where: { userId: userA } })).toBe(0);
  });

  it("copies the learner's state into the row and never changes it or the daily queue", async () => {
    const before = await fetchReviewSession(t.db, userA, MONDAY_10);
    await t.db.itemState.update({
      where: { userId_itemId: { userId: userA, itemId: `exercise:${GEN}` } },
      data: {
        status: "active",
        repetitions: 2,
        intervalDays: 6,
        easePermille: 2360,
        dueAt: new Date("2026-03-05T04:00:00Z"),
        lastReviewedAt: new Date("2026-02-27T09:00:00Z"),
      },
    });
    const state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId: userA, itemId: `exercise:${GEN}` } },
    });
    await recordDrill(t.db, userA, { reviewId: "drill-0002", attempt: attempt(["5"]) }, MONDAY_10);
    const log = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-0002" } });
    expect(log).toMatchObject({
      quality: 5,
      statusBefore: "active",
      repsBefore: 2,
      repsAfter: 2,
      intervalBefore: 6,
      intervalAfter: 6,
      easeBefore: 2360,
      easeAfter: 2360,
    });
    expect(log.dueBefore).toEqual(state.dueAt);
    expect(log.dueAfter).toEqual(state.dueAt);
    expect(
      await t.db.itemState.findUniqueOrThrow({
        where: { userId_itemId: { userId: userA, itemId: `exercise:${GEN}` } },
      }),
    ).toEqual(state);
    const after = await fetchReviewSession(t.db, userA, MONDAY_10);
    expect(after.doneToday).toBe(before.doneToday);
    expect(after.remaining).toEqual(before.remaining);
  });

  it("re-checks the verdicts itself: a record claiming a wrong answer was right is graded as wrong", async () => {
    const forged = attempt(["3"], { solutionShown: false });
    forged.attempts[0] = { input: "3", value: 5, correct: true };
    const result = await recordDrill(t.db, userA, { reviewId: "drill-forged", attempt: forged }, MONDAY_10);
    expect(result.quality).toBe(1);
    const detail = JSON.parse(
      (await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-forged" } })).detail!,
    ) as ExerciseAttemptRecord;
    expect(detail.attempts).toEqual([{ input: "3", value: 3, correct: false }]);
    await expect(
      recordDrill(t.db, userA, { reviewId: "drill-bad-input", attempt: attempt(["five"]) }, MONDAY_10),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      recordDrill(
        t.db,
        userA,
        { reviewId: "drill-no-gen", attempt: { ...attempt(["1"]), generatorId: "nope" } },
        MONDAY_10,
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("treats a repeated id as a no-op", async () => {
    const input = { reviewId: "drill-0003", attempt: attempt([], { solutionShown: true }) };
    expect(await recordDrill(t.db, userA, input, MONDAY_10)).toEqual({
      reviewId: "drill-0003",
      duplicate: false,
      quality: 0,
    });
    expect(await recordDrill(t.db, userA, { ...input, attempt: attempt(["5"]) }, MONDAY_10)).toEqual({
      reviewId: "drill-0003",
      duplicate: true,
      quality: 0,
    });
    expect(await t.db.reviewLog.count()).toBe(1);
  });

  it("is scoped to the learner: B cannot overwrite A's drill, and neither sees the other's results", async () => {
    await recordDrill(t.db, userA, { reviewId: "drill-of-a", attempt: attempt(["5"]) }, MONDAY_10);
    await expect(
      recordDrill(t.db, userB, { reviewId: "drill-of-a", attempt: attempt(["1"]) }, MONDAY_10),
    ).rejects.toSatisfy((e: unknown) => e instanceof DomainError && e.code === "conflict");
    const row = await t.db.reviewLog.findUniqueOrThrow({ where: { id: "drill-of-a" } });
    expect(row.userId).toBe(userA);
    expect(row.quality).toBe(5);
    expect(await t.db.reviewLog.count()).toBe(1);
    const seenByB = (await fetchExerciseOverview(t.db, userB)).flatMap((topic) => topic.generators);
    expect(seenByB.every((g) => g.attempts === 0 && g.recent.length === 0)).toBe(true);
    const seenByA = (await fetchExerciseOverview(t.db, userA)).flatMap((topic) => topic.generators);
    expect(seenByA.find((g) => g.generatorId === GEN)).toMatchObject({
      attempts: 1,
      firstTry: 1,
      accuracy: 1,
      recent: [5],
    });
  });
});

describe("accuracy", () => {
  let seq = 0;
  async function log(
    userId: string,
    itemId: string,
    quality: number,
    minutes: number,
    extra: { kind?: string; undoneAt?: Date } = {},
  ) {
    await t.db.reviewLog.create({
      data: {
        id: `log-${++seq}`,
        userId,
        itemId,
        kind: extra.kind ?? "drill",
        quality,
        reviewedAt: new Date(MONDAY_10.getTime() + minutes * 60_000),
        durationMs: 1000,
        repsBefore: 0,
        intervalBefore: 0,
        easeBefore: 2500,
        statusBefore: "new",
        redrillBefore: "none",
        lapsesBefore: 0,
        repsAfter: 0,
        intervalAfter: 0,
        easeAfter: 2500,
        ...(extra.undoneAt ? { undoneAt: extra.undoneAt } : {}),
      },
    });
  }

  it("counts first-try solves (grade ≥ 4) over exercise reviews and drills, per generator and per topic, with the last 10", async () => {
    // norm-lp: 12 attempts, newest last; grades 5,4 count as first-try.
    const grades = [1, 5, 3, 4, 0, 5, 5, 3, 1, 4, 5, 3];
    for (const [i, q] of grades.entries())
      await log(userA, "exercise:norm-lp", q, i, { kind: i % 3 === 0 ? "review" : "drill" });
    // Two generators of one topic (normalization).
    await log(userA, "exercise:normalize-minmax", 5, 1, { kind: "new" });
    await log(userA, "exercise:normalize-zscore", 1, 2);
    await log(userA, "exercise:normalize-zscore", 3, 3);
    // Not counted: undone, a card, another learner.
    await log(userA, "exercise:normalize-zscore", 5, 4, { undoneAt: MONDAY_10 });
    await log(userA, "card:fixture-l1", 5, 5, { kind: "new" });
    await log(userB, "exercise:norm-lp", 0, 99);

    const topics = await fetchExerciseOverview(t.db, userA);
    const generators = new Map(topics.flatMap((topic) => topic.generators).map((g) => [g.generatorId, g]));
    expect(generators.get("norm-lp")).toMatchObject({ attempts: 12, firstTry: 6, accuracy: 0.5 });
    expect(generators.get("norm-lp")?.recent).toEqual([...grades].reverse().slice(0, 10));
    expect(generators.get("normalize-minmax")).toMatchObject({ attempts: 1, firstTry: 1, accuracy: 1, recent: [5] });
    expect(generators.get("normalize-zscore")).toMatchObject({ attempts: 2, firstTry: 0, accuracy: 0, recent: [3, 1] });
    const normalization = topics.find((topic) => topic.topic === "normalization");
    expect(normalization).toMatchObject({ attempts: 3, firstTry: 1 });
    expect(normalization?.accuracy).toBeCloseTo(1 / 3);
    const untouched = topics.find((topic) => topic.topic === "convolution");
    expect(untouched).toMatchObject({ attempts: 0, firstTry: 0, accuracy: null });
    // Every generator is listed once, grouped by topic.
    expect(topics.flatMap((topic) => topic.generators)).toHaveLength(listGenerators().length);
    expect(new Set(topics.map((topic) => topic.topic)).size).toBe(topics.length);
  });
});
