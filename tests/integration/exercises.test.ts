import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exerciseItems } from "@/lib/content/schedulable";
import { generateExercise, listGenerators } from "@/lib/exercises";
import type { ExerciseAttemptRecord } from "@/lib/exercises/grading";
import { syncItems } from "@/lib/server/content-store";
import { DomainError, InvalidInputError, NotFoundError } from "@/lib/server/errors";
import {
  ABANDONED_ATTEMPT_DAYS,
  answerExercise,
  fetchExerciseOverview,
  recordDrill,
  revealExerciseSolution,
  showExerciseHint,
  startExerciseAttempt,
  verifiedExerciseGrade,
} from "@/lib/server/exercises";
import { type GradeInput, fetchReviewSession, gradeItem } from "@/lib/server/reviews";
import { ensureLocalLearner } from "@/lib/server/users";
import { type TestDb, createTestDb, syncFixtureCards } from "../setup/test-db";

const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
const GEN = "norm-lp";
const SEED = 12345; // L0 norm of (0, 5, 1, -2, 1, 4): 5; known mistakes 1 and 6
const fixedSeed = { drawSeed: () => SEED };
const later = (ms: number) => new Date(MONDAY_10.getTime() + ms);

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

const isConflict = (e: unknown) => e instanceof DomainError && e.code === "conflict";

async function storedDetail(reviewId: string): Promise<ExerciseAttemptRecord & { attemptId: string }> {
  const row = await t.db.reviewLog.findUniqueOrThrow({ where: { id: reviewId } });
  return JSON.parse(row.detail!) as ExerciseAttemptRecord & { attemptId: string };
}

