/**
 * lockTf as the check worker applies it, on Node's tfjs, for one backend:
 * lock-tf.test.ts runs it on the cpu backend, lock-tf-wasm.test.ts on the
 * wasm backend. Locking cannot be undone, which is why each backend has a
 * test file, and so a process, of its own (vitest's forks pool). As in the
 * app, the expectations come from the cpu backend before anything is locked.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type LockedTf, lockTf } from "@/lib/codecheck/browser/lock-tf";
import { checkSource, runLearnerSource } from "@/lib/codecheck/check-source";
import { type Expectations, computeAllExpectations } from "@/lib/codecheck/expectations";
import { CODE_EXERCISES, findCodeExercise } from "@/lib/codecheck/exercises/index";
import { judgeOutcome } from "@/lib/codecheck/judge";
import { loadNodeTf } from "@/lib/codecheck/node-tf";
import type { CodeExercise, Tf } from "@/lib/codecheck/types";

export type LockedBackend = "cpu" | "wasm";

/** Where each backend keeps its DataStorage (as lock-tf.ts knows it). */
const STORAGE: Record<LockedBackend, string> = { cpu: "data", wasm: "dataIdMap" };

export interface LockedContext {
  tf: Tf;
  locked: LockedTf;
  backendName: LockedBackend;
  expectations: Record<string, Expectations>;
}

type Loose = Record<string, unknown>;

function exercise(id: string): CodeExercise {
  const found = findCodeExercise(id);
  if (found === undefined) throw new Error(`no exercise ${id}`);
  return found;
}

/**
 * Loads tfjs on the cpu backend, computes every exercise's expectations,
 * then starts `backendName` (`start` switches to it) and locks tfjs.
 */
export function lockedTfFor(
  backendName: LockedBackend,
  start: (tf: Tf) => Promise<void> = () => Promise.resolve(),
): () => LockedContext {
  let context: LockedContext | null = null;
  beforeAll(async () => {
    const tf = await loadNodeTf();
    const expectations = await computeAllExpectations(CODE_EXERCISES, tf);
    await start(tf);
    expect(tf.getBackend()).toBe(backendName);
    tf.tensor(0).dispose();
    context = { tf, locked: lockTf(tf, globalThis), backendName, expectations };
  });
  return () => {
    if (context === null) throw new Error("tfjs is not locked yet");
    return context;
  };
}

export function describeLockTf(backendName: LockedBackend, context: () => LockedContext): void {
  describe(`lockTf on the ${backendName} backend`, () => {
    it("refuses to register, unregister or replace kernels and gradients", () => {
      const { tf } = context();
      const mean = tf.getKernel("Mean", backendName);
      const sum = tf.getKernel("Sum", backendName);
      expect(() => tf.registerKernel({ ...mean, kernelFunc: sum.kernelFunc })).toThrow(
        /not available in the exercise sandbox/,
      );
      expect(() => tf.unregisterKernel("Mean", backendName)).toThrow(/not available/);
      expect(() => tf.registerGradient({ kernelName: "Mean", gradFunc: () => ({}) })).toThrow(/not available/);
      const registry = (globalThis as unknown as { _tfGlobals: Map<string, Map<string, unknown>> })._tfGlobals.get(
        "kernelRegistry",
      );
      expect(() => Map.prototype.set.call(registry, `${backendName}_Mean`, sum)).toThrow(/not available/);
      expect(() => {
        (mean as unknown as Loose).kernelFunc = sum.kernelFunc;
      }).toThrow(TypeError);
      expect(tf.getKernel("Mean", backendName)).toBe(mean);
      expect(tf.mean(tf.tensor([1, 2, 3, 6])).dataSync()[0]).toBe(3);
    });

    it("freezes the engine, the backend and their prototypes, and pins the globals tfjs reads", () => {
      const { tf } = context();
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
      expect(replace(backend[STORAGE[backendName]] as object, "get")).toThrow(TypeError);
      expect(replace(globalThis, "_tfengine")).toThrow(TypeError);
      expect(replace(globalThis, "_tfGlobals")).toThrow(TypeError);
      expect(() => tf.registerBackend("fake", () => tf.backend())).toThrow(TypeError);
      expect(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync())).toEqual([4, 6]);
    });

    it("reads values from the backend itself, whatever the engine's bookkeeping says", () => {
      const { tf, locked } = context();
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

    it("keeps honest results: every reference passes and every known mistake fails, against the cpu's expectations", async () => {
      const { tf, locked, expectations } = context();
      for (const ex of CODE_EXERCISES) {
        const expected = expectations[ex.id];
        if (expected === undefined) throw new Error(`no expectations for ${ex.id}`);
        const run = (source: string) =>
          runLearnerSource(ex, source, tf, {
            seed: expected.seed,
            readValues: locked.readValues,
            expectedOf: (index) => {
              const testCase = expected.cases[index];
              return Promise.resolve(testCase?.kind === "custom" ? testCase.expected : null);
            },
          }).then((outcome) => judgeOutcome(expected, outcome, { source }));
        const reference = await run(ex.reference);
        expect(reference.status, `${ex.id}: ${JSON.stringify(reference.cases)}`).toBe("pass");
        for (const mistake of ex.mistakes) expect((await run(mistake.source)).status, mistake.id).not.toBe("pass");
      }
    });

    it("leaves tampering sources failing, with the refusal in their output", async () => {
      const { tf, expectations } = context();
      const ex = exercise("mse");
      const options = { expectations: expectations[ex.id] };
      const registering = await checkSource(
        ex,
        `try {
          const sum = tf.getKernel("Sum", tf.getBackend());
          tf.registerKernel({ kernelName: "Mean", backendName: tf.getBackend(), kernelFunc: (args) => sum.kernelFunc(args) });
        } catch (e) { console.log("refused:", String(e)); }
        function mse(a, b) { return tf.sum(tf.square(tf.sub(a, b))); }`,
        tf,
        options,
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
        options,
      );
      expect(wrapping.status).toBe("fail");
      expect(wrapping.output).toContain("unchanged: true");
    });
  });
}
