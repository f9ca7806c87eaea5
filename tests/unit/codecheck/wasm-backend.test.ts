/**
 * Where the check worker cannot start the wasm backend it takes the cpu
 * backend, and only that one (a process of its own: the removal is for good).
 */
import { describe, expect, it } from "vitest";
import { startSandboxBackend } from "@/lib/codecheck/browser/wasm-backend";
import { loadNodeTf } from "@/lib/codecheck/node-tf";

describe("startSandboxBackend", () => {
  it("falls back to the cpu backend on bytes that are not a wasm module, and removes the wasm backend", async () => {
    const tf = await loadNodeTf();
    await import("@tensorflow/tfjs-backend-wasm");
    expect(tf.findBackendFactory("wasm")).not.toBeNull();
    const notWasm = new TextEncoder().encode("not a wasm module").buffer;
    expect(await startSandboxBackend(tf, notWasm)).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    expect(tf.findBackendFactory("wasm")).toBeNull();
    expect(Array.from(tf.add(tf.tensor([1, 2]), tf.tensor([3, 4])).dataSync())).toEqual([4, 6]);
  });
});
