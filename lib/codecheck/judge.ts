/**
 * The verdict of a check from plain data only: the learner's report against
 * the reference's expectations. No tfjs and no learner code reach this
 * module, so in the app it runs in the sandbox's host document, where
 * nothing the learner's code patched can bend a comparison.
 */
import { describeMismatch, formatShape, outputsMatch } from "./compare";
import type { CaseExpectation, Expectations } from "./expectations";
import type { LearnerCaseReport, LearnerOutcome, Locale } from "./run-checks";
import type { Bilingual, CaseResult, CheckResult } from "./types";

export interface JudgeOptions {
  /** The learner's source, matched against the exercise's source hints. */
  source?: string;
  locale?: Locale;
}

/** tfjs errors that have a TF1 habit behind them. */
const ERROR_HINTS: { pattern: RegExp; message: Bilingual }[] = [
  {
    pattern: /Unknown padding parameter: (SAME|VALID)/,
    message: {
      en: "tfjs spells padding in lower case: 'same' / 'valid' (TF1 wrote 'SAME' / 'VALID').",
      zh: "tfjs 的 padding 用小写：'same' / 'valid'（TF1 写作 'SAME' / 'VALID'）。",
    },
  },
];

export function summarizeStatus(cases: CaseResult[]): "pass" | "fail" | "error" {
  if (cases.some((result) => result.status === "error")) return "error";
  return cases.every((result) => result.status === "pass") ? "pass" : "fail";
}

interface Judged {
  results: CaseResult[];
  leaked: number;
  calls: number;
}

class Judge {
  constructor(
    private readonly expectations: Expectations,
    private readonly locale: Locale,
    private readonly source: string | undefined,
  ) {}

  judgeCase(expectation: CaseExpectation, report: LearnerCaseReport): Judged {
    if (expectation.kind === "custom" && report.kind === "custom") {
      if (report.outcome === "threw")
        return { results: [this.errorResult(report.name, report.error)], leaked: 0, calls: 0 };
      if (report.findings.length === 0) {
        return {
          results: [{ name: report.name, status: "error", message: `"${report.name}": the check reported nothing.` }],
          leaked: 0,
          calls: 0,
        };
      }
      const results = report.findings.map(({ name, failure }): CaseResult =>
        failure === null
          ? { name, status: "pass", message: "ok" }
          : { name, status: "fail", message: this.withSourceHints(`"${name}": ${failure}`) },
      );
      return { results, leaked: 0, calls: 0 };
    }
    if (expectation.kind === "compare" && report.kind === "compare") {
      return {
        results: [this.judgeCompare(expectation, report)],
        leaked: "leaked" in report ? report.leaked : 0,
        calls: 1,
      };
    }
    throw new Error(`case "${expectation.name}" was reported as a ${report.kind} case`);
  }

  private judgeCompare(
    expectation: Extract<CaseExpectation, { kind: "compare" }>,
    report: Extract<LearnerCaseReport, { kind: "compare" }>,
  ): CaseResult {
    const { name } = expectation;
    if (report.outcome === "threw") return this.errorResult(name, report.error);
    if (report.outcome === "unreadable") return { name, status: "fail", message: `"${name}": ${report.problem}` };
    const want = expectation.expected;
    const got = report.output;
    const failure =
      this.expectations.output === "tensor" && got.dtype !== want.dtype
        ? `returned a ${got.dtype} tensor of shape ${formatShape(got.shape)}, expected ${want.dtype} — check the dtype of what you create (e.g. tf.tensor(values, shape, 'float32')) or cast with tf.cast.`
        : describeMismatch(want, got);
    if (failure === null) return { name, status: "pass", message: "ok" };
    // Mistakes whose output equals the learner's explain *why* the numbers differ.
    const recognized = expectation.mistakes
      .filter((mistake) => outputsMatch(mistake.output, got))
      .map((mistake) => `Likely cause: ${mistake.message[this.locale]}`);
    return {
      name,
      status: "fail",
      message: this.withSourceHints([`"${name}": ${failure}`, ...recognized].join(" — ")),
    };
  }

  private errorResult(name: string, description: string): CaseResult {
    const hints = ERROR_HINTS.filter((hint) => hint.pattern.test(description)).map((hint) => hint.message[this.locale]);
    return { name, status: "error", message: this.withSourceHints([`"${name}": ${description}`, ...hints].join(" ")) };
  }

  private withSourceHints(message: string): string {
    if (this.source === undefined) return message;
    const source = this.source;
    const hints = this.expectations.sourceHints
      .filter((hint) => new RegExp(hint.pattern, hint.flags).test(source))
      .map((hint) => `Note: ${hint.message[this.locale]}`);
    return [message, ...hints].join(" — ");
  }
}

/**
 * The check result of a submission. Throws when the report does not cover
 * exactly the expected cases (a checker fault, never the learner's).
 */
export function judgeOutcome(
  expectations: Expectations,
  outcome: LearnerOutcome,
  options: JudgeOptions = {},
): CheckResult {
  if (outcome.kind === "not-attempted") return { status: "not-attempted", cases: [] };
  if (outcome.kind === "compile-error") {
    return {
      status: "error",
      cases: [],
      error: outcome.message,
      hints: expectations.hints,
      ...(outcome.output === "" ? {} : { output: outcome.output }),
    };
  }
  const { report } = outcome;
  if (expectations.cases.length === 0) throw new Error(`exercise ${expectations.exerciseId} has no cases`);
  if (report.cases.length !== expectations.cases.length) {
    throw new Error(`${report.cases.length} case(s) reported, ${expectations.cases.length} expected`);
  }
  const judge = new Judge(expectations, options.locale ?? "en", options.source);
  const cases: CaseResult[] = [];
  let leaked = 0;
  let calls = 0;
  expectations.cases.forEach((expectation, index) => {
    const caseReport = report.cases[index];
    if (caseReport === undefined || caseReport.name !== expectation.name) {
      throw new Error(`case ${index + 1} was reported as "${caseReport?.name ?? ""}", expected "${expectation.name}"`);
    }
    const judged = judge.judgeCase(expectation, caseReport);
    cases.push(...judged.results);
    leaked += judged.leaked;
    calls += judged.calls;
  });
  const status = summarizeStatus(cases);
  const notes: string[] = [];
  const result: CheckResult = { status, cases };
  if (expectations.reportLeaks && leaked > 0) {
    result.leakedTensors = leaked;
    notes.push(
      `Your function left ${leaked} tensor(s) allocated over ${calls} call(s). Wrap its body in tf.tidy(() => …) so intermediate tensors are freed (not a failure).`,
    );
  }
  if (report.output !== "") result.output = report.output;
  if (report.truncated) notes.push("Console output was truncated.");
  if (notes.length > 0) result.notes = notes;
  if (status !== "pass") result.hints = expectations.hints;
  return result;
}
