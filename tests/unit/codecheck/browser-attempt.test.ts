import { describe, expect, it } from "vitest";
import {
  MAX_LOGGED_RUNS,
  QUALITY_FIRST_TRY,
  QUALITY_GAVE_UP,
  QUALITY_WITH_HELP,
  type Attempt,
  type AttemptRun,
  detailOf,
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
