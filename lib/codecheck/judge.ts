/**
 * The verdict of a check from plain data only: the learner's report against
 * the reference's expectations. No tfjs and no learner code reach this
 * module, so in the app it runs in the sandbox's host document, where
 * nothing the learner's code patched can bend a comparison.
 */
import { type PlainOutput, describeMismatch, formatShape, outputsMatch } from "./compare";
import type { CaseExpectation, Expectations } from "./expectations";
import type { LearnerCaseReport, LearnerOutcome, LearnerReport, Locale } from "./run-checks";
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

/** The parts of a case's message (what differs, likely causes, notes), each on a line of its own. */
const PART_SEPARATOR = "\n";
const LIKELY_CAUSE: Bilingual = { en: "Likely cause: ", zh: "可能的原因：" };
const SOURCE_NOTE: Bilingual = { en: "Note: ", zh: "提示：" };
const PASSED = { en: "ok", zh: "通过" } as const satisfies Bilingual;

export function summarizeStatus(cases: CaseResult[]): "pass" | "fail" | "error" {
  if (cases.some((result) => result.status === "error")) return "error";
  return cases.every((result) => result.status === "pass") ? "pass" : "fail";
}

interface Judged {
  results: CaseResult[];
  leaked: number;
  calls: number;
}

type CompareExpectation = Extract<CaseExpectation, { kind: "compare" }>;
type CompareReport = Extract<LearnerCaseReport, { kind: "compare" }>;

/**
 * The known mistakes that explain the learner's whole run: on every compare
 * case where both the learner and the mistake returned something, the
 * mistake returned what the learner did. A mistake that agrees on one case
 * only (several do, on a case where they coincide) is not a likely cause.
 */
function findConsistentMistakes(expectations: Expectations, report: LearnerReport): Set<string> {
  const agreeing = new Set<string>();
  const contradicted = new Set<string>();
  expectations.cases.forEach((expectation, index) => {
    const caseReport = report.cases[index];
    if (expectation.kind !== "compare" || caseReport?.kind !== "compare" || caseReport.outcome !== "returned") return;
    for (const mistake of expectation.mistakes) {
      if (outputsMatch(mistake.output, caseReport.output)) agreeing.add(mistake.id);
      else contradicted.add(mistake.id);
    }
  });
  return new Set([...agreeing].filter((id) => !contradicted.has(id)));
}

class Judge {
  constructor(
    private readonly expectations: Expectations,
    private readonly locale: Locale,
    private readonly source: string | undefined,
    private readonly likelyMistakes: ReadonlySet<string>,
  ) {}

  private say(text: Bilingual): string {
    return text[this.locale];
  }

  private caseResult(name: Bilingual, status: CaseResult["status"], parts: Bilingual[]): CaseResult {
    return {
      id: name.en,
      name: this.say(name),
      status,
      message: parts.map((part) => this.say(part)).join(PART_SEPARATOR),
    };
  }

