import { describe, expect, it } from "vitest";
import { readAttemptDetail } from "@/lib/codecheck/attempt-detail";
import { detailOf, startAttempt } from "@/lib/codecheck/browser/attempt";

const fromPage = {
  ...detailOf({ ...startAttempt("mse"), runs: [{ status: "pass", failedCases: [] }] }),
  solutionShown: true,
};

describe("readAttemptDetail", () => {
  it("takes the runs and hints from the page but says itself whether the solution was shown", () => {
    expect(readAttemptDetail(fromPage, "mse", false)).toEqual({
      exerciseId: "mse",
      runs: [{ status: "pass", failedCases: [] }],
      hintsShown: 0,
      solutionShown: false,
    });
    expect(readAttemptDetail({ ...fromPage, solutionShown: false }, "mse", true)?.solutionShown).toBe(true);
  });

  it("refuses another exercise's attempt, unknown fields and oversized lists", () => {
    expect(readAttemptDetail(fromPage, "conv-layer", false)).toBeNull();
    expect(readAttemptDetail({ ...fromPage, source: "function mse() {}" }, "mse", false)).toBeNull();
    const many = Array.from({ length: 21 }, () => ({ status: "fail", failedCases: [] }));
    expect(readAttemptDetail({ ...fromPage, runs: many }, "mse", false)).toBeNull();
    expect(readAttemptDetail({ ...fromPage, hintsShown: -1 }, "mse", false)).toBeNull();
  });
});
