/**
 * Turns learner source into a callable function given `tf`.
 *
 * Environment-agnostic on purpose (no Node APIs): the browser's Web Worker
 * uses this same step. `new Function` is NOT a security boundary — in Node it
 * runs with full access to the process. In the app, learner code only ever
 * runs inside the browser sandbox; the Node runner exists for the project's
 * tests and the authoring CLI.
 */
import type { ConsoleLike } from "./output-capture";
import { codeSpan } from "./text";
import type { Bilingual, LearnerFn, Tf } from "./types";

const LEARNER_URL = "learner-code.js";
const PARAMETERS = ["tf", "console"] as const;
const FRAME_PATTERN = new RegExp(`${LEARNER_URL.replace(".", "\\.")}:(\\d+):(\\d+)`);
const END_OF_INPUT_PATTERN = /end of (input|script)|unterminated|missing \} /i;

export type CompileResult = { ok: true; fn: LearnerFn } | { ok: false; message: Bilingual };

type FunctionFactory = (...args: unknown[]) => unknown;

/**
 * Compiling learner code is this module's whole purpose, and the Function
 * constructor is the means. It is named once, here, so that the lint rule
 * against implied eval keeps guarding every other module.
 */
const LearnerCode: FunctionConstructor = Function;

/** `new Function` prepends a header of an engine-specific number of lines; measure it once. */
let headerLines: number | null = null;

function measureHeaderLines(): number {
  if (headerLines !== null) return headerLines;
  try {
    const probe = new LearnerCode(...PARAMETERS, `throw new Error("probe");\n//# sourceURL=${LEARNER_URL}`);
    (probe as FunctionFactory)();
  } catch (error) {
    const match = FRAME_PATTERN.exec(error instanceof Error ? (error.stack ?? "") : "");
    headerLines = match?.[1] === undefined ? 0 : Number(match[1]) - 1;
  }
  return headerLines ?? 0;
}

/** The learner's line (1-based, relative to their source) of the innermost frame in their code. */
export function findLearnerLine(error: unknown): number | null {
  if (!(error instanceof Error) || typeof error.stack !== "string") return null;
  const match = FRAME_PATTERN.exec(error.stack);
  if (match?.[1] === undefined) return null;
  const line = Number(match[1]) - measureHeaderLines();
  return line >= 1 ? line : null;
}

/** "Line 3: `TypeError: …`" without any of the checker's or tfjs's frames; the runtime's words stay as they are. */
export function describeLearnerError(error: unknown): Bilingual {
  const line = findLearnerLine(error);
  if (!(error instanceof Error)) {
    const value = codeSpan(String(error));
    return line === null
      ? { en: `Your code threw ${value}`, zh: `代码抛出了 ${value}` }
      : { en: `Line ${line} threw ${value}`, zh: `第 ${line} 行抛出了 ${value}` };
  }
  const text = codeSpan(`${error.name}: ${error.message}`);
  return line === null
    ? { en: `Your code threw ${text}`, zh: `代码出错：${text}` }
    : { en: `Line ${line}: ${text}`, zh: `第 ${line} 行出错：${text}` };
}

function describeSyntaxError(line: number | null, message: string): Bilingual {
  const text = codeSpan(`SyntaxError: ${message}`);
  return line === null
    ? { en: text, zh: `语法错误：${text}` }
    : { en: `Line ${line}: ${text}`, zh: `第 ${line} 行有语法错误：${text}` };
}

/**
 * V8 gives no position for a SyntaxError from `new Function`, so find the
 * shortest prefix of lines that fails the same way (prefixes that merely end
 * early fail with "end of input" instead).
 */
function locateSyntaxError(source: string, message: string): number | null {
  if (END_OF_INPUT_PATTERN.test(message)) return source.split("\n").length;
  const lines = source.split("\n");
  for (let count = 1; count <= lines.length; count += 1) {
    try {
      new LearnerCode(...PARAMETERS, lines.slice(0, count).join("\n"));
    } catch (error) {
      if (error instanceof Error && error.message === message) return count;
    }
  }
  return null;
}

export function compileLearnerSource(
  source: string,
  functionName: string,
  tf: Tf,
  learnerConsole: ConsoleLike,
): CompileResult {
  try {
    // Parse the learner's source alone first, so a syntax error is not blamed on the appended return.
    new LearnerCode(...PARAMETERS, source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: describeSyntaxError(locateSyntaxError(source, message), message) };
  }
  let factory: FunctionFactory;
  try {
    factory = new LearnerCode(
      ...PARAMETERS,
      `${source}\n;return typeof ${functionName} === "function" ? ${functionName} : undefined;\n//# sourceURL=${LEARNER_URL}`,
    ) as FunctionFactory;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: describeSyntaxError(locateSyntaxError(source, message), message) };
  }
  let fn: unknown;
  try {
    fn = factory(tf, learnerConsole);
  } catch (error) {
    return { ok: false, message: describeLearnerError(error) };
  }
  if (typeof fn !== "function") {
    const name = codeSpan(functionName);
    return {
      ok: false,
      message: {
        en: `No function named ${name} is defined — keep the name and signature from the starter.`,
        zh: `没有定义名为 ${name} 的函数——请保留起始代码里的函数名和参数。`,
      },
    };
  }
  return { ok: true, fn: fn as LearnerFn };
}

/** Whitespace-insensitive, so re-indenting the starter still counts as not attempted. */
export function isUnchangedStarter(source: string, starter: string): boolean {
  const squash = (text: string): string => text.replace(/\s+/g, "");
  return squash(source) === "" || squash(source) === squash(starter);
}