describe("the server owns the attempt", () => {
  it("draws the instance, stores it, checks answers against it and appends each readable one", async () => {
    const view = await startExerciseAttempt(t.db, userA, GEN, "practice", MONDAY_10, fixedSeed);
    expect(view.seed).toBe(SEED);
    expect(generateExercise(GEN, SEED).answer.value).toBe(5);
    const mistake = await answerExercise(t.db, userA, view.attemptId, "1", later(1000));
    expect(mistake.correct).toBe(false);
    expect(mistake.feedback).toEqual(generateExercise(GEN, SEED).wrongAnswers[0]?.message);
    expect(mistake.state.reveal).toBeNull();
    const refused = await answerExercise(t.db, userA, view.attemptId, "five", later(2000));
    expect(refused.error?.en).toBeTruthy();
    const right = await answerExercise(t.db, userA, view.attemptId, "10/2", later(3000));
    expect(right).toMatchObject({ correct: true, interpretedAs: "10/2 = 5" });
    expect(right.state.answers).toEqual([
      { input: "1", value: 1, correct: false, feedbackKey: "wrong:0" },
      { input: "10/2", value: 5, correct: true },
    ]);
    expect(right.state.reveal?.answerText).toBe("5");
    expect(right.state.grade).toEqual({ grade: 3, outcome: "helped", durationMs: 3000 });
    // Ended: no more answers.
    await expect(answerExercise(t.db, userA, view.attemptId, "5", later(4000))).rejects.toSatisfy(isConflict);
  });

  it("sends no answer, mistakes, solution or unseen hint with the exercise; hints come one at a time", async () => {
    const view = await startExerciseAttempt(t.db, userA, GEN, "practice", MONDAY_10, fixedSeed);
    expect(view.promptHtml.en).toContain("katex");
    expect(view.hintCount).toBe(2);
    const sent = JSON.stringify(view);
    for (const key of ['"answer"', '"wrongAnswers"', '"solution"', '"tolerance"', '"params"', '"stepsHtml"']) {
      expect(sent).not.toContain(key);
    }
    const hintText = generateExercise(GEN, SEED).hints[0]!.en.slice(0, 30);
    expect(sent).not.toContain(hintText);
    expect(view.state.hintsHtml).toEqual([]);
    const one = await showExerciseHint(t.db, userA, view.attemptId, MONDAY_10);
    expect(one.hintsHtml).toHaveLength(1);
    const two = await showExerciseHint(t.db, userA, view.attemptId, MONDAY_10);
    const three = await showExerciseHint(t.db, userA, view.attemptId, MONDAY_10);
    expect(two.hintsHtml).toHaveLength(2);
    expect(three.hintsHtml).toHaveLength(2);
    const row = await t.db.exerciseAttempt.findUniqueOrThrow({ where: { id: view.attemptId } });
    expect(row.hintsShown).toBe(2);
  });

  it("shows the worked answer to six significant figures, not the checker's twelve", async () => {
    const long: string[] = [];
    for (const { id } of listGenerators()) {
      const view = await startExerciseAttempt(t.db, userA, id, "practice", MONDAY_10, { drawSeed: () => 4242 });
      const { reveal } = await revealExerciseSolution(t.db, userA, view.attemptId, MONDAY_10);
      const instance = generateExercise(id, 4242);
      if (instance.answer.kind === "integer") {
        // Integers are shown exactly, however many digits they have.
        const values = Array.isArray(instance.answer.value) ? instance.answer.value : [instance.answer.value];
        for (const v of values) expect(reveal!.answerText, id).toContain(String(v));
        continue;
      }
      for (const number of reveal!.answerText.match(/-?\d+(\.\d+)?(e-?\d+)?/g) ?? []) {
        const digits = number.replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "");
        if (digits.length > 6) long.push(`${id}: ${reveal!.answerText}`);
      }
    }
    expect(long).toEqual([]);
  });

  it("draws a new seed for every practice showing and refuses unknown generators", async () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 20; i++) seeds.add((await startExerciseAttempt(t.db, userA, GEN, "practice", MONDAY_10)).seed);
    expect(seeds.size).toBeGreaterThan(15);
    for (const s of seeds) expect(s >= 0 && s < 2 ** 32 && Number.isInteger(s)).toBe(true);
    await expect(startExerciseAttempt(t.db, userA, "no-such-generator", "practice", MONDAY_10)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("shows the same review instance again until it is graded: a reload never rerolls it", async () => {
    const first = await startExerciseAttempt(t.db, userA, GEN, "review", MONDAY_10);
    await answerExercise(t.db, userA, first.attemptId, "1", later(1000));
    const reloaded = await startExerciseAttempt(t.db, userA, GEN, "review", later(5000));
    expect(reloaded.attemptId).toBe(first.attemptId);
    expect(reloaded.seed).toBe(first.seed);
    expect(reloaded.state.answers.map((a) => a.input)).toEqual(["1"]);
    // Practice showings are separate attempts and leave the review attempt alone.
    const practice = await startExerciseAttempt(t.db, userA, GEN, "practice", later(6000));
    expect(practice.attemptId).not.toBe(first.attemptId);
    expect((await startExerciseAttempt(t.db, userA, GEN, "review", later(7000))).attemptId).toBe(first.attemptId);
  });

  it("deletes attempts left unfinished for a month when a new one starts", async () => {
    const old = await startExerciseAttempt(t.db, userA, GEN, "practice", MONDAY_10);
    const oldB = await startExerciseAttempt(t.db, userB, GEN, "practice", MONDAY_10);
    const month = ABANDONED_ATTEMPT_DAYS * 24 * 60 * 60 * 1000;
    await startExerciseAttempt(t.db, userA, GEN, "practice", later(month - 1));
    expect(await t.db.exerciseAttempt.count({ where: { id: old.attemptId } })).toBe(1);
    await startExerciseAttempt(t.db, userA, GEN, "practice", later(month + 1));
    expect(await t.db.exerciseAttempt.count({ where: { id: old.attemptId } })).toBe(0);
    // Another learner's attempts are theirs to clean up.
    expect(await t.db.exerciseAttempt.count({ where: { id: oldB.attemptId } })).toBe(1);
  });
});

