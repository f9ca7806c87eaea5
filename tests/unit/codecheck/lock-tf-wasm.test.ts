/**
 * lockTf on the wasm backend, the one the sandbox's check workers run on:
 * the shared suite, and what only the wasm backend has — the emscripten
 * module its kernels call through and the wasm memory its values live in.
 * The backend starts as in a check worker: startSandboxBackend with the
 * package's SIMD binary (the one the sandbox embeds) handed over as bytes.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { startSandboxBackend } from "@/lib/codecheck/browser/wasm-backend";
import { checkSource } from "@/lib/codecheck/check-source";
import { findCodeExercise } from "@/lib/codecheck/exercises/index";
import { describeLockTf, lockedTfFor } from "./lock-tf-suite";

const WASM_BINARY = "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm";

const context = lockedTfFor("wasm", async (tf) => {
  const bytes = await readFile(createRequire(import.meta.url).resolve(WASM_BINARY));
  const binary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  expect(await startSandboxBackend(tf, binary)).toBe("wasm");
});

describeLockTf("wasm", context);

type Loose = Record<string, unknown>;

/** Bytes that make the wasm memory grow past its 16 MiB start. */
const GROWING_ELEMENTS = 8 * 1024 * 1024;

describe("lockTf on the wasm backend's own parts", () => {
  function emscripten(): Loose {
    const { tf } = context();
    return (tf.backend() as unknown as { wasm: Loose }).wasm;
  }

  it("keeps the emscripten module's exports, bridge and heap views in place", () => {
    const { tf, locked } = context();
    const wasmModule = emscripten();
    const heap = wasmModule.HEAPF32;
    const exports = wasmModule.asm;
    for (const name of ["_Mean", "_Sum", "_malloc", "cwrap"]) {
      const original = wasmModule[name];
      wasmModule[name] = () => 0;
      expect(wasmModule[name], name).toBe(original);
    }
    wasmModule.asm = { ...(exports as Loose), Mean: () => 0 };
    wasmModule.HEAPU8 = new Uint8Array(16);
    wasmModule.HEAPF32 = new Float32Array(16);
    expect(wasmModule.asm).toBe(exports);
    expect(wasmModule.HEAPF32).toBe(heap);
    expect(() => {
      (wasmModule.tfjs as Loose).registerTensor = () => undefined;
    }).toThrow(TypeError);
    const mean = tf.mean(tf.tensor([1, 2, 3, 6]));
    expect(Array.from(locked.readValues(mean))).toEqual([3]);
    expect(mean.dataSync()[0]).toBe(3);
  });

  it("lets the tensor-id counter only count up, so no new tensor can take a live tensor's id", () => {
    const { tf, locked } = context();
    const backend = tf.backend() as unknown as { dataIdNextNumber: number };
    const kept = tf.tensor([7, 8]);
    expect(() => {
      backend.dataIdNextNumber = 1;
    }).toThrow(/only counts up/);
    const next = tf.tensor([1, 2]);
    expect(Array.from(locked.readValues(kept))).toEqual([7, 8]);
    expect(Array.from(locked.readValues(tf.add(kept, next)))).toEqual([8, 10]);
  });

  it("reads with typed arrays captured at boot, not the globals learner code can replace", () => {
    const { tf, locked } = context();
    const tensor = tf.tensor([1, 2, 3]);
    const global = globalThis as unknown as Loose;
    const real = global.Float32Array;
    global.Float32Array = function forged() {
      return new Int32Array([9, 9, 9]);
    };
    try {
      expect(Array.from(locked.readValues(tensor))).toEqual([1, 2, 3]);
    } finally {
      global.Float32Array = real;
    }
  });

  it("reads and writes correctly after the wasm memory grew past the lock", () => {
    const { tf, locked } = context();
    const wasmModule = emscripten();
    const before = (wasmModule.HEAPU8 as Uint8Array).length;
    const big = tf.fill([GROWING_ELEMENTS], 2);
    const small = tf.tensor([4, 5, 6]);
    try {
      expect((wasmModule.HEAPU8 as Uint8Array).length).toBeGreaterThan(before);
      expect(Array.from(locked.readValues(small))).toEqual([4, 5, 6]);
      expect(Array.from(locked.readValues(tf.add(small, tf.scalar(1))))).toEqual([5, 6, 7]);
      expect(locked.readValues(tf.sum(big))[0]).toBe(2 * GROWING_ELEMENTS);
    } finally {
      big.dispose();
    }
  });

  it("leaves a wrong solution failing that computes tf.sum with the Mean export", async () => {
    // Unlocked, this makes the sum-instead-of-mean mistake pass: every call of a kernel reads Module.asm.
    const { tf, expectations } = context();
    const mse = findCodeExercise("mse");
    if (mse === undefined) throw new Error("no exercise mse");
    const result = await checkSource(
      mse,
      `const wasm = tf.backend().wasm;
      const real = wasm.asm;
      const meanForSum = (x, size, dtype, out) => real.Mean(x, size, out);
      wasm.asm = { ...real, Sum: meanForSum };
      console.log("exports replaced:", tf.backend().wasm.asm.Sum === meanForSum);
      function mse(yTrue, yPred) { return tf.sum(tf.square(tf.sub(yTrue, yPred))); }`,
      tf,
      { expectations: expectations.mse },
    );
    expect(result.status).toBe("fail");
    expect(result.output).toContain("exports replaced: false");
  });

  it("stays on the wasm backend: switching backends is refused", async () => {
    const { tf } = context();
    await expect(tf.setBackend("cpu")).rejects.toThrow(TypeError);
    expect(tf.getBackend()).toBe("wasm");
  });
});