  judgeCase(expectation: CaseExpectation, report: LearnerCaseReport): Judged {
    if (expectation.kind === "custom" && report.kind === "custom") {
      if (report.outcome === "threw") {
        return { results: [this.errorResult(report.name, report.error)], leaked: 0, calls: 0 };
      }
      if (report.findings.length === 0) {
        const nothing = { en: "the check reported nothing.", zh: "检查没有给出任何结果。" };
        return { results: [this.caseResult(report.name, "error", [nothing])], leaked: 0, calls: 0 };
      }
      const results = report.findings.map(({ name, failure }): CaseResult =>
        failure === null
          ? this.caseResult(name, "pass", [PASSED])
          : this.caseResult(name, "fail", this.withSourceHints([failure])),
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
    throw new Error(`case "${expectation.name.en}" was reported as a ${report.kind} case`);
  }

  private judgeCompare(expectation: CompareExpectation, report: CompareReport): CaseResult {
    const { name } = expectation;
    if (report.outcome === "threw") return this.errorResult(name, report.error);
    if (report.outcome === "unreadable") return this.caseResult(name, "fail", this.withSourceHints([report.problem]));
    const want = expectation.expected;
    const got = report.output;
    const failure =
      this.expectations.output === "tensor" && got.dtype !== want.dtype
        ? describeDtypeMismatch(got, want)
        : describeMismatch(want, got);
    if (failure === null) return this.caseResult(name, "pass", [PASSED]);
    // Mistakes whose output equals the learner's, here and on every other case, explain *why* the numbers differ.
    const causes = expectation.mistakes
      .filter((mistake) => this.likelyMistakes.has(mistake.id) && outputsMatch(mistake.output, got))
      .map((mistake) => prefixed(LIKELY_CAUSE, mistake.message));
    return this.caseResult(name, "fail", this.withSourceHints([failure, ...causes]));
  }

  private errorResult(name: Bilingual, description: Bilingual): CaseResult {
    const hints = ERROR_HINTS.filter((hint) => hint.pattern.test(description.en)).map((hint) => hint.message);
    return this.caseResult(name, "error", this.withSourceHints([description, ...hints]));
  }

  private withSourceHints(parts: Bilingual[]): Bilingual[] {
    if (this.source === undefined) return parts;
    const source = this.source;
    const hints = this.expectations.sourceHints
      .filter((hint) => new RegExp(hint.pattern, hint.flags).test(source))
      .map((hint) => prefixed(SOURCE_NOTE, hint.message));
    return [...parts, ...hints];
  }
}

function prefixed(prefix: Bilingual, text: Bilingual): Bilingual {
  return { en: prefix.en + text.en, zh: prefix.zh + text.zh };
}

function describeDtypeMismatch(got: PlainOutput, want: PlainOutput): Bilingual {
  const shape = formatShape(got.shape);
  return {
    en: `returned a ${got.dtype} tensor of shape ${shape}, expected ${want.dtype} — check the dtype of what you create (e.g. tf.tensor(values, shape, 'float32')) or cast with tf.cast.`,
    zh: `返回了形状为 ${shape} 的 ${got.dtype} 张量，应为 ${want.dtype}——检查所创建张量的 dtype（例如 tf.tensor(values, shape, 'float32')），或用 tf.cast 转换。`,
  };
}

function describeLeak(leaked: number, calls: number): Bilingual {
  return {
    en: `Your function left ${leaked} tensor(s) allocated over ${calls} call(s). Wrap its body in tf.tidy(() => …) so intermediate tensors are freed (not a failure).`,
    zh: `你的函数在 ${calls} 次调用中留下了 ${leaked} 个未释放的张量。把函数体包在 tf.tidy(() => …) 里，中间张量就会被释放（这不算错误）。`,
  };
}

const OUTPUT_TRUNCATED: Bilingual = { en: "Console output was truncated.", zh: "控制台输出过长，已截断。" };

/**
 * The check result of a submission, in the learner's language. Throws when
 * the report does not cover exactly the expected cases (a checker fault,
 * never the learner's).
 */
export function judgeOutcome(
  expectations: Expectations,
  outcome: LearnerOutcome,
  options: JudgeOptions = {},
): CheckResult {
  const locale = options.locale ?? "en";
  if (outcome.kind === "not-attempted") return { status: "not-attempted", cases: [] };
  if (outcome.kind === "compile-error") {
    return {
      status: "error",
      cases: [],
      error: outcome.message[locale],
      hints: expectations.hints,
      ...(outcome.output === "" ? {} : { output: outcome.output }),
    };
  }
  const { report } = outcome;
  if (expectations.cases.length === 0) throw new Error(`exercise ${expectations.exerciseId} has no cases`);
  if (report.cases.length !== expectations.cases.length) {
    throw new Error(`${report.cases.length} case(s) reported, ${expectations.cases.length} expected`);
  }
  expectations.cases.forEach((expectation, index) => {
    const caseReport = report.cases[index];
    if (caseReport === undefined || caseReport.name.en !== expectation.name.en) {
      throw new Error(
        `case ${index + 1} was reported as "${caseReport?.name.en ?? ""}", expected "${expectation.name.en}"`,
      );
    }
  });
  const judge = new Judge(expectations, locale, options.source, findConsistentMistakes(expectations, report));
  const cases: CaseResult[] = [];
  let leaked = 0;
  let calls = 0;
  expectations.cases.forEach((expectation, index) => {
    const caseReport = report.cases[index];
    if (caseReport === undefined) return;
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
    notes.push(describeLeak(leaked, calls)[locale]);
  }
  if (report.output !== "") result.output = report.output;
  if (report.truncated) notes.push(OUTPUT_TRUNCATED[locale]);
  if (notes.length > 0) result.notes = notes;
  if (status !== "pass") result.hints = expectations.hints;
  return result;
}
