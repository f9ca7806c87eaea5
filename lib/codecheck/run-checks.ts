/**
 * The environment-agnostic check core: builds seeded cases, calls the
 * learner's function and the reference on fresh copies of the same inputs and
 * compares. Uses only the `tf` it is given — no Node or DOM APIs — so the
 * browser Web Worker and the Node worker thread share it.
 */
import { compileLearnerSource, describeLearnerError } from "./compile";
import { type PlainOutput, describeMismatch, formatShape, outputsMatch } from "./compare";
import { type OutputCapture, createOutputCapture } from "./output-capture";
import { createRng, isTensorArg } from "./random";
import type {
  Bilingual,
  CaseArg,
  CaseResult,
  CheckResult,
  CodeExercise,
  CompareCase,
  CustomCase,
  LearnerFn,
  OutputKind,
  Tensor,
  Tf,
} from "./types";

export type Locale = keyof Bilingual;

/** Fixed so a learner sees the same cases on every attempt; tests may vary it. */
export const DEFAULT_SEED = 20_240_611;

export interface RunChecksOptions {
  seed?: number;
  /** The learner's source, matched against the exercise's source hints. */
  source?: string;
  locale?: Locale;
  capture?: OutputCapture;
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

type ReadOutcome = { ok: true; output: PlainOutput } | { ok: false; problem: string };

interface CallOutcome {
  threw: boolean;
  error?: unknown;
  read?: ReadOutcome;
  leaked: number;
}

function isTensor(value: unknown, tf: Tf): value is Tensor {
  return value instanceof tf.Tensor;
}

function materialize(arg: CaseArg, tf: Tf): unknown {
  return isTensorArg(arg) ? tf.tensor(arg.values, arg.shape, arg.dtype ?? "float32") : arg;
}

function describeValueKind(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a JavaScript array";
  if (typeof value === "object") return `an object (${value.constructor?.name ?? "Object"})`;
  return `a ${typeof value}`;
}

function readOutput(value: unknown, kind: OutputKind, tf: Tf): ReadOutcome {
  if (kind === "number-or-scalar" && typeof value === "number") {
    return { ok: true, output: { shape: [], values: [value], dtype: "float32" } };
  }
  if (!isTensor(value, tf)) {
    const expected = kind === "tensor" ? "a tf.Tensor" : "a number or a scalar tf.Tensor";
    const advice =
      value === undefined
        ? " — is a `return` missing?"
        : Array.isArray(value)
          ? " — keep the result a tensor (e.g. tf.tensor(...)), don't convert it with arraySync()."
          : typeof value === "number"
            ? " — return the tensor itself (tf.scalar for a single value), not dataSync()[0]."
            : "";
    return { ok: false, problem: `returned ${describeValueKind(value)}, expected ${expected}${advice}` };
  }
  if (value.isDisposed) return { ok: false, problem: "returned a tensor that was already disposed" };
  const values = Array.from(value.dataSync() as ArrayLike<number>, Number);
  return { ok: true, output: { shape: [...value.shape], values, dtype: value.dtype } };
}

async function callIsolated(fn: LearnerFn, args: CaseArg[], kind: OutputKind, tf: Tf): Promise<CallOutcome> {
  const engine = tf.engine();
  // A scope of our own disposes inputs, outputs and whatever the call leaked, so a long-lived worker stays flat.
  engine.startScope();
  try {
    const inputs = args.map((arg) => materialize(arg, tf));
    const before = tf.memory().numTensors;
    let value: unknown;
    try {
      value = fn(...inputs);
      if (value instanceof Promise) value = await value;
    } catch (error) {
      return { threw: true, error, leaked: 0 };
    }
    const returnedNew = isTensor(value, tf) && !inputs.includes(value) && !value.isDisposed ? 1 : 0;
    const leaked = Math.max(0, tf.memory().numTensors - before - returnedNew);
    return { threw: false, read: readOutput(value, kind, tf), leaked };
  } finally {
    engine.endScope();
  }
}

function isCustomCase(testCase: CompareCase | CustomCase): testCase is CustomCase {
  return "verify" in testCase;
}

interface CaseRun {
  result: CaseResult;
  leaked: number;
  calls: number;
}

class ExerciseChecker {
  private readonly reference: LearnerFn;
  private readonly mistakes = new Map<string, LearnerFn | null>();

  constructor(
    private readonly exercise: CodeExercise,
    private readonly tf: Tf,
    private readonly locale: Locale,
    private readonly source: string | undefined,
  ) {
    const compiled = compileLearnerSource(exercise.reference, exercise.functionName, tf, createOutputCapture().console);
    if (!compiled.ok) throw new Error(`reference of ${exercise.id} does not compile: ${compiled.message}`);
    this.reference = compiled.fn;
  }

  async runCase(testCase: CompareCase | CustomCase, learner: LearnerFn): Promise<CaseRun[]> {
    return isCustomCase(testCase)
      ? this.runCustomCase(testCase, learner)
      : [await this.runCompareCase(testCase, learner)];
  }

  private async runCustomCase(testCase: CustomCase, learner: LearnerFn): Promise<CaseRun[]> {
    const engine = this.tf.engine();
    engine.startScope();
    try {
      const verdict = await testCase.verify({ tf: this.tf, learner, reference: this.reference });
      const findings = Array.isArray(verdict) ? verdict : [{ name: testCase.name, failure: verdict }];
      return findings.map(({ name, failure }) => ({
        result:
          failure === null
            ? { name, status: "pass", message: "ok" }
            : { name, status: "fail", message: this.withSourceHints(`"${name}": ${failure}`) },
        leaked: 0,
        calls: 0,
      }));
    } catch (error) {
      return [{ result: this.errorResult(testCase.name, error), leaked: 0, calls: 0 }];
    } finally {
      engine.endScope();
      // Training and model cases create variables; they must not pile up in a reused worker.
      this.tf.disposeVariables();
    }
  }

