/**
 * The check worker's warm-up workload, on Node's tfjs: it must leave tfjs as
 * it found it (no tensor, variable or automatic layer name taken) and do
 * nothing once stopped, since the learner's run starts right after the stop.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WARM_UP_DELAY_MS, startWarmUp } from "@/lib/codecheck/browser/warm-up";
import { loadNodeTf } from "@/lib/codecheck/node-tf";
import type { Tf } from "@/lib/codecheck/types";

let tf: Tf;

beforeAll(async () => {
  tf = await loadNodeTf();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function registeredVariables(): number {
  return Object.keys((tf.engine() as unknown as { registeredVariables: object }).registeredVariables).length;
}

function countKernelCalls(): { calls: () => number } {
  const spy = vi.spyOn(tf.engine(), "runKernel");
  return { calls: () => spy.mock.calls.length };
}

describe("startWarmUp", () => {
  it("trains and builds models, then leaves no tensor, variable or automatic layer name behind", async () => {
    const tensors = tf.memory().numTensors;
    const variables = registeredVariables();
    const denseBefore = tf.layers.dense({ units: 1 }).name;
    const modelBefore = tf.sequential().name;
    const kernels = countKernelCalls();
    await startWarmUp(tf).finished;
    expect(kernels.calls()).toBeGreaterThan(1000);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(registeredVariables()).toBe(variables);
    const next = (name: string) => name.replace(/\d+$/, (n) => String(Number(n) + 1));
    expect(tf.layers.dense({ units: 1 }).name).toBe(next(denseBefore));
    expect(tf.sequential().name).toBe(next(modelBefore));
  });

  it("runs nothing after stop and frees what it held", async () => {
    vi.useFakeTimers();
    const tensors = tf.memory().numTensors;
    const kernels = countKernelCalls();
    const warmUp = startWarmUp(tf);
    vi.advanceTimersByTime(WARM_UP_DELAY_MS);
    vi.advanceTimersByTime(0);
    const calls = kernels.calls();
    expect(calls).toBeGreaterThan(0);
    warmUp.stop();
    await warmUp.finished;
    vi.runAllTimers();
    expect(kernels.calls()).toBe(calls);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it("waits before its first step, so a run asked for at once starts at once", () => {
    vi.useFakeTimers();
    const kernels = countKernelCalls();
    const warmUp = startWarmUp(tf);
    vi.advanceTimersByTime(WARM_UP_DELAY_MS - 1);
    expect(kernels.calls()).toBe(0);
    warmUp.stop();
  });
});
