/**
 * One learner's attempt at a coding exercise on the code page, and the SM-2
 * quality it earns. Pure: the page records runs and hints here and sends
 * `qualityOf` + `detailOf` through the review page's grading path. Showing
 * the solution is not the page's to record: the server hands the solution
 * out and records the attempt as ended by it (QUALITY_SOLUTION_SHOWN).
 */
import type { CheckStatus } from "../types";

/** Passed on the first run with no hint: perfect recall. */
export const QUALITY_FIRST_TRY = 5;
/** Passed after hints or failed runs: right, with difficulty. */
export const QUALITY_WITH_HELP = 3;
/** Gave up after a failing run: wrong, but familiar. */
export const QUALITY_GAVE_UP = 1;
/** Looked at the solution before passing: blackout. */
export const QUALITY_SOLUTION_SHOWN = 0;

/** Runs kept in the review log's detail (the latest ones). */
export const MAX_LOGGED_RUNS = 20;
export const MAX_LOGGED_FAILED_CASES = 5;
export const MAX_CASE_NAME_CHARS = 80;

export interface AttemptRun {
  status: CheckStatus;
  /** Names of the cases that did not pass. */
  failedCases: string[];
}

export interface Attempt {
  exerciseId: string;
  runs: AttemptRun[];
  hintsShown: number;
}

/** How the page can end an attempt; the solution ends it on the server. */
export type AttemptEnd = "passed" | "gave-up";

export interface AttemptDetail {
  exerciseId: string;
  runs: AttemptRun[];
  hintsShown: number;
  /** Set by the server only, when it hands out the solution; the page always sends false. */
  solutionShown: boolean;
}

export function startAttempt(exerciseId: string): Attempt {
  return { exerciseId, runs: [], hintsShown: 0 };
}

export function hasPassed(attempt: Attempt): boolean {
  return attempt.runs.some((run) => run.status === "pass");
}

/** Runs that count as tries: an unchanged starter ("not-attempted") is not one. */
function countedRuns(attempt: Attempt): AttemptRun[] {
  return attempt.runs.filter((run) => run.status !== "not-attempted");
}

export function hasFailedRun(attempt: Attempt): boolean {
  return countedRuns(attempt).some((run) => run.status !== "pass");
}

/**
 * The quality of an attempt that ended, or null if it cannot end that way
 * (giving up needs a failing run first; "passed" needs a passing run).
 */
export function qualityOf(attempt: Attempt, end: AttemptEnd): number | null {
  switch (end) {
    case "gave-up":
      return hasPassed(attempt) || !hasFailedRun(attempt) ? null : QUALITY_GAVE_UP;
    case "passed": {
      const runs = countedRuns(attempt);
      const firstPass = runs.findIndex((run) => run.status === "pass");
      if (firstPass < 0) return null;
      return firstPass === 0 && attempt.hintsShown === 0 ? QUALITY_FIRST_TRY : QUALITY_WITH_HELP;
    }
  }
}

/** What goes into the review log: statuses and failing case names, never the source; capped. */
export function detailOf(attempt: Attempt): AttemptDetail {
  return {
    exerciseId: attempt.exerciseId,
    runs: attempt.runs.slice(-MAX_LOGGED_RUNS).map((run) => ({
      status: run.status,
      failedCases: run.failedCases.slice(0, MAX_LOGGED_FAILED_CASES).map((name) => name.slice(0, MAX_CASE_NAME_CHARS)),
    })),
    hintsShown: attempt.hintsShown,
    solutionShown: false,
  };
}
