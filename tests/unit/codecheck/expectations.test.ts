import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkSource } from "@/lib/codecheck/check-source";
import {
  computeAllExpectations,
  computeExpectations,
  parseExpectations,
  serializeExpectations,
} from "@/lib/codecheck/expectations";
import { CODE_EXERCISES, findCodeExercise } from "@/lib/codecheck/exercises/index";
import { loadNodeTf } from "@/lib/codecheck/node-tf";
import type { CodeExercise, Tf } from "@/lib/codecheck/types";

let tf: Tf;

beforeAll(async () => {
  tf = await loadNodeTf();
});

function exercise(id: string): CodeExercise {
  const found = findCodeExercise(id);
  if (found === undefined) throw new Error(`no exercise ${id}`);
  return found;
}

describe("expectations as data", () => {
  it("survive JSON with NaN, ±Infinity and -0, so a check judged from the shipped copy matches a fresh one", async () => {
    const table = await computeAllExpectations(CODE_EXERCISES, tf);
    const shipped = parseExpectations(serializeExpectations(table));
    expect(shipped).toEqual(table);
    // The no-clip mistake returns NaN / -Infinity: recognizing it needs those values intact.
    const ex = exercise("cross-entropy-clip");
    const noClip = ex.mistakes.find((mistake) => mistake.id === "no-clip")?.source ?? "";
    const fromShipped = await checkSource(ex, noClip, tf, { expectations: shipped[ex.id] });
    expect(fromShipped).toEqual(await checkSource(ex, noClip, tf));
    expect(JSON.stringify(fromShipped)).toContain(`Likely cause: ${ex.mistakes[0]?.message.en}`);
  });

  it("hold the LeNet-5 reference's structure as plain facts", async () => {
    const { cases } = await computeExpectations(exercise("lenet5"), tf);
    expect(cases[0]).toMatchObject({
      kind: "custom",
      expected: {
        classNames: ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"],
        totalParams: 569_606,
      },
    });
  });
});

/**
 * Wrong solutions that tamper with tfjs so that a reference computed after
 * them would agree (each passed when the expected values came from the same
 * tfjs after the learner's code had run).
 */
const TAMPERING: Record<string, string> = {
  "re-registers the Mean kernel as Sum": `
    const sum = tf.getKernel("Sum", "cpu");
    tf.registerKernel({ kernelName: "Mean", backendName: "cpu", kernelFunc: (args) => sum.kernelFunc(args) });
    function mse(yTrue, yPred) {
      return tf.sum(tf.square(tf.sub(yTrue, yPred)));
    }`,
  "makes the backend's readSync return zeros": `
    tf.backend().readSync = () => new Float32Array(1);
    function mse(yTrue, yPred) {
      return tf.scalar(42);
    }`,
  "wraps engine.runKernel to run Sum for Mean": `
    const engine = tf.engine();
    const run = engine.runKernel.bind(engine);
    engine.runKernel = (name, inputs, attrs) => run(name === "Mean" ? "Sum" : name, inputs, attrs);
    function mse(yTrue, yPred) {
      return tf.sum(tf.square(tf.sub(yTrue, yPred)));
    }`,
};

describe("a check computes its expectations before the learner's code runs", () => {
  let restoreMean: (() => void) | null = null;

  afterEach(() => {
    // These run unlocked, in Node: undo the tampering for the next test.
    restoreMean?.();
    delete (tf.backend() as unknown as Record<string, unknown>).readSync;
    delete (tf.engine() as unknown as Record<string, unknown>).runKernel;
  });

  it.each(Object.entries(TAMPERING))("fails a solution that %s", async (_label, source) => {
    const mean = tf.getKernel("Mean", "cpu");
    restoreMean = () => {
      // tfjs warns that Mean is already registered, which is the point here.
      const warn = console.warn;
      console.warn = () => undefined;
      try {
        tf.registerKernel(mean);
      } finally {
        console.warn = warn;
      }
    };
    const ex = exercise("mse");
    const result = await checkSource(ex, source, tf);
    expect(result.status).toBe("fail");
    // The tampering is real: expectations computed now, in this tampered tfjs, would agree with it.
    const tampered = await checkSource(ex, source, tf, { expectations: await computeExpectations(ex, tf) });
    expect(tampered.status).toBe("pass");
  });
});
