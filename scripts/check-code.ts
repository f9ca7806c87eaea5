/**
 * Authoring CLI: check a solution file against a coding exercise in a Node
 * worker thread (not a sandbox — run only code you trust).
 *
 *   npm run check-code -- <exercise-id> <file>
 *   npm run check-code -- <exercise-id> --reference
 *
 * Exits 0 only when the check passes.
 */
import { readFile } from "node:fs/promises";
import { findCodeExercise, listCodeExercises } from "../lib/codecheck/catalog";
import { checkSubmission, closeCodeCheckRunner } from "../lib/codecheck/index";
import type { CaseStatus, CheckResult } from "../lib/codecheck/types";

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const CASE_MARKS: Record<CaseStatus, string> = { pass: "✓", fail: "✗", error: "!" };

function printUsage(): void {
  console.error("usage: npm run check-code -- <exercise-id> <file | --reference>");
  console.error(
    `exercises: ${listCodeExercises()
      .map((exercise) => exercise.id)
      .join(", ")}`,
  );
}

function printResult(id: string, result: CheckResult): void {
  console.log(`${id}: ${result.status.toUpperCase()}`);
  if (result.error !== undefined) console.log(`  ${result.error}`);
  for (const testCase of result.cases) {
    console.log(`  ${CASE_MARKS[testCase.status]} ${testCase.name}`);
    if (testCase.status !== "pass") console.log(`      ${testCase.message.replace(/\n/g, "\n      ")}`);
  }
  for (const note of result.notes ?? []) console.log(`  note: ${note}`);
  if (result.output !== undefined) {
    console.log("  console output:");
    for (const line of result.output.split("\n")) console.log(`    | ${line}`);
  }
  if (result.hints !== undefined && result.hints.length > 0) {
    console.log("  hints:");
    result.hints.forEach((hint, index) => console.log(`    ${index + 1}. ${hint.en}`));
  }
}

async function main(): Promise<number> {
  const [id, target] = process.argv.slice(2);
  if (id === undefined || target === undefined) {
    printUsage();
    return EXIT_USAGE;
  }
  const exercise = findCodeExercise(id);
  if (exercise === undefined) {
    console.error(`unknown exercise "${id}"`);
    printUsage();
    return EXIT_USAGE;
  }
  const source = target === "--reference" ? exercise.reference : await readFile(target, "utf8");
  try {
    const result = await checkSubmission(id, source);
    printResult(id, result);
    return result.status === "pass" ? 0 : EXIT_FAILED;
  } finally {
    await closeCodeCheckRunner();
  }
}

process.exitCode = await main();
