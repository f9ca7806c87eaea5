/**
 * Benchmarks the computed-exercise engine: per generator, generation throughput and latency, and
 * checkAnswer latency for the right answer typed as a decimal and as an expression.
 * Prints JSON to stdout. Run: npx tsx scripts/bench-exercises.ts [iterations]
 */
import {
  checkAnswer,
  generateExercise,
  listGenerators,
  type AnswerValue,
  type ExerciseInstance,
} from "../lib/exercises";
import { readAnswer } from "../lib/answers/read-answer";
import { HOSTILE_INPUTS } from "../tests/fixtures/hostile-answers";

const TARGET_MS = 1;
const HOSTILE_ROUNDS = 20;
const DEFAULT_ITERATIONS = 2000;
const WARM_UP_ITERATIONS = 200;
const P95 = 0.95;
const MEDIAN = 0.5;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

function summarize(samples: number[]): { medianMs: number; p95Ms: number } {
  const sorted = samples.slice().sort((a, b) => a - b);
  const round = (x: number): number => Number(x.toFixed(4));
  return { medianMs: round(quantile(sorted, MEDIAN)), p95Ms: round(quantile(sorted, P95)) };
}

/** Refusing a hostile input (tests/fixtures/hostile-answers.ts), in every reading mode, must be as quick as checking. */
function benchHostileInputs() {
  const samples: number[] = [];
  let accepted = 0;
  for (let round = 0; round < HOSTILE_ROUNDS; round++) {
    for (const input of HOSTILE_INPUTS) {
      for (const expectation of [{}, { vectorLength: 3 }, { unit: "bit/s" }]) {
        samples.push(time(() => (readAnswer(input, expectation).ok ? accepted++ : 0)));
      }
    }
  }
  const summary = summarize(samples);
  return {
    inputs: HOSTILE_INPUTS.length,
    readings: samples.length,
    accepted,
    refuse: summary,
    meetsTarget: accepted === 0 && summary.p95Ms < TARGET_MS,
  };
}

function typeDecimal(value: AnswerValue): string {
  const plain = (x: number): string => x.toLocaleString("en-US", { useGrouping: false, maximumSignificantDigits: 15 });
  return Array.isArray(value) ? `[${value.map(plain).join(", ")}]` : plain(value);
}

/** The instance's own expression form when it has one, else an arithmetic rewrite of the value. */
function typeExpression(instance: ExerciseInstance): string {
  const form = instance.answerForms?.[0];
  if (form) return form;
  const value = instance.answer.value;
  const rewrite = (x: number): string => `(${typeDecimal(x * 4)})/4`;
  return Array.isArray(value) ? `[${value.map(rewrite).join(", ")}]` : rewrite(value);
}

function time(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function main(): void {
  const iterations = Number(process.argv[2] ?? DEFAULT_ITERATIONS) || DEFAULT_ITERATIONS;
  const results = listGenerators().map(({ id }) => {
    for (let seed = 0; seed < WARM_UP_ITERATIONS; seed++) {
      const warm = generateExercise(id, -seed);
      checkAnswer(warm, typeDecimal(warm.answer.value));
      checkAnswer(warm, typeExpression(warm));
    }
    const generateMs: number[] = [];
    const checkDecimalMs: number[] = [];
    const checkExpressionMs: number[] = [];
    let wrongVerdicts = 0;
    const totalStarted = performance.now();
    for (let seed = 1; seed <= iterations; seed++) {
      let instance: ExerciseInstance | undefined;
      generateMs.push(time(() => (instance = generateExercise(id, seed))));
      if (!instance) continue;
      const current = instance;
      const decimal = typeDecimal(current.answer.value);
      const expression = typeExpression(current);
      checkDecimalMs.push(time(() => (checkAnswer(current, decimal).correct ? 0 : wrongVerdicts++)));
      checkExpressionMs.push(time(() => (checkAnswer(current, expression).correct ? 0 : wrongVerdicts++)));
    }
    const generateTotalMs = generateMs.reduce((s, x) => s + x, 0);
    const generate = summarize(generateMs);
    const checkDecimal = summarize(checkDecimalMs);
    const checkExpression = summarize(checkExpressionMs);
    return {
      id,
      iterations,
      instancesPerSecond: Math.round((iterations / generateTotalMs) * 1000),
      generate,
      checkDecimal,
      checkExpression,
      wrongVerdicts,
      wallMs: Number((performance.now() - totalStarted).toFixed(1)),
      meetsTarget:
        wrongVerdicts === 0 &&
        generate.medianMs < TARGET_MS &&
        checkDecimal.medianMs < TARGET_MS &&
        checkExpression.medianMs < TARGET_MS,
    };
  });
  const hostile = benchHostileInputs();
  const report = {
    targetMs: TARGET_MS,
    node: process.version,
    allMeetTarget: results.every((r) => r.meetsTarget) && hostile.meetsTarget,
    generators: results,
    hostileInputs: hostile,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
