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
import type { LearnerFn, Tf } from "./types";

const LEARNER_URL = "learner-code.js";
const PARAMETERS = ["tf", "console"] as const;
const FRAME_PATTERN = new RegExp(`${LEARNER_URL.replace(".", "\\.")}:(\\d+):(\\d+)`);
const END_OF_INPUT_PATTERN = /end of (input|script)|unterminated|missing \} /i;

export type CompileResult = { ok: true; fn: LearnerFn } | { ok: false; message: string };

/** `new Function` prepends a header of an engine-specific number of lines; measure it once. */
let headerLines: number | null = null;

function measureHeaderLines(): number {
  if (headerLines !== null) return headerLines;
  try {
    new Function(...PARAMETERS, `throw new Error("probe");\n//# sourceURL=${LEARNER_URL}`)();
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

/** "Line 3: TypeError: …" without any of the checker's or tfjs's frames. */
export function describeLearnerError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown value: ${String(error)}`;
  const line = findLearnerLine(error);
  return line === null ? text : `Line ${line}: ${text}`;
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
      new Function(...PARAMETERS, lines.slice(0, count).join("\n"));
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
    new Function(...PARAMETERS, source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = locateSyntaxError(source, message);
    return { ok: false, message: `${line === null ? "" : `Line ${line}: `}SyntaxError: ${message}` };
  }
  let factory: (...args: unknown[]) => unknown;
  try {
    factory = new Function(
      ...PARAMETERS,
      `${source}\n;return typeof ${functionName} === "function" ? ${functionName} : undefined;\n//# sourceURL=${LEARNER_URL}`,
    ) as (...args: unknown[]) => unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = locateSyntaxError(source, message);
    return { ok: false, message: `${line === null ? "" : `Line ${line}: `}SyntaxError: ${message}` };
  }
  let fn: unknown;
  try {
    fn = factory(tf, learnerConsole);
  } catch (error) {
    return { ok: false, message: describeLearnerError(error) };
  }
  if (typeof fn !== "function") {
    return {
      ok: false,
      message: `No function named \`${functionName}\` is defined — keep the name and signature from the starter.`,
    };
  }
  return { ok: true, fn: fn as LearnerFn };
}

/** Whitespace-insensitive, so re-indenting the starter still counts as not attempted. */
export function isUnchangedStarter(source: string, starter: string): boolean {
  const squash = (text: string): string => text.replace(/\s+/g, "");
  return squash(source) === "" || squash(source) === squash(starter);
}
