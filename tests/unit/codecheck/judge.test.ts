import { describe, expect, it } from "vitest";
import type { Expectations } from "@/lib/codecheck/expectations";
import { judgeOutcome } from "@/lib/codecheck/judge";
import type { LearnerCaseReport, LearnerOutcome } from "@/lib/codecheck/run-checks";

const out = (shape: number[], values: number[], dtype = "float32") => ({ shape, values, dtype });

const expectations: Expectations = {
  exerciseId: "toy",
  seed: 1,
  output: "tensor",
  reportLeaks: true,
  hints: [{ en: "use tf.mean", zh: "用 tf.mean" }],
  sourceHints: [{ pattern: "tf\\.sum", message: { en: "sum is not mean", zh: "求和不是平均" } }],
  cases: [
    {
      kind: "compare",
      name: "first",
      expected: out([2], [1, 2]),
      mistakes: [{ message: { en: "doubled", zh: "翻倍" }, output: out([2], [2, 4]) }],
    },
    { kind: "compare", name: "second", expected: out([], [Number.NaN]), mistakes: [] },
  ],
};

function ran(cases: LearnerCaseReport[], output = ""): LearnerOutcome {
  return { kind: "ran", report: { cases, output, truncated: false } };
}

const returned = (name: string, output: ReturnType<typeof out>, leaked = 0): LearnerCaseReport => ({
  kind: "compare",
  name,
  outcome: "returned",
  output,
  leaked,
});

describe("judgeOutcome", () => {
  it("passes only when every reported output matches its expectation, NaN included", () => {
    const result = judgeOutcome(
      expectations,
      ran([returned("first", out([2], [1, 2])), returned("second", out([], [Number.NaN]))]),
    );
    expect(result).toEqual({
      status: "pass",
      cases: [
        { name: "first", status: "pass", message: "ok" },
        { name: "second", status: "pass", message: "ok" },
      ],
    });
  });

  it("fails a differing output, names a matching known mistake, adds source hints and the hints", () => {
    const result = judgeOutcome(
      expectations,
      ran([returned("first", out([2], [2, 4])), returned("second", out([], [Number.NaN]))]),
      { source: "return tf.sum(x)", locale: "zh" },
    );
    expect(result.status).toBe("fail");
    expect(result.cases[0]?.message).toMatch(/^"first": shape \[2\] ok, but 2 of 2 value\(s\) differ/);
    expect(result.cases[0]?.message).toContain("Likely cause: 翻倍");
    expect(result.cases[0]?.message).toContain("Note: 求和不是平均");
    expect(result.hints).toEqual(expectations.hints);
  });

  it("checks the dtype of tensor outputs before the values", () => {
    const result = judgeOutcome(
      expectations,
      ran([returned("first", out([2], [1, 2], "int32")), returned("second", out([], [Number.NaN]))]),
    );
    expect(result.cases[0]?.message).toContain("returned a int32 tensor of shape [2], expected float32");
  });

  it("turns thrown and unreadable results into errors and failures, with the leak note", () => {
    const result = judgeOutcome(
      expectations,
      ran([
        { kind: "compare", name: "first", outcome: "threw", error: "Line 2: Error: Unknown padding parameter: SAME" },
        { kind: "compare", name: "second", outcome: "unreadable", problem: "returned a number", leaked: 3 },
      ]),
    );
    expect(result.status).toBe("error");
    expect(result.cases[0]).toMatchObject({ status: "error" });
    expect(result.cases[0]?.message).toContain("tfjs spells padding in lower case");
    expect(result.cases[1]).toEqual({ name: "second", status: "fail", message: '"second": returned a number' });
    expect(result.leakedTensors).toBe(3);
    expect(result.notes?.[0]).toContain("3 tensor(s) allocated over 2 call(s)");
  });

  it("refuses a report that skips, renames or retypes a case instead of judging it", () => {
    expect(() => judgeOutcome(expectations, ran([returned("first", out([2], [1, 2]))]))).toThrow(
      /1 case\(s\) reported, 2 expected/,
    );
    expect(() =>
      judgeOutcome(expectations, ran([returned("first", out([2], [1, 2])), returned("other", out([], [0]))])),
    ).toThrow(/reported as "other"/);
    expect(() =>
      judgeOutcome(
        expectations,
        ran([
          returned("first", out([2], [1, 2])),
          { kind: "custom", name: "second", outcome: "checked", findings: [{ name: "second", failure: null }] },
        ]),
      ),
    ).toThrow(/custom case/);
  });

  it("gives a custom case with no findings an error, never a hollow pass", () => {
    const custom: Expectations = { ...expectations, cases: [{ kind: "custom", name: "trains", expected: null }] };
    const result = judgeOutcome(custom, ran([{ kind: "custom", name: "trains", outcome: "checked", findings: [] }]));
    expect(result.status).toBe("error");
    const passing = judgeOutcome(
      custom,
      ran([{ kind: "custom", name: "trains", outcome: "checked", findings: [{ name: "a", failure: null }] }]),
    );
    expect(passing.status).toBe("pass");
  });

  it("reports not-attempted and compile errors without any case", () => {
    expect(judgeOutcome(expectations, { kind: "not-attempted" })).toEqual({ status: "not-attempted", cases: [] });
    expect(judgeOutcome(expectations, { kind: "compile-error", message: "Line 1: SyntaxError", output: "hi" })).toEqual(
      {
        status: "error",
        cases: [],
        error: "Line 1: SyntaxError",
        hints: expectations.hints,
        output: "hi",
      },
    );
  });
});
