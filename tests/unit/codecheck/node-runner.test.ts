import { afterAll, describe, expect, it } from "vitest";
import { checkSubmission, closeCodeCheckRunner } from "@/lib/codecheck/index";
import { findCodeExercise } from "@/lib/codecheck/catalog";
import { NodeCheckRunner } from "@/lib/codecheck/node-runner";

const SHORT_TIMEOUT_MS = 3000;

function reference(id: string): string {
  const exercise = findCodeExercise(id);
  if (exercise === undefined) throw new Error(`no exercise ${id}`);
  return exercise.reference;
}

afterAll(async () => {
  await closeCodeCheckRunner();
});

describe("checkSubmission in a worker thread", () => {
  it("passes the references of a loss, a conv layer and the XOR network", async () => {
    for (const id of ["mse", "conv-layer", "xor-network"]) {
      const result = await checkSubmission(id, reference(id));
      expect(result.status, JSON.stringify(result)).toBe("pass");
    }
  });

  it("answers not-attempted for the starter and unknown ids as errors", async () => {
    const starter = findCodeExercise("mse")?.starter ?? "";
    expect(await checkSubmission("mse", starter)).toEqual({ status: "not-attempted", cases: [] });
    expect((await checkSubmission("no-such-exercise", "x")).status).toBe("error");
  });

  it("stops an infinite loop at the timeout, reports an error, and keeps working afterwards", async () => {
    const result = await checkSubmission("mse", "function mse(a, b) {\n  while (true) {}\n}", {
      timeoutMs: SHORT_TIMEOUT_MS,
    });
    expect(result.status).toBe("error");
    expect(result.error).toMatch(/Timed out after 3 s/);
    const next = await checkSubmission("mse", reference("mse"));
    expect(next.status).toBe("pass");
  });

  it("returns learner output, line numbers and TF1 hints through the worker", async () => {
    const source =
      "function maxPool(x) {\n  console.log('pooling', x.shape);\n  return tf.maxPool(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME');\n}";
    const result = await checkSubmission("max-pool", source);
    expect(result.status).toBe("error");
    expect(result.cases[0]?.message).toMatch(
      /Line 3: `Error: Unknown padding parameter: SAME`.*lower case.*\[1, 2, 2, 1\]/s,
    );
    expect(result.output).toContain("pooling [1,7,7,2]");
  });

  it("ends a submission that exhausts the heap limit", async () => {
    const runner = new NodeCheckRunner({ maxHeapMb: 128 });
    try {
      const hog =
        "function mse(a, b) {\n  const keep = [];\n  for (;;) keep.push(new Array(1e5).fill(Math.random()));\n}";
      const result = await runner.check("mse", hog, { timeoutMs: 20_000 });
      expect(result.status).toBe("error");
      expect(result.error).toMatch(/out of memory|crashed|exited/);
    } finally {
      await runner.close();
    }
  });
});
