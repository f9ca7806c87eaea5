/**
 * Builds the exercise sandbox into public/sandbox/: the check worker (tfjs +
 * the check core + the exercise definitions) is bundled first and embedded as
 * a string into host.js, which the sandbox iframe loads and turns into a
 * blob: worker (the sandbox's CSP allows no fetch of a second file).
 *
 *   node scripts/build-sandbox.mjs
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "public", "sandbox");
const common = {
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  write: false,
  legalComments: "none",
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};

const started = performance.now();
const worker = await build({ ...common, entryPoints: [path.join(root, "lib/codecheck/browser/worker.ts")] });
const workerSource = worker.outputFiles[0]?.text;
if (workerSource === undefined) throw new Error("worker bundle is empty");
const host = await build({
  ...common,
  entryPoints: [path.join(root, "lib/codecheck/browser/host.ts")],
  define: { ...common.define, __SANDBOX_WORKER_SOURCE__: JSON.stringify(workerSource) },
});
const hostSource = host.outputFiles[0]?.text;
if (hostSource === undefined) throw new Error("host bundle is empty");

await mkdir(outDir, { recursive: true });
// Written aside and renamed: a parallel build never serves a half-written file.
const target = path.join(outDir, "host.js");
const temporary = `${target}.${process.pid}.tmp`;
await writeFile(temporary, hostSource);
await rename(temporary, target);
console.log(
  `sandbox: ${path.relative(root, target)} ${(hostSource.length / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - started)} ms`,
);
