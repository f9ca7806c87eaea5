/**
 * Times the reference check of every coding exercise in Node: cold (fresh
 * worker thread, tfjs load included) and warm (second check in the same
 * worker), then in headless chromium through the real sandbox: cold (iframe,
 * blob: worker and tfjs load included) and warm (second run in that iframe).
 * The browser half builds the sandbox bundle first (scripts/build-sandbox.mjs,
 * so it always measures the current code), then serves it and the sandbox
 * document from a small node:http server. Prints JSON.
 *
 *   npm run bench:codecheck
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import {
  SANDBOX_HOST_SCRIPT,
  SANDBOX_PATH,
  sandboxDocument,
  sandboxHeaders,
} from "../lib/codecheck/browser/sandbox-document";
import { CODE_EXERCISES } from "../lib/codecheck/exercises/index";
import { NodeCheckRunner } from "../lib/codecheck/node-runner";

const TARGET_WARM_MS = 200;
const TARGET_COLD_MS = 1500;
/** Generous: the bench measures, the timeout must not distort it. */
const BENCH_TIMEOUT_MS = 60_000;

interface ExerciseTiming {
  coldMs: number;
  warmMs: number;
  status: string;
  meetsTarget: boolean;
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
    const status = cold.status === warm.status ? warm.status : `${cold.status}/${warm.status}`;
    return {
      coldMs: Math.round(coldMs),
      warmMs: Math.round(warmMs),
      status,
      meetsTarget: status === "pass" && coldMs < TARGET_COLD_MS && warmMs < TARGET_WARM_MS,
    };
  } finally {
    await runner.close();
  }
}

interface BrowserTiming {
  cold: { ms: number; status: string };
  warm: { ms: number; status: string };
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
  const { result, killed } = await client.run(id, source, "en", limitMs);
  return { ms: performance.now() - started, status: killed ? "killed" : result.status };
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

async function serveSandbox(): Promise<{ origin: string; close: () => Promise<void> }> {
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
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function benchBrowser(): Promise<unknown> {
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
      const status =
        timing.cold.status === timing.warm.status ? timing.warm.status : `${timing.cold.status}/${timing.warm.status}`;
      exercises[exercise.id] = {
        coldMs: Math.round(timing.cold.ms),
        warmMs: Math.round(timing.warm.ms),
        status,
        meetsTarget: status === "pass" && timing.cold.ms < TARGET_COLD_MS && timing.warm.ms < TARGET_WARM_MS,
      };
    }
    const timings = Object.values(exercises);
    return {
      runtime: `chromium ${browser.version()} (headless)`,
      backend: "cpu (@tensorflow/tfjs 4.22.0) in a blob: Web Worker of a sandboxed iframe",
      targets: { warmMs: TARGET_WARM_MS, coldMs: TARGET_COLD_MS },
      method:
        "cold = new sandbox iframe (reference and learner blob: workers + tfjs) + first run (expectations computed); warm = second run in that iframe (cached expectations, a pre-booted pristine learner worker); one untimed warm-up of the browser first",
      exercises,
      maxColdMs: Math.max(...timings.map((timing) => timing.coldMs)),
      maxWarmMs: Math.max(...timings.map((timing) => timing.warmMs)),
      meetsTarget: timings.every((timing) => timing.meetsTarget),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

async function benchNode(): Promise<unknown> {
  const exercises: Record<string, ExerciseTiming> = {};
  for (const exercise of CODE_EXERCISES) {
    exercises[exercise.id] = await timeExercise(exercise.id, exercise.reference);
  }
  const timings = Object.values(exercises);
  return {
    runtime: `node ${process.version}`,
    backend: "cpu (@tensorflow/tfjs 4.22.0)",
    targets: { warmMs: TARGET_WARM_MS, coldMs: TARGET_COLD_MS },
    exercises,
    maxColdMs: Math.max(...timings.map((timing) => timing.coldMs)),
    maxWarmMs: Math.max(...timings.map((timing) => timing.warmMs)),
    meetsTarget: timings.every((timing) => timing.meetsTarget),
  };
}

/** `--browser` or `--node` runs one half only. */
async function main(): Promise<void> {
  const only = process.argv.find((arg) => arg === "--browser" || arg === "--node");
  const report = {
    node: only === "--browser" ? null : await benchNode(),
    browser: only === "--node" ? null : await benchBrowser(),
  };
  console.log(JSON.stringify(report, null, 2));
}

await main();
