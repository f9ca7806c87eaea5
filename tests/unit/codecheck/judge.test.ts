import { describe, expect, it } from "vitest";
import type { Expectations } from "@/lib/codecheck/expectations";
import { judgeOutcome } from "@/lib/codecheck/judge";
import type { LearnerCaseReport, LearnerOutcome } from "@/lib/codecheck/run-checks";

const out = (shape: number[], values: number[], dtype = "float32") => ({ shape, values, dtype });
/** A case name as the checker writes it: the same words stand for both languages here. */
const named = (en: string) => ({ en, zh: `【${en}】` });

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
      name: named("first"),
      expected: out([2], [1, 2]),
      mistakes: [{ id: "doubled", message: { en: "doubled", zh: "翻倍" }, output: out([2], [2, 4]) }],
    },
    { kind: "compare", name: named("second"), expected: out([], [Number.NaN]), mistakes: [] },
  ],
};

function ran(cases: LearnerCaseReport[], output = ""): LearnerOutcome {
  return { kind: "ran", report: { cases, output, truncated: false } };
}

const returned = (name: string, output: ReturnType<typeof out>, leaked = 0): LearnerCaseReport => ({
  kind: "compare",
  name: named(name),
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
        { id: "first", name: "first", status: "pass", message: "ok" },
        { id: "second", name: "second", status: "pass", message: "ok" },
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
    expect(result.cases[0]).toMatchObject({ id: "first", name: "【first】", status: "fail" });
    expect(result.cases[0]?.message.split("\n")).toEqual([
      "形状 [2] 正确，但 2 个值中有 2 个不同；最大绝对差 2 在 [1]（应为 2，实际为 4）",
      "可能的原因：翻倍",
      "提示：求和不是平均",
    ]);
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
        {
          kind: "compare",
          name: named("first"),
          outcome: "threw",
          error: { en: "Line 2: `Error: Unknown padding parameter: SAME`", zh: "第 2 行出错：…" },
        },
        {
          kind: "compare",
          name: named("second"),
          outcome: "unreadable",
          problem: { en: "returned a number", zh: "返回了数字" },
          leaked: 3,
        },
      ]),
    );
    expect(result.status).toBe("error");
    expect(result.cases[0]).toMatchObject({ status: "error" });
    expect(result.cases[0]?.message).toContain("tfjs spells padding in lower case");
    expect(result.cases[1]).toEqual({ id: "second", name: "second", status: "fail", message: "returned a number" });
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
          {
            kind: "custom",
            name: named("second"),
            outcome: "checked",
            findings: [{ name: named("second"), failure: null }],
          },
        ]),
      ),
    ).toThrow(/custom case/);
  });

  it("gives a custom case with no findings an error, never a hollow pass", () => {
    const custom: Expectations = {
      ...expectations,
      cases: [{ kind: "custom", name: named("trains"), expected: null }],
    };
    const result = judgeOutcome(
      custom,
      ran([{ kind: "custom", name: named("trains"), outcome: "checked", findings: [] }]),
    );
    expect(result.status).toBe("error");
    const passing = judgeOutcome(
      custom,
      ran([
        { kind: "custom", name: named("trains"), outcome: "checked", findings: [{ name: named("a"), failure: null }] },
      ]),
    );
    expect(passing.status).toBe("pass");
  });

  it("reports not-attempted and compile errors without any case", () => {
    expect(judgeOutcome(expectations, { kind: "not-attempted" })).toEqual({ status: "not-attempted", cases: [] });
    const compileError = { en: "Line 1: `SyntaxError`", zh: "第 1 行有语法错误：`SyntaxError`" };
    expect(judgeOutcome(expectations, { kind: "compile-error", message: compileError, output: "hi" })).toEqual({
      status: "error",
      cases: [],
      error: "Line 1: `SyntaxError`",
      hints: expectations.hints,
      output: "hi",
    });
    expect(
      judgeOutcome(expectations, { kind: "compile-error", message: compileError, output: "" }, { locale: "zh" }).error,
    ).toBe("第 1 行有语法错误：`SyntaxError`");
  });
});

describe("likely causes", () => {
  /** Three known mistakes that coincide on the first case and part ways on the second. */
  const coinciding: Expectations = {
    ...expectations,
    sourceHints: [],
    cases: [
      {
        kind: "compare",
        name: named("tiny batch"),
        expected: out([], [12.25]),
        mistakes: [
          { id: "no-square", message: { en: "not squared", zh: "没平方" }, output: out([], [3.5]) },
          { id: "absolute", message: { en: "absolute error", zh: "绝对误差" }, output: out([], [3.5]) },
          { id: "root", message: { en: "square root", zh: "开了根号" }, output: out([], [3.5]) },
        ],
      },
      {
        kind: "compare",
        name: named("matrix"),
        expected: out([2], [4, 9]),
        mistakes: [
          { id: "no-square", message: { en: "not squared", zh: "没平方" }, output: out([2], [-2, 3]) },
          { id: "absolute", message: { en: "absolute error", zh: "绝对误差" }, output: out([2], [2, 3]) },
          { id: "root", message: { en: "square root", zh: "开了根号" }, output: out([2], [2.5, 2.5]) },
        ],
      },
    ],
  };

  it("names only the mistake that explains every case, not the ones that coincide on one", () => {
    const result = judgeOutcome(
      coinciding,
      ran([returned("tiny batch", out([], [3.5])), returned("matrix", out([2], [2, 3]))]),
    );
    const causes = result.cases.map((c) => c.message.split("\n").filter((line) => line.startsWith("Likely cause")));
    expect(causes).toEqual([["Likely cause: absolute error"], ["Likely cause: absolute error"]]);
  });

  it("names none when no mistake explains the whole run", () => {
    const result = judgeOutcome(
      coinciding,
      ran([returned("tiny batch", out([], [3.5])), returned("matrix", out([2], [7, 7]))]),
    );
    expect(result.cases.map((c) => c.message).join("\n")).not.toContain("Likely cause");
  });

  it("judges a mistake only on the cases where the learner returned something", () => {
    const result = judgeOutcome(
      coinciding,
      ran([
        returned("tiny batch", out([], [3.5])),
        { kind: "compare", name: named("matrix"), outcome: "threw", error: { en: "boom", zh: "出错" } },
      ]),
    );
    expect(result.cases[0]?.message.split("\n").slice(1)).toEqual([
      "Likely cause: not squared",
      "Likely cause: absolute error",
      "Likely cause: square root",
    ]);
  });
});
