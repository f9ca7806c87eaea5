/**
 * lockTf as the check worker applies it, on Node's tfjs. Locking cannot be
 * undone, which is why this file has its own process (vitest's forks pool).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type LockedTf, lockTf } from "@/lib/codecheck/browser/lock-tf";
import { checkSource, runLearnerSource } from "@/lib/codecheck/check-source";
import { computeExpectations } from "@/lib/codecheck/expectations";
import { CODE_EXERCISES, findCodeExercise } from "@/lib/codecheck/exercises/index";
import { judgeOutcome } from "@/lib/codecheck/judge";
import { loadNodeTf } from "@/lib/codecheck/node-tf";
import type { CodeExercise, Tf } from "@/lib/codecheck/types";

let tf: Tf;
let locked: LockedTf;

beforeAll(async () => {
  tf = await loadNodeTf();
  locked = lockTf(tf, globalThis);
});

function exercise(id: string): CodeExercise {
  const found = findCodeExercise(id);
  if (found === undefined) throw new Error(`no exercise ${id}`);
  return found;
}

type Loose = Record<string, unknown>;

describe("lockTf", () => {
  it("refuses to register, unregister or replace kernels and gradients", () => {
    const mean = tf.getKernel("Mean", "cpu");
    const sum = tf.getKernel("Sum", "cpu");
    expect(() => tf.registerKernel({ ...mean, kernelFunc: sum.kernelFunc })).toThrow(
      /not available in the exercise sandbox/,
    );
    expect(() => tf.unregisterKernel("Mean", "cpu")).toThrow(/not available/);
    expect(() => tf.registerGradient({ kernelName: "Mean", gradFunc: () => ({}) })).toThrow(/not available/);
    const registry = (globalThis as unknown as { _tfGlobals: Map<string, Map<string, unknown>> })._tfGlobals.get(
      "kernelRegistry",
    );
    expect(() => Map.prototype.set.call(registry, "cpu_Mean", sum)).toThrow(/not available/);
    expect(() => {
      (mean as unknown as Loose).kernelFunc = sum.kernelFunc;
    }).toThrow(TypeError);
    expect(tf.getKernel("Mean", "cpu")).toBe(mean);
    expect(tf.mean(tf.tensor([1, 2, 3, 6])).dataSync()[0]).toBe(3);
  });

  it("freezes the engine, the backend and their prototypes, and pins the globals tfjs reads", () => {
    const engine = tf.engine() as unknown as Loose;
    const backend = tf.backend() as unknown as Loose;
    const replace = (target: object, name: string) => () => {
      (target as Loose)[name] = () => new Float32Array(1);
    };
    expect(replace(engine, "runKernel")).toThrow(TypeError);
    expect(replace(Object.getPrototypeOf(engine) as object, "runKernel")).toThrow(TypeError);
    expect(replace(engine, "readSync")).toThrow(TypeError);
    expect(replace(backend, "readSync")).toThrow(TypeError);
    expect(replace(Object.getPrototypeOf(backend) as object, "readSync")).toThrow(TypeError);
    expect(replace(backend.data as object, "get")).toThrow(TypeError);
    expect(replace(globalThis, "_tfengine")).toThrow(TypeError);
    expect(replace(globalThis, "_tfGlobals")).toThrow(TypeError);
    expect(() => tf.registerBackend("fake", () => tf.backend())).toThrow(TypeError);
    expect(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync())).toEqual([4, 6]);
  });

  it("reads values from the backend itself, whatever the engine's bookkeeping says", () => {
    const tensor = tf.tensor([1, 2, 3]);
    const info = (
      tf.engine() as unknown as { state: { tensorInfo: WeakMap<object, { backend: unknown }> } }
    ).state.tensorInfo.get(tensor.dataId);
    if (info === undefined) throw new Error("no tensor info");
    const real = info.backend;
    info.backend = { readSync: () => new Float32Array([9, 9, 9]) };
    try {
      expect(Array.from(tensor.dataSync())).toEqual([9, 9, 9]);
      expect(Array.from(locked.readValues(tensor))).toEqual([1, 2, 3]);
    } finally {
      info.backend = real;
    }
  });

  it("keeps honest results: every reference passes and every known mistake fails on locked tfjs", async () => {
    for (const ex of CODE_EXERCISES) {
      const expectations = await computeExpectations(ex, tf);
      const run = (source: string) =>
        runLearnerSource(ex, source, tf, {
          seed: expectations.seed,
          readValues: locked.readValues,
          expectedOf: (index) => {
            const testCase = expectations.cases[index];
            return Promise.resolve(testCase?.kind === "custom" ? testCase.expected : null);
          },
        }).then((outcome) => judgeOutcome(expectations, outcome, { source }));
      expect((await run(ex.reference)).status, ex.id).toBe("pass");
      for (const mistake of ex.mistakes) expect((await run(mistake.source)).status, mistake.id).not.toBe("pass");
    }
  });

  it("leaves tampering sources failing, with the refusal in their output", async () => {
    const ex = exercise("mse");
    const registering = await checkSource(
      ex,
      `try {
        const sum = tf.getKernel("Sum", "cpu");
        tf.registerKernel({ kernelName: "Mean", backendName: "cpu", kernelFunc: (args) => sum.kernelFunc(args) });
      } catch (e) { console.log("refused:", String(e)); }
      function mse(a, b) { return tf.sum(tf.square(tf.sub(a, b))); }`,
      tf,
    );
    expect(registering.status).toBe("fail");
    expect(registering.output).toContain("refused: Error: tf.registerKernel is not available");
    const wrapping = await checkSource(
      ex,
      `const engine = tf.engine();
      const run = engine.runKernel;
      engine.runKernel = (name, inputs, attrs) => run.call(engine, name === "Mean" ? "Sum" : name, inputs, attrs);
      console.log("unchanged:", engine.runKernel === run);
      function mse(a, b) { return tf.sum(tf.square(tf.sub(a, b))); }`,
      tf,
    );
    expect(wrapping.status).toBe("fail");
    expect(wrapping.output).toContain("unchanged: true");
  });
});
