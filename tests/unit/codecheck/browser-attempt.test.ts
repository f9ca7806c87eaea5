import { describe, expect, it } from "vitest";
import {
  MAX_LOGGED_RUNS,
  QUALITY_FIRST_TRY,
  QUALITY_GAVE_UP,
  QUALITY_WITH_HELP,
  type Attempt,
  type AttemptRun,
  QUALITY_SOLUTION_SHOWN,
  describeActions,
  detailOf,
  gradeOf,
  qualityOf,
  startAttempt,
} from "@/lib/codecheck/browser/attempt";

const pass: AttemptRun = { status: "pass", failedCases: [] };
const fail: AttemptRun = { status: "fail", failedCases: ["case 1"] };
const untouched: AttemptRun = { status: "not-attempted", failedCases: [] };

function attemptWith(runs: AttemptRun[], extra: Partial<Attempt> = {}): Attempt {
  return { ...startAttempt("mse"), runs, ...extra };
}

describe("qualityOf", () => {
  it("gives 5 for a pass on the first run without hints", () => {
    expect(qualityOf(attemptWith([pass]), "passed")).toBe(QUALITY_FIRST_TRY);
    // Running the untouched starter is not a try.
    expect(qualityOf(attemptWith([untouched, pass]), "passed")).toBe(QUALITY_FIRST_TRY);
  });

  it("gives 3 for a pass after failed runs or hints", () => {
    expect(qualityOf(attemptWith([fail, pass]), "passed")).toBe(QUALITY_WITH_HELP);
    expect(qualityOf(attemptWith([pass], { hintsShown: 1 }), "passed")).toBe(QUALITY_WITH_HELP);
  });

  it("gives 1 for giving up, only after a failing run", () => {
    expect(qualityOf(attemptWith([fail]), "gave-up")).toBe(QUALITY_GAVE_UP);
    expect(qualityOf(attemptWith([]), "gave-up")).toBeNull();
    expect(qualityOf(attemptWith([untouched]), "gave-up")).toBeNull();
    expect(qualityOf(attemptWith([fail, pass]), "gave-up")).toBeNull();
  });

  it("cannot end as passed without a passing run", () => {
    expect(qualityOf(attemptWith([fail]), "passed")).toBeNull();
  });
});

describe("gradeOf", () => {
  it("says why: a first-try pass, a pass with help, a give-up, the solution first", () => {
    expect(gradeOf(attemptWith([untouched, pass]), "passed")).toEqual({
      quality: QUALITY_FIRST_TRY,
      reason: { kind: "first-try" },
    });
    expect(gradeOf(attemptWith([fail, fail, pass], { hintsShown: 1 }), "passed")).toEqual({
      quality: QUALITY_WITH_HELP,
      reason: { kind: "with-help", failedRuns: 2, hintsShown: 1 },
    });
    expect(gradeOf(attemptWith([fail, untouched, fail]), "gave-up")).toEqual({
      quality: QUALITY_GAVE_UP,
      reason: { kind: "gave-up", failedRuns: 2, hintsShown: 0 },
    });
    expect(gradeOf(attemptWith([], { hintsShown: 2 }), "solution-shown")).toEqual({
      quality: QUALITY_SOLUTION_SHOWN,
      reason: { kind: "solution-shown", failedRuns: 0, hintsShown: 2 },
    });
  });

  it("counts the failed runs before the first pass, not the runs after it", () => {
    expect(gradeOf(attemptWith([fail, pass, fail]), "passed")?.reason).toEqual({
      kind: "with-help",
      failedRuns: 1,
      hintsShown: 0,
    });
  });
});

describe("describeActions", () => {
  it("before any run: the solution grades 0, giving up is not offered, a hint costs the first-try grade", () => {
    expect(describeActions(attemptWith([]), undefined)).toEqual({
      solution: { effect: "grades", quality: QUALITY_SOLUTION_SHOWN },
      giveUp: null,
      hintLowersGrade: true,
    });
    // Running the starter unchanged is not a try.
    expect(describeActions(attemptWith([untouched]), undefined).giveUp).toBeNull();
  });

  it("after a failed run: the solution still grades 0, giving up grades 1, a hint changes nothing more", () => {
    expect(describeActions(attemptWith([fail]), undefined)).toEqual({
      solution: { effect: "grades", quality: QUALITY_SOLUTION_SHOWN },
      giveUp: { quality: QUALITY_GAVE_UP },
      hintLowersGrade: false,
    });
    expect(describeActions(attemptWith([], { hintsShown: 1 }), undefined).hintLowersGrade).toBe(false);
  });

  it("after the attempt ended: the solution keeps the recorded grade, whatever ended it", () => {
    const gaveUp = describeActions(attemptWith([fail]), { quality: QUALITY_GAVE_UP });
    expect(gaveUp).toEqual({
      solution: { effect: "keeps", quality: QUALITY_GAVE_UP },
      giveUp: null,
      hintLowersGrade: false,
    });
    expect(describeActions(attemptWith([pass]), { quality: QUALITY_FIRST_TRY }).solution).toEqual({
      effect: "keeps",
      quality: QUALITY_FIRST_TRY,
    });
    expect(describeActions(attemptWith([]), { quality: QUALITY_SOLUTION_SHOWN }).solution).toEqual({
      effect: "keeps",
      quality: QUALITY_SOLUTION_SHOWN,
    });
  });

  it("after an end that recorded nothing: the solution grades nothing", () => {
    expect(describeActions(attemptWith([fail]), null)).toEqual({
      solution: { effect: "none" },
      giveUp: null,
      hintLowersGrade: false,
    });
  });
});

describe("detailOf", () => {
  it("keeps statuses and failing case names, capped, never the source", () => {
    const runs = Array.from({ length: MAX_LOGGED_RUNS + 5 }, (_, i) => ({
      status: "fail" as const,
      failedCases: Array.from({ length: 20 }, (_, j) => `${i}-${j}-${"x".repeat(500)}`),
    }));
    const detail = detailOf(attemptWith(runs, { hintsShown: 2 }));
    expect(detail.runs).toHaveLength(MAX_LOGGED_RUNS);
    expect(detail.runs[0]?.failedCases).toHaveLength(5);
    expect(JSON.stringify(detail).length).toBeLessThan(10_000);
    expect(detail).toMatchObject({ exerciseId: "mse", hintsShown: 2, solutionShown: false });
  });
});
