/**
 * Times the reference check of every coding exercise in Node: cold (fresh
 * worker thread, tfjs load included) and warm (second check in the same
 * worker), then in headless chromium through the real sandbox: cold (iframe,
 * blob: worker and tfjs load included) and warm (second run in that iframe).
 * The browser half builds the sandbox bundle first (scripts/build-sandbox.mjs,
 * so it always measures the current code), then serves it and the sandbox
 * document from a small node:http server. Prints JSON: the commit measured,
 * each environment's engine and tfjs backend (per exercise too, as the
 * sandbox reports it: it falls back to cpu where wasm cannot start), the
 * size of host.js, and `meetsTarget`, true only if every figure printed is
 * within its target and every check passed.
 *
 *   npm run bench:codecheck
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import type { SandboxBackend } from "../lib/codecheck/browser/protocol";
import {
  SANDBOX_HOST_SCRIPT,
  SANDBOX_PATH,
  sandboxDocument,
  sandboxHeaders,
} from "../lib/codecheck/browser/sandbox-document";
import { CODE_EXERCISES } from "../lib/codecheck/exercises/index";
import { NodeCheckRunner } from "../lib/codecheck/node-runner";
import { NODE_TF_BACKEND } from "../lib/codecheck/node-tf";

interface Targets {
  warmMs: number;
  coldMs: number;
}

/** The Node runner serves the tests and the authoring CLI; learners' checks run in the browser. */
const NODE_TARGETS: Targets = { warmMs: 200, coldMs: 1500 };
const BROWSER_TARGETS: Targets = { warmMs: 100, coldMs: 400 };
/** Generous: the bench measures, the timeout must not distort it. */
const BENCH_TIMEOUT_MS = 60_000;

interface ExerciseTiming {
  coldMs: number;
  warmMs: number;
  status: string;
  /** The backend of the cold and the warm run ("wasm", or "wasm/cpu" if they differed). */
  backend: string;
  meetsTarget: boolean;
}

function within(targets: Targets, coldMs: number, warmMs: number): boolean {
  return coldMs <= targets.coldMs && warmMs <= targets.warmMs;
}

function both(cold: string, warm: string): string {
  return cold === warm ? warm : `${cold}/${warm}`;
}

async function packageVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as {
    version?: string;
  };
  return manifest.version ?? "unknown";
}

/** The commit measured, marked when the work tree differs from it. */
function gitCommit(): string {
  try {
    const run = (...args: string[]) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    const commit = run("rev-parse", "HEAD");
    return run("status", "--porcelain", "--untracked-files=no") === "" ? commit : `${commit}-dirty`;
  } catch {
    return "unknown";
  }
}

async function timeExercise(id: string, source: string): Promise<ExerciseTiming> {
  const runner = new NodeCheckRunner();
  try {
    const coldStart = performance.now();
    const cold = await runner.check(id, source, { timeoutMs: BENCH_TIMEOUT_MS });
    const coldMs = performance.now() - coldStart;
    const warmStart = performance.now();
    const warm = await runner.check(id, source, { timeoutMs: BENCH_TIMEOUT_MS });
    const warmMs = performance.now() - warmStart;
    const status = both(cold.status, warm.status);
    const timing = { coldMs: Math.round(coldMs), warmMs: Math.round(warmMs) };
    return {
      ...timing,
      status,
      backend: NODE_TF_BACKEND,
      meetsTarget: status === "pass" && within(NODE_TARGETS, timing.coldMs, timing.warmMs),
    };
  } finally {
    await runner.close();
  }
}

interface BrowserRun {
  ms: number;
  status: string;
  backend: SandboxBackend | null;
}

interface BrowserTiming {
  cold: BrowserRun;
  warm: BrowserRun;
}

const SETTLE_MS = 500;
const ROOT = path.resolve(import.meta.dirname, "..");
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** The page side, bundled from the same client the app uses. */
const BENCH_CLIENT = `
import { SandboxClient } from "./lib/codecheck/browser/sandbox-client";
async function timeRun(client, id, source, limitMs) {
  const started = performance.now();
  const { result, killed, backend } = await client.run(id, source, "en", limitMs);
  return { ms: performance.now() - started, status: killed ? "killed" : result.status, backend: backend ?? null };
}
window.benchExercise = async (id, source, limitMs) => {
  const client = new SandboxClient({ src: ${JSON.stringify(SANDBOX_PATH)} });
  try {
    const cold = await timeRun(client, id, source, limitMs);
    const warm = await timeRun(client, id, source, limitMs);
    return { cold, warm };
  } finally {
    client.dispose();
  }
};
`;

/** The bundle the app serves, rebuilt; its log goes to stderr so stdout stays JSON. */
function buildSandbox(): void {
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-sandbox.mjs")], {
    cwd: ROOT,
    stdio: ["ignore", process.stderr, "inherit"],
  });
}

interface SandboxServer {
  origin: string;
  hostScriptBytes: number;
  hostScriptGzipBytes: number;
  close: () => Promise<void>;
}

