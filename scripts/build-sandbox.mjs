/**
 * Builds the exercise sandbox into public/sandbox/: the check worker (tfjs +
 * the learner's side of the check core + the exercise definitions) is bundled
 * first and embedded as a string into host.js, which the sandbox iframe loads
 * and turns into a blob: worker (the sandbox's CSP allows no fetch of a second
 * file). The expectations every check is judged against are computed here, in
 * Node, and embedded into host.js too: learner code never runs where they are
 * made. The exercise definitions reach the bundle without their reference
 * solutions and known mistakes (the worker needs neither), so the reference
 * stays on the server until a learner asks for it. tfjs-backend-wasm's SIMD
 * binary is embedded into host.js as base64 too, for the same reason as the
 * worker: the sandbox fetches nothing; the host hands each worker a copy.
 *
 *   node scripts/build-sandbox.mjs
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { build } from "esbuild";
import ts from "typescript";

const root = path.resolve(import.meta.dirname, "..");
const outDir = path.join(root, "public", "sandbox");
const require = createRequire(import.meta.url);
/** The one wasm build the sandbox uses (see lib/codecheck/browser/wasm-backend.ts). */
const WASM_BINARY = "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm";
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

/** Properties of `defineExercise({...})` left out of the browser bundle, with what replaces them. */
const WITHHELD = {
  reference: () => ts.factory.createStringLiteral(""),
  mistakes: () => ts.factory.createArrayLiteralExpression([]),
};
const EXERCISE_MODULES = /[\\/]lib[\\/]codecheck[\\/]exercises[\\/][^\\/]+\.ts$/;

function withholdSolutions(source, fileName) {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  let withheld = 0;
  let definitions = 0;
  const isDefinitionCall = (node) =>
    ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "defineExercise";
  const transformer = (context) => (root) => {
    const visit = (node) => {
      if (isDefinitionCall(node)) definitions += 1;
      if (
        ts.isPropertyAssignment(node) &&
        ts.isIdentifier(node.name) &&
        Object.hasOwn(WITHHELD, node.name.text) &&
        ts.isObjectLiteralExpression(node.parent) &&
        isDefinitionCall(node.parent.parent)
      ) {
        withheld += 1;
        return ts.factory.updatePropertyAssignment(node, node.name, WITHHELD[node.name.text]());
      }
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitNode(root, visit);
  };
  const [transformed] = ts.transform(file, [transformer]).transformed;
  return { contents: ts.createPrinter().printFile(transformed), withheld, definitions };
}

/** esbuild plugin: exercise modules as the browser gets them. */
const withholdSolutionsPlugin = {
  name: "withhold-solutions",
  setup(builder) {
    builder.onLoad({ filter: EXERCISE_MODULES }, async ({ path: file }) => {
      const { contents, withheld, definitions } = withholdSolutions(await readFile(file, "utf8"), file);
      // A definition written another way (a spread, a shorthand) would slip through: refuse to build.
      if (withheld !== definitions * Object.keys(WITHHELD).length) {
        throw new Error(`${path.relative(root, file)}: withheld ${withheld} properties of ${definitions} definitions`);
      }
      return { contents, loader: "ts" };
    });
  },
};

/**
 * tfjs-backend-wasm also bundles its multi-threaded build and that build's
 * worker script. Threads need cross-origin isolation, which an opaque-origin
 * iframe never has (the worker switches them off), so both are left out.
 */
const THREADED_WASM_MODULES = /[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd(\.worker)?\.js$/;
const withoutWasmThreadsPlugin = {
  name: "without-wasm-threads",
  setup(builder) {
    builder.onLoad({ filter: THREADED_WASM_MODULES }, ({ path: file }) => ({
      contents: file.endsWith(".worker.js")
        ? 'export const wasmWorkerContents = "";'
        : 'export default function threadedWasmUnavailable() { throw new Error("wasm threads are off in the sandbox"); }',
      loader: "js",
    }));
  },
};

/** The exercises' expectations as JSON text, from scripts/compute-expectations.ts in a child process. */
async function computeExpectations() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "codecheck-expectations-"));
  const file = path.join(dir, "expectations.json");
  try {
    await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(root, "scripts/compute-expectations.ts"), file],
      { cwd: root },
    );
    return await readFile(file, "utf8");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const started = performance.now();
const [worker, expectations, wasmBinary] = await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, "lib/codecheck/browser/worker.ts")],
    plugins: [withholdSolutionsPlugin, withoutWasmThreadsPlugin],
  }),
  computeExpectations(),
  readFile(require.resolve(WASM_BINARY)),
]);
const workerSource = worker.outputFiles[0]?.text;
if (workerSource === undefined) throw new Error("worker bundle is empty");
const host = await build({
  ...common,
  entryPoints: [path.join(root, "lib/codecheck/browser/host.ts")],
  plugins: [withholdSolutionsPlugin],
  define: {
    ...common.define,
    __SANDBOX_WORKER_SOURCE__: JSON.stringify(workerSource),
    __SANDBOX_EXPECTATIONS__: JSON.stringify(expectations),
    __SANDBOX_WASM_BASE64__: JSON.stringify(wasmBinary.toString("base64")),
  },
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
