/**
 * From one attempt at a computed exercise to an SM-2 grade, and the record of
 * that attempt kept in ReviewLog.detail. Pure: the duration is measured by the
 * caller and passed in.
 *
 * The record holds the generator id and the seed, so any attempt can be
 * replayed: regenerate the instance with `generateExercise(generatorId, seed)`
 * and re-check each input with `checkAnswer`.
 */
import type { AnswerValue, CheckResult, ExerciseInstance } from "./types";

/** A first-try solve slower than this is "right, after hesitation" (4) rather than "perfect" (5). */
export const SLOW_SOLVE_MS = 90_000;
/** Answers kept per attempt; the answer field closes after this many wrong ones. */
export const MAX_ATTEMPTS = 20;

/** SuperMemo 2 grades (q in Wozniak 1990, https://super-memory.com/english/ol/sm2.htm) given to exercise outcomes. */
export const EXERCISE_GRADES = {
  /** Right at the first answer, no hint, in time. */
  firstTry: 5,
  /** Right at the first answer, no hint, but slower than SLOW_SOLVE_MS. */
  firstTrySlow: 4,
  /** Right after a hint or after a wrong answer. */
  helped: 3,
  /** Never right: ended (solution shown or moved on) after at least one answer. */
  wrong: 1,
  /** Asked for the solution without ever answering. */
  blackout: 0,
} as const;

/** Grades at or above this mean "solved at the first answer without help"; accuracy counts these. */
export const FIRST_TRY_MIN_GRADE = EXERCISE_GRADES.firstTrySlow;

/** One submitted answer (inputs the reader refused are not answers and are not recorded). */
export interface AttemptEntry {
  input: string;
  value: AnswerValue | null;
  correct: boolean;
  /** "wrong:<i>" when the answer matched the instance's i-th known mistake. */
  feedbackKey?: string;
}

/** What ReviewLog.detail holds for an exercise review or drill. */
export interface ExerciseAttemptRecord {
  generatorId: string;
  seed: number;
  attempts: AttemptEntry[];
  hintsShown: number;
  solutionShown: boolean;
  durationMs: number;
}

/** How an attempt ended. */
export type AttemptOutcome = "first-try" | "first-try-slow" | "helped" | "wrong" | "blackout";

export function attemptOutcome(
  record: Pick<ExerciseAttemptRecord, "attempts" | "hintsShown" | "solutionShown" | "durationMs">,
): AttemptOutcome {
  const solvedAt = record.attempts.findIndex((a) => a.correct);
  if (solvedAt === 0 && record.hintsShown === 0 && !record.solutionShown) {
    return record.durationMs > SLOW_SOLVE_MS ? "first-try-slow" : "first-try";
  }
  // The solution is only shown before a solve when asked for; after a solve it is part of the feedback.
  if (solvedAt >= 0 && !record.solutionShown) return "helped";
  if (record.attempts.length === 0 && record.solutionShown) return "blackout";
  return "wrong";
}

const GRADE_OF: Record<AttemptOutcome, number> = {
  "first-try": EXERCISE_GRADES.firstTry,
  "first-try-slow": EXERCISE_GRADES.firstTrySlow,
  helped: EXERCISE_GRADES.helped,
  wrong: EXERCISE_GRADES.wrong,
  blackout: EXERCISE_GRADES.blackout,
};

/** The SM-2 grade (0…5) of an ended attempt. */
export function gradeAttempt(
  record: Pick<ExerciseAttemptRecord, "attempts" | "hintsShown" | "solutionShown" | "durationMs">,
): number {
  return GRADE_OF[attemptOutcome(record)];
}

/** The record entry of one checked answer; `check` must come from `checkAnswer(instance, input)`. */
export function attemptEntryOf(
  instance: Pick<ExerciseInstance, "wrongAnswers">,
  input: string,
  check: CheckResult,
): AttemptEntry {
  const mistake = check.correct ? -1 : instance.wrongAnswers.findIndex((w) => w.message === check.feedback);
  return {
    input,
    value: check.value,
    correct: check.correct,
    ...(mistake >= 0 ? { feedbackKey: `wrong:${mistake}` } : {}),
  };
}
