/**
 * Starts tfjs's wasm backend in a check worker from the binary the host hands
 * over. The sandbox's policy allows no fetch at all (`connect-src 'none'`
 * blocks data: and blob: URLs too), so tfjs's loader is pointed at a name
 * that only this module answers: `setWasmPaths(…, usePlatformFetch)` makes
 * it fetch the binary through tfjs's platform, whose `fetch` answers that
 * name with the embedded bytes for as long as the start takes.
 *
 * The SIMD build is the one embedded (every browser with wasm SIMD, which is
 * all current ones); threads are switched off, since an opaque-origin iframe
 * is never cross-origin isolated. Anything else — no SIMD, a policy without
 * `'wasm-unsafe-eval'`, bytes that are not a valid module, a start that
 * fails or hangs — leaves the worker on the cpu backend, which gives the
 * same results within the checker's tolerance.
 */
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import type { Tf } from "../types";
import { CPU_BACKEND, type SandboxBackend, WASM_BACKEND } from "./protocol";

/** What tfjs's loader asks its platform to fetch; never reaches the network. */
const EMBEDDED_WASM_URL = "embedded:tfjs-backend-wasm-simd.wasm";
const WASM_BINARY_NAMES = [
  "tfjs-backend-wasm.wasm",
  "tfjs-backend-wasm-simd.wasm",
  "tfjs-backend-wasm-threaded-simd.wasm",
] as const;
/** tfjs's loader leaves a failed instantiation unanswered; past this the worker takes the cpu backend. */
export const WASM_START_LIMIT_MS = 10_000;
/** The smallest valid module: compiling it fails exactly when the policy forbids compiling wasm. */
const EMPTY_WASM_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

type PlatformFetch = (path: string, init?: RequestInit) => Promise<Response>;

function mayCompileWasm(): boolean {
  try {
    return new WebAssembly.Module(EMPTY_WASM_MODULE) instanceof WebAssembly.Module;
  } catch {
    return false;
  }
}

/** Answers the embedded name with the binary until the returned function restores the platform. */
function serveEmbeddedBinary(tf: Tf, binary: ArrayBuffer): () => void {
  const platform = tf.env().platform as unknown as { fetch: PlatformFetch };
  const platformFetch = platform.fetch;
  const embeddedFetch: PlatformFetch = (path, init) =>
    path === EMBEDDED_WASM_URL
      ? Promise.resolve(new Response(binary, { headers: { "Content-Type": "application/wasm" } }))
      : platformFetch.call(platform, path, init);
  Object.defineProperty(platform, "fetch", { value: embeddedFetch, configurable: true, writable: true });
  return () => {
    Reflect.deleteProperty(platform, "fetch");
  };
}

async function startWasm(tf: Tf, binary: ArrayBuffer): Promise<boolean> {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  // tfjs's loader never answers a binary that fails to compile: refuse one here instead.
  if (!(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) || !mayCompileWasm() || !WebAssembly.validate(binary)) {
    return false;
  }
  const paths = Object.fromEntries(WASM_BINARY_NAMES.map((name) => [name, EMBEDDED_WASM_URL]));
  setWasmPaths(paths, true);
  const restorePlatform = serveEmbeddedBinary(tf, binary);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), WASM_START_LIMIT_MS);
  });
  try {
    return await Promise.race([tf.setBackend(WASM_BACKEND), limit]);
  } finally {
    clearTimeout(timer);
    restorePlatform();
  }
}

/**
 * The wasm backend when `binary` is given and it starts, else the cpu
 * backend; in the fallback the wasm backend is removed, so learner code
 * finds one backend only.
 */
export async function startSandboxBackend(tf: Tf, binary: ArrayBuffer | null): Promise<SandboxBackend> {
  if (binary !== null && (await startWasm(tf, binary).catch(() => false))) return WASM_BACKEND;
  if (tf.findBackendFactory(WASM_BACKEND) !== null) tf.removeBackend(WASM_BACKEND);
  await tf.setBackend(CPU_BACKEND);
  return CPU_BACKEND;
}
