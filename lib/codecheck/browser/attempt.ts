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

/** Why an attempt got its grade, with what the learner did before; the page says it beside the grade. */
export type GradeReason =
  | { kind: "first-try" }
  | { kind: "with-help"; failedRuns: number; hintsShown: number }
  | { kind: "gave-up"; failedRuns: number; hintsShown: number }
  | { kind: "solution-shown"; failedRuns: number; hintsShown: number };

const QUALITY_OF_REASON: Readonly<Record<GradeReason["kind"], number>> = {
  "first-try": QUALITY_FIRST_TRY,
  "with-help": QUALITY_WITH_HELP,
  "gave-up": QUALITY_GAVE_UP,
  "solution-shown": QUALITY_SOLUTION_SHOWN,
};

export interface Grade {
  quality: number;
  reason: GradeReason;
}

function failedRunCount(attempt: Attempt): number {
  return countedRuns(attempt).filter((run) => run.status !== "pass").length;
}

function gradeFor(reason: GradeReason): Grade {
  return { quality: QUALITY_OF_REASON[reason.kind], reason };
}

/**
 * The grade of an attempt that ends now, in the way given, or null if it
 * cannot end that way (giving up needs a failing run and no pass; "passed"
 * needs a passing run). Showing the solution always can: it is recorded by
 * the server, and this says what the server records.
 */
export function gradeOf(attempt: Attempt, end: AttemptEnd | "solution-shown"): Grade | null {
  const help = { failedRuns: failedRunCount(attempt), hintsShown: attempt.hintsShown };
  switch (end) {
    case "gave-up":
      return hasPassed(attempt) || !hasFailedRun(attempt) ? null : gradeFor({ kind: "gave-up", ...help });
    case "solution-shown":
      return gradeFor({ kind: "solution-shown", ...help });
    case "passed": {
      const runs = countedRuns(attempt);
      const firstPass = runs.findIndex((run) => run.status === "pass");
      if (firstPass < 0) return null;
      const before = { failedRuns: firstPass, hintsShown: attempt.hintsShown };
      return firstPass === 0 && attempt.hintsShown === 0
        ? gradeFor({ kind: "first-try" })
        : gradeFor({ kind: "with-help", ...before });
    }
  }
}

/** The quality of an attempt that ended, or null if it cannot end that way (see gradeOf). */
export function qualityOf(attempt: Attempt, end: AttemptEnd): number | null {
  return gradeOf(attempt, end)?.quality ?? null;
}

/** What the attempt's ending left recorded: a grade, or nothing (no schedule entry, or the write failed). */
export type RecordedGrade = { quality: number } | null;

/**
 * What each action on the page would do now, so that its label can say so:
 * showing the solution grades the attempt (0) only while it is open, and
 * afterwards leaves the recorded grade as it is; giving up is offered only
 * when it can end the attempt; a first hint costs a first-try grade.
 */
export interface AttemptActions {
  solution: { effect: "grades"; quality: number } | { effect: "keeps"; quality: number } | { effect: "none" };
  giveUp: { quality: number } | null;
  /** A pass after this hint grades QUALITY_WITH_HELP where it would have graded QUALITY_FIRST_TRY. */
  hintLowersGrade: boolean;
}

/** `ended`: undefined while the attempt is open, else what its end recorded. */
export function describeActions(attempt: Attempt, ended: RecordedGrade | undefined): AttemptActions {
  if (ended !== undefined) {
    return {
      solution: ended === null ? { effect: "none" } : { effect: "keeps", quality: ended.quality },
      giveUp: null,
      hintLowersGrade: false,
    };
  }
  const giveUp = gradeOf(attempt, "gave-up");
  return {
    solution: { effect: "grades", quality: QUALITY_SOLUTION_SHOWN },
    giveUp: giveUp === null ? null : { quality: giveUp.quality },
    hintLowersGrade: attempt.hintsShown === 0 && !hasFailedRun(attempt) && !hasPassed(attempt),
  };
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
