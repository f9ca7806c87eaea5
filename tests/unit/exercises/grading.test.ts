import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAnswer, generateExercise } from "@/lib/exercises";
import {
  type AttemptEntry,
  type ExerciseAttemptRecord,
  EXERCISE_GRADES,
  FIRST_TRY_MIN_GRADE,
  SLOW_SOLVE_MS,
  attemptEntryOf,
  attemptOutcome,
  gradeAttempt,
} from "@/lib/exercises/grading";

const RIGHT: AttemptEntry = { input: "5", value: 5, correct: true };
const WRONG: AttemptEntry = { input: "1", value: 1, correct: false, feedbackKey: "wrong:0" };

function record(partial: Partial<ExerciseAttemptRecord>): ExerciseAttemptRecord {
  return {
    generatorId: "norm-lp",
    seed: 1,
    attempts: [],
    hintsShown: 0,
    solutionShown: false,
    durationMs: 20_000,
    ...partial,
  };
}

describe("gradeAttempt", () => {
  it.each([
    ["right at the first answer, no hint, in time", { attempts: [RIGHT] }, 5, "first-try"],
    [
      "right at the first answer, exactly at the slow limit",
      { attempts: [RIGHT], durationMs: SLOW_SOLVE_MS },
      5,
      "first-try",
    ],
    ["right at the first answer but slow", { attempts: [RIGHT], durationMs: SLOW_SOLVE_MS + 1 }, 4, "first-try-slow"],
    ["right at the first answer after a hint", { attempts: [RIGHT], hintsShown: 1 }, 3, "helped"],
    ["right after a wrong answer", { attempts: [WRONG, RIGHT] }, 3, "helped"],
    [
      "right after two wrong answers and every hint, slowly",
      { attempts: [WRONG, WRONG, RIGHT], hintsShown: 2, durationMs: 600_000 },
      3,
      "helped",
    ],
    ["solution shown after a wrong answer", { attempts: [WRONG], solutionShown: true }, 1, "wrong"],
    ["moved on after wrong answers", { attempts: [WRONG, WRONG] }, 1, "wrong"],
    [
      "solution shown after a hint and a wrong answer",
      { attempts: [WRONG], hintsShown: 1, solutionShown: true },
      1,
      "wrong",
    ],
    ["solution shown without answering", { solutionShown: true }, 0, "blackout"],
    ["solution shown without answering, after hints", { solutionShown: true, hintsShown: 2 }, 0, "blackout"],
  ] as const)("%s → %i", (_name, partial, grade, outcome) => {
    const r = record(partial as Partial<ExerciseAttemptRecord>);
    expect(gradeAttempt(r)).toBe(grade);
    expect(attemptOutcome(r)).toBe(outcome);
  });

  it("names its grades and the first-try threshold", () => {
    expect(EXERCISE_GRADES).toEqual({ firstTry: 5, firstTrySlow: 4, helped: 3, wrong: 1, blackout: 0 });
    expect(FIRST_TRY_MIN_GRADE).toBe(4);
  });

  it("gives ≥ 4 exactly to unaided first-try solves, and always a valid SM-2 grade", () => {
    const entry = fc.record({ input: fc.string({ maxLength: 5 }), value: fc.constant(1), correct: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 5 }),
        fc.nat({ max: 3 }),
        fc.boolean(),
        fc.nat({ max: 200_000 }),
        (attempts, hintsShown, solutionShown, durationMs) => {
          const r = record({ attempts, hintsShown, solutionShown, durationMs });
          const grade = gradeAttempt(r);
          expect([0, 1, 3, 4, 5]).toContain(grade);
          const unaided = attempts[0]?.correct === true && hintsShown === 0 && !solutionShown;
          expect(grade >= FIRST_TRY_MIN_GRADE).toBe(unaided);
          // Solving (before asking for the solution) is always a pass; never solving is always a fail.
          expect(grade >= 3).toBe(attempts.some((a) => a.correct) && !solutionShown);
        },
      ),
    );
  });
});

describe("attemptEntryOf", () => {
  it("records input, value and verdict, and which known mistake an answer matched", () => {
    const instance = generateExercise("norm-lp", 12345); // L0 norm of (0, 5, 1, -2, 1, 4) = 5
    expect(attemptEntryOf(instance, "5", checkAnswer(instance, "5"))).toEqual({ input: "5", value: 5, correct: true });
    expect(attemptEntryOf(instance, "1", checkAnswer(instance, "1"))).toEqual({
      input: "1",
      value: 1,
      correct: false,
      feedbackKey: "wrong:0",
    });
    expect(attemptEntryOf(instance, "6", checkAnswer(instance, "6"))).toEqual({
      input: "6",
      value: 6,
      correct: false,
      feedbackKey: "wrong:1",
    });
    expect(attemptEntryOf(instance, "3", checkAnswer(instance, "3"))).toEqual({ input: "3", value: 3, correct: false });
  });

  it("is enough to replay an attempt: regenerate from the seed and re-check the inputs", () => {
    const original = generateExercise("norm-lp", 12345);
    const entries = ["1", "5"].map((input) => attemptEntryOf(original, input, checkAnswer(original, input)));
    const r = record({ seed: 12345, attempts: entries });
    const replayed = generateExercise(r.generatorId, r.seed);
    expect(r.attempts.map((a) => attemptEntryOf(replayed, a.input, checkAnswer(replayed, a.input)))).toEqual(entries);
    expect(gradeAttempt(r)).toBe(3);
  });
});