describe("grading an exercise in the daily review", () => {
  async function showInQueue(userId: string) {
    const view = await startExerciseAttempt(t.db, userId, GEN, "review", MONDAY_10, fixedSeed);
    await fetchReviewSession(t.db, userId, MONDAY_10);
    const state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId, itemId: `exercise:${GEN}` } },
    });
    return { view, version: state.version };
  }

  function gradeInput(attemptId: string, version: number, extra: Partial<GradeInput> = {}): GradeInput {
    return {
      reviewId: `review-${attemptId.slice(0, 8)}`,
      itemId: `exercise:${GEN}`,
      quality: 5,
      expectedVersion: version,
      durationMs: 1000,
      detail: { attemptId },
      ...extra,
    };
  }

  async function grade(userId: string, input: GradeInput, now: Date) {
    const verified = await verifiedExerciseGrade(t.db, userId, input, now);
    return gradeItem(t.db, userId, verified.input, now, {
      ...(verified.onRecorded ? { onRecorded: verified.onRecorded } : {}),
    });
  }

  it("records what the server saw, not what the browser claims: a revealed solution then the answer is a blackout", async () => {
    const { view, version } = await showInQueue(userA);
    await revealExerciseSolution(t.db, userA, view.attemptId, later(2000));
    // Typing the revealed answer afterwards is refused: the attempt ended with the reveal.
    await expect(answerExercise(t.db, userA, view.attemptId, "5", later(3000))).rejects.toSatisfy(isConflict);
    const forged = gradeInput(view.attemptId, version, {
      quality: 5,
      durationMs: 1,
      detail: {
        attemptId: view.attemptId,
        solutionShown: false,
        hintsShown: 0,
        attempts: [{ input: "5", correct: true }],
      },
    });
    const result = await grade(userA, forged, later(4000));
    expect(result.quality).toBe(0);
    const detail = await storedDetail(forged.reviewId);
    expect(detail).toMatchObject({ attemptId: view.attemptId, seed: SEED, attempts: [], solutionShown: true });
    expect(detail.durationMs).toBe(4000);
  });

  it("grades 5 for a quick first-try solve, 4 after 90 s, 3 after a hint, and says why", async () => {
    const quick = await showInQueue(userA);
    const solved = await answerExercise(t.db, userA, quick.view.attemptId, "5", later(30_000));
    expect(solved.state.grade).toEqual({ grade: 5, outcome: "first-try", durationMs: 30_000 });
    expect(
      (await grade(userA, gradeInput(quick.view.attemptId, quick.version, { quality: 0 }), later(40_000))).quality,
    ).toBe(5);

    const slowView = await startExerciseAttempt(t.db, userB, GEN, "review", MONDAY_10, fixedSeed);
    const slow = await answerExercise(t.db, userB, slowView.attemptId, "5", later(100_000));
    expect(slow.state.grade).toEqual({ grade: 4, outcome: "first-try-slow", durationMs: 100_000 });
    // The browser's short duration changes nothing: the server measured from the showing to the solve.
    const input = { ...(await gradeFor(userB, slowView.attemptId)), durationMs: 10 };
    expect((await grade(userB, input, later(200_000))).quality).toBe(4);
    expect((await t.db.reviewLog.findUniqueOrThrow({ where: { id: input.reviewId } })).durationMs).toBe(100_000);
  });

  async function gradeFor(userId: string, attemptId: string): Promise<GradeInput> {
    await fetchReviewSession(t.db, userId, MONDAY_10);
    const state = await t.db.itemState.findUniqueOrThrow({
      where: { userId_itemId: { userId, itemId: `exercise:${GEN}` } },
    });
    return gradeInput(attemptId, state.version);
  }

  it("counts a hint the server handed out", async () => {
    const { view, version } = await showInQueue(userA);
    await showExerciseHint(t.db, userA, view.attemptId, later(1000));
    await answerExercise(t.db, userA, view.attemptId, "5", later(2000));
    expect((await grade(userA, gradeInput(view.attemptId, version), later(3000))).quality).toBe(3);
    // A hint asked for after the solve is not recorded, so it cannot lower a first-try grade.
    const other = await startExerciseAttempt(t.db, userB, GEN, "review", MONDAY_10, fixedSeed);
    await answerExercise(t.db, userB, other.attemptId, "5", later(1000));
    const after = await showExerciseHint(t.db, userB, other.attemptId, later(2000));
    expect(after.grade?.grade).toBe(5);
    expect(after.hintsHtml).toEqual([]);
  });

  it("grades an attempt once: a repeat of the review id is a no-op, another id is refused", async () => {
    const { view, version } = await showInQueue(userA);
    await answerExercise(t.db, userA, view.attemptId, "5", later(1000));
    const input = gradeInput(view.attemptId, version);
    expect((await grade(userA, input, later(2000))).duplicate).toBe(false);
    expect((await grade(userA, input, later(3000))).duplicate).toBe(true);
    await expect(
      verifiedExerciseGrade(t.db, userA, { ...input, reviewId: "review-another" }, later(4000)),
    ).rejects.toSatisfy(isConflict);
    expect(await t.db.reviewLog.count({ where: { userId: userA } })).toBe(1);
    // The next review of this exercise is a new instance.
    const next = await startExerciseAttempt(t.db, userA, GEN, "review", later(5000));
    expect(next.attemptId).not.toBe(view.attemptId);
  });

  it("refuses a grade without an attempt, with another learner's attempt, a practice attempt or an unanswered one", async () => {
    const { view, version } = await showInQueue(userA);
    await answerExercise(t.db, userA, view.attemptId, "5", later(1000));
    await expect(
      verifiedExerciseGrade(t.db, userA, { ...gradeInput(view.attemptId, version), detail: undefined }, later(2000)),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      verifiedExerciseGrade(t.db, userB, gradeInput(view.attemptId, version), later(2000)),
    ).rejects.toBeInstanceOf(InvalidInputError);
    const practice = await startExerciseAttempt(t.db, userA, GEN, "practice", MONDAY_10, fixedSeed);
    await answerExercise(t.db, userA, practice.attemptId, "5", later(1000));
    await expect(
      verifiedExerciseGrade(t.db, userA, gradeInput(practice.attemptId, version), later(2000)),
    ).rejects.toBeInstanceOf(InvalidInputError);
    const fresh = await startExerciseAttempt(t.db, userB, GEN, "review", MONDAY_10, fixedSeed);
    await expect(
      verifiedExerciseGrade(t.db, userB, gradeInput(fresh.attemptId, version), later(2000)),
    ).rejects.toBeInstanceOf(InvalidInputError);
    // B cannot answer, hint or reveal A's attempt either.
    await expect(answerExercise(t.db, userB, view.attemptId, "5", later(3000))).rejects.toBeInstanceOf(NotFoundError);
    await expect(showExerciseHint(t.db, userB, view.attemptId, later(3000))).rejects.toBeInstanceOf(NotFoundError);
    await expect(revealExerciseSolution(t.db, userB, view.attemptId, later(3000))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe("recording drills", () => {
  async function practised(userId: string, inputs: string[], options: { hint?: boolean; reveal?: boolean } = {}) {
    const view = await startExerciseAttempt(t.db, userId, GEN, "practice", MONDAY_10, fixedSeed);
    if (options.hint) await showExerciseHint(t.db, userId, view.attemptId, MONDAY_10);
    for (const [i, input] of inputs.entries())
      await answerExercise(t.db, userId, view.attemptId, input, later(6000 * (i + 1)));
    if (options.reveal) await revealExerciseSolution(t.db, userId, view.attemptId, later(20_000));
    return view.attemptId;
  }

  it("appends a drill with state before = after from the learner's defaults when they have no state row", async () => {
    expect(await t.db.itemState.count({ where: { userId: userA } })).toBe(0);
    const attemptId = await practised(userA, ["1", "5"], { hint: true });
    const result = await recordDrill(t.db, userA, { reviewId: "drill-0001", attemptId }, later(30_000));
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
    expect(await storedDetail("drill-0001")).toEqual({
      attemptId,
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
    const attemptId = await practised(userA, ["5"]);
    await recordDrill(t.db, userA, { reviewId: "drill-0002", attemptId }, later(10_000));
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

  it("grades from the stored attempt: a reveal after wrong answers is 1, a reveal alone 0, nothing at all is refused", async () => {
    expect(
      (
        await recordDrill(
          t.db,
          userA,
          { reviewId: "drill-w", attemptId: await practised(userA, ["3"], { reveal: true }) },
          MONDAY_10,
        )
      ).quality,
    ).toBe(1);
    expect(
      (
        await recordDrill(
          t.db,
          userA,
          { reviewId: "drill-b", attemptId: await practised(userA, [], { reveal: true }) },
          MONDAY_10,
        )
      ).quality,
    ).toBe(0);
    await expect(
      recordDrill(t.db, userA, { reviewId: "drill-empty", attemptId: await practised(userA, []) }, MONDAY_10),
    ).rejects.toBeInstanceOf(InvalidInputError);
    await expect(
      recordDrill(t.db, userA, { reviewId: "drill-none", attemptId: "no-such-attempt" }, MONDAY_10),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("marks a replayed seed, and never lets a review attempt be logged as a drill", async () => {
    const replay = await startExerciseAttempt(t.db, userA, GEN, "practice", MONDAY_10, { seed: 7 });
    expect(replay.seed).toBe(7);
    await answerExercise(t.db, userA, replay.attemptId, String(generateExercise(GEN, 7).answer.value), later(1000));
    await recordDrill(t.db, userA, { reviewId: "drill-replay", attemptId: replay.attemptId }, later(2000));
    expect(await storedDetail("drill-replay")).toMatchObject({ seed: 7, replay: true });
    const review = await startExerciseAttempt(t.db, userA, GEN, "review", MONDAY_10, fixedSeed);
    await answerExercise(t.db, userA, review.attemptId, "5", later(1000));
    await expect(
      recordDrill(t.db, userA, { reviewId: "drill-of-review", attemptId: review.attemptId }, MONDAY_10),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("treats a repeated id as a no-op and records an attempt once", async () => {
    const attemptId = await practised(userA, [], { reveal: true });
    const input = { reviewId: "drill-0003", attemptId };
    expect(await recordDrill(t.db, userA, input, MONDAY_10)).toEqual({
      reviewId: "drill-0003",
      duplicate: false,
      quality: 0,
    });
    expect(await recordDrill(t.db, userA, input, MONDAY_10)).toEqual({
      reviewId: "drill-0003",
      duplicate: true,
      quality: 0,
    });
    await expect(recordDrill(t.db, userA, { reviewId: "drill-0004", attemptId }, MONDAY_10)).rejects.toSatisfy(
      isConflict,
    );
    expect(await t.db.reviewLog.count()).toBe(1);
  });

  it("is scoped to the learner: B cannot use A's attempt or review id, and neither sees the other's results", async () => {
    const attemptOfA = await practised(userA, ["5"]);
    await recordDrill(t.db, userA, { reviewId: "drill-of-a", attemptId: attemptOfA }, MONDAY_10);
    const attemptOfB = await practised(userB, ["1"]);
    await expect(
      recordDrill(t.db, userB, { reviewId: "drill-of-a", attemptId: attemptOfB }, MONDAY_10),
    ).rejects.toSatisfy(isConflict);
    await expect(
      recordDrill(t.db, userB, { reviewId: "drill-b-1", attemptId: attemptOfA }, MONDAY_10),
    ).rejects.toBeInstanceOf(NotFoundError);
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