async function serveSandbox(): Promise<SandboxServer> {
  buildSandbox();
  const [hostScript, client] = await Promise.all([
    readFile(path.join(ROOT, "public", SANDBOX_HOST_SCRIPT)),
    build({
      stdin: { contents: BENCH_CLIENT, resolveDir: ROOT, loader: "ts" },
      bundle: true,
      format: "iife",
      write: false,
      minify: true,
    }),
  ]);
  const clientScript = client.outputFiles[0]?.text ?? "";
  let origin = "";
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    if (url.pathname === SANDBOX_PATH) {
      response.writeHead(200, sandboxHeaders(origin)).end(sandboxDocument());
    } else if (url.pathname === SANDBOX_HOST_SCRIPT) {
      response.writeHead(200, { "Content-Type": "text/javascript" }).end(hostScript);
    } else if (url.pathname === "/bench-client.js") {
      response.writeHead(200, { "Content-Type": "text/javascript" }).end(clientScript);
    } else if (url.pathname === "/") {
      response
        .writeHead(200, { "Content-Type": "text/html" })
        .end('<!doctype html><html><head><script src="/bench-client.js"></script></head><body></body></html>');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hostScriptBytes: hostScript.length,
    hostScriptGzipBytes: gzipSync(hostScript, { level: 9 }).length,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function benchBrowser() {
  const server = await serveSandbox();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/`);
    const exercises: Record<string, ExerciseTiming> = {};
    const benchOne = (id: string, source: string) =>
      page.evaluate(
        ([exerciseId, code, limitMs]) =>
          (window as unknown as { benchExercise: (...args: unknown[]) => Promise<BrowserTiming> }).benchExercise(
            exerciseId,
            code,
            limitMs,
          ),
        [id, source, BENCH_TIMEOUT_MS] as const,
      );
    // The browser's own first start (compiling its caches, spawning processes) is not the sandbox's cold start.
    const first = CODE_EXERCISES[0];
    if (first !== undefined) await benchOne(first.id, first.reference);
    for (const exercise of CODE_EXERCISES) {
      // Let the previous iframe's workers finish tearing down before timing a cold start.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const timing = await benchOne(exercise.id, exercise.reference);
      const status = both(timing.cold.status, timing.warm.status);
      const measured = { coldMs: Math.round(timing.cold.ms), warmMs: Math.round(timing.warm.ms) };
      exercises[exercise.id] = {
        ...measured,
        status,
        backend: both(timing.cold.backend ?? "none", timing.warm.backend ?? "none"),
        meetsTarget: status === "pass" && within(BROWSER_TARGETS, measured.coldMs, measured.warmMs),
      };
    }
    const versions = {
      tfjs: await packageVersion("@tensorflow/tfjs"),
      wasm: await packageVersion("@tensorflow/tfjs-backend-wasm"),
    };
    return {
      runtime: `chromium ${browser.version()} (headless)`,
      backend: `tfjs ${versions.tfjs} in a blob: Web Worker of a sandboxed iframe; wasm = @tensorflow/tfjs-backend-wasm ${versions.wasm} (SIMD, one thread), cpu = the fallback where wasm cannot start`,
      ...summarize(exercises, BROWSER_TARGETS),
      hostScript: { bytes: server.hostScriptBytes, gzipBytes: server.hostScriptGzipBytes },
      method:
        "cold = new sandbox iframe (host.js, the wasm binary decoded, the first blob: worker booting tfjs) + first run; warm = second run in that iframe, on a fresh worker booted meanwhile; one untimed warm-up of the browser first",
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function benchNode() {
  const exercises: Record<string, ExerciseTiming> = {};
  for (const exercise of CODE_EXERCISES) {
    exercises[exercise.id] = await timeExercise(exercise.id, exercise.reference);
  }
  return {
    runtime: `node ${process.version}`,
    backend: `${NODE_TF_BACKEND} (@tensorflow/tfjs ${await packageVersion("@tensorflow/tfjs")})`,
    ...summarize(exercises, NODE_TARGETS),
  };
}

/** Every backend seen, the slowest figures, and whether every exercise met the targets and passed. */
function summarize(exercises: Record<string, ExerciseTiming>, targets: Targets) {
  const timings = Object.values(exercises);
  const maxColdMs = Math.max(...timings.map((timing) => timing.coldMs));
  const maxWarmMs = Math.max(...timings.map((timing) => timing.warmMs));
  return {
    backends: [...new Set(timings.flatMap((timing) => timing.backend.split("/")))].sort(),
    targets,
    exercises,
    maxColdMs,
    maxWarmMs,
    meetsTarget:
      timings.length > 0 && timings.every((timing) => timing.meetsTarget) && within(targets, maxColdMs, maxWarmMs),
  };
}

/** `--browser` or `--node` runs one half only. */
async function main(): Promise<void> {
  const only = process.argv.find((arg) => arg === "--browser" || arg === "--node");
  const node = only === "--browser" ? null : await benchNode();
  const browser = only === "--node" ? null : await benchBrowser();
  const halves = [node, browser].filter((half) => half !== null);
  const report = {
    commit: gitCommit(),
    node,
    browser,
    meetsTarget: halves.every((half) => half.meetsTarget),
  };
  console.log(JSON.stringify(report, null, 2));
}

await main();
