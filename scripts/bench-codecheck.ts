/**
 * Times the reference check of every coding exercise in Node: cold (fresh
 * worker thread, tfjs load included) and warm (second check in the same
 * worker). Prints JSON; the browser half is filled in by a separate harness.
 *
 *   npm run bench:codecheck
 */
import { CODE_EXERCISES } from "../lib/codecheck/exercises/index";
import { NodeCheckRunner } from "../lib/codecheck/node-runner";

const TARGET_WARM_MS = 200;
const TARGET_COLD_MS = 1500;
/** Generous: the bench measures, the timeout must not distort it. */
const BENCH_TIMEOUT_MS = 60_000;

interface ExerciseTiming {
  coldMs: number;
  warmMs: number;
  status: string;
  meetsTarget: boolean;
}

async function timeExercise(id: string, source: string): Promise<ExerciseTiming> {
  const runner = new NodeCheckRunner();
  try {
    const coldStart = performance.now();
    const cold = await runner.check(id, source, { timeoutMs: BENCH_TIMEOUT_MS });
    const coldMs = performance.now() - coldStart;
    const warmStart = performance.now();
    const warm = await runner.check(id, source, { timeoutMs: BENCH_TIMEOUT_MS });
    const warmMs = performance.now() - warmStart;
    const status = cold.status === warm.status ? warm.status : `${cold.status}/${warm.status}`;
    return {
      coldMs: Math.round(coldMs),
      warmMs: Math.round(warmMs),
      status,
      meetsTarget: status === "pass" && coldMs < TARGET_COLD_MS && warmMs < TARGET_WARM_MS,
    };
  } finally {
    await runner.close();
  }
}

async function main(): Promise<void> {
  const exercises: Record<string, ExerciseTiming> = {};
  for (const exercise of CODE_EXERCISES) {
    exercises[exercise.id] = await timeExercise(exercise.id, exercise.reference);
  }
  const timings = Object.values(exercises);
  const report = {
    node: {
      runtime: `node ${process.version}`,
      backend: "cpu (@tensorflow/tfjs 4.22.0)",
      targets: { warmMs: TARGET_WARM_MS, coldMs: TARGET_COLD_MS },
      exercises,
      maxColdMs: Math.max(...timings.map((timing) => timing.coldMs)),
      maxWarmMs: Math.max(...timings.map((timing) => timing.warmMs)),
      meetsTarget: timings.every((timing) => timing.meetsTarget),
    },
    browser: null,
  };
  console.log(JSON.stringify(report, null, 2));
}

await main();