  private async runCompareCase(testCase: CompareCase, learner: LearnerFn): Promise<CaseRun> {
    const { name, args } = testCase;
    const kind = this.exercise.output;
    const expected = await callIsolated(this.reference, args, kind, this.tf);
    if (expected.threw || !expected.read?.ok) {
      const detail = expected.threw
        ? describeLearnerError(expected.error)
        : expected.read?.ok
          ? ""
          : expected.read?.problem;
      throw new Error(`reference of ${this.exercise.id} failed on "${name}": ${detail}`);
    }
    const want = expected.read.output;
    const received = await callIsolated(learner, args, kind, this.tf);
    if (received.threw) return { result: this.errorResult(name, received.error), leaked: 0, calls: 1 };
    const read = received.read;
    if (read === undefined || !read.ok) {
      const problem = read === undefined || read.ok ? "returned nothing usable" : read.problem;
      return { result: { name, status: "fail", message: `"${name}": ${problem}` }, leaked: received.leaked, calls: 1 };
    }
    const got = read.output;
    let failure: string | null = null;
    if (kind === "tensor" && got.dtype !== want.dtype) {
      failure = `returned a ${got.dtype} tensor of shape ${formatShape(got.shape)}, expected ${want.dtype} — check the dtype of what you create (e.g. tf.tensor(values, shape, 'float32')) or cast with tf.cast.`;
    } else {
      failure = describeMismatch(want, got);
    }
    if (failure === null) return { result: { name, status: "pass", message: "ok" }, leaked: received.leaked, calls: 1 };
    const recognized = await this.recognizeMistakes(args, got);
    const message = this.withSourceHints([`"${name}": ${failure}`, ...recognized].join(" — "));
    return { result: { name, status: "fail", message }, leaked: received.leaked, calls: 1 };
  }

  private errorResult(name: string, error: unknown): CaseResult {
    const description = describeLearnerError(error);
    const hints = ERROR_HINTS.filter((hint) => hint.pattern.test(description)).map((hint) => hint.message[this.locale]);
    return { name, status: "error", message: this.withSourceHints([`"${name}": ${description}`, ...hints].join(" ")) };
  }

  /** Mistakes whose output equals the learner's; explains *why* the numbers differ. */
  private async recognizeMistakes(args: CaseArg[], got: PlainOutput): Promise<string[]> {
    const recognized: string[] = [];
    for (const mistake of this.exercise.mistakes) {
      const fn = this.compileMistake(mistake.id, mistake.source);
      if (fn === null) continue;
      const outcome = await callIsolated(fn, args, this.exercise.output, this.tf);
      if (!outcome.threw && outcome.read?.ok && outputsMatch(outcome.read.output, got)) {
        recognized.push(`Likely cause: ${mistake.message[this.locale]}`);
      }
    }
    return recognized;
  }

  private compileMistake(id: string, source: string): LearnerFn | null {
    if (!this.mistakes.has(id)) {
      const compiled = compileLearnerSource(source, this.exercise.functionName, this.tf, createOutputCapture().console);
      this.mistakes.set(id, compiled.ok ? compiled.fn : null);
    }
    return this.mistakes.get(id) ?? null;
  }

  private withSourceHints(message: string): string {
    if (this.source === undefined) return message;
    const source = this.source;
    const hints = this.exercise.sourceHints
      .filter((hint) => new RegExp(hint.pattern, hint.flags).test(source))
      .map((hint) => `Note: ${hint.message[this.locale]}`);
    return [message, ...hints].join(" — ");
  }
}

export function summarizeStatus(cases: CaseResult[]): "pass" | "fail" | "error" {
  if (cases.some((result) => result.status === "error")) return "error";
  return cases.every((result) => result.status === "pass") ? "pass" : "fail";
}

export async function runChecks(
  exercise: CodeExercise,
  learner: LearnerFn,
  tf: Tf,
  options: RunChecksOptions = {},
): Promise<CheckResult> {
  const locale = options.locale ?? "en";
  const capture = options.capture ?? createOutputCapture();
  const checker = new ExerciseChecker(exercise, tf, locale, options.source);
  const cases = exercise.buildCases(createRng(options.seed ?? DEFAULT_SEED));
  const results: CaseResult[] = [];
  let leaked = 0;
  let calls = 0;
  const restoreConsole = capture.redirectGlobalConsole();
  try {
    for (const testCase of cases) {
      for (const run of await checker.runCase(testCase, learner)) {
        results.push(run.result);
        leaked += run.leaked;
        calls += run.calls;
      }
    }
  } finally {
    restoreConsole();
  }
  const status = summarizeStatus(results);
  const notes: string[] = [];
  const result: CheckResult = { status, cases: results };
  if (exercise.reportLeaks && leaked > 0) {
    result.leakedTensors = leaked;
    notes.push(
      `Your function left ${leaked} tensor(s) allocated over ${calls} call(s). Wrap its body in tf.tidy(() => …) so intermediate tensors are freed (not a failure).`,
    );
  }
  const output = capture.text();
  if (output !== "") result.output = output;
  if (capture.truncated()) notes.push("Console output was truncated.");
  if (notes.length > 0) result.notes = notes;
  if (status !== "pass") result.hints = exercise.hints;
  return result;
}
