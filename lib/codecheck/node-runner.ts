/**
 * Runs checks in a `worker_threads` Worker for the project's tests and the
 * authoring CLI. `new Function` inside the worker is NOT a security boundary:
 * the worker only gives a timeout (terminated on an infinite loop) and a heap
 * limit. In the app, learner code runs only in the browser sandbox.
 */
import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./node-protocol";
import type { Locale } from "./run-checks";
import type { CheckResult } from "./types";

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_HEAP_MB = 512;
/** Spawning the thread, registering tsx and loading tfjs; not charged to the learner's timeout. */
const STARTUP_TIMEOUT_MS = 60_000;

const BOOT_URL = new URL("./node-worker-boot.mjs", import.meta.url);
const ENTRY_URL = new URL("./node-worker.ts", import.meta.url);

export interface RunnerOptions {
  maxHeapMb?: number;
}

export interface RunnerCheckOptions {
  timeoutMs?: number;
  seed?: number;
  locale?: Locale;
}

interface PendingJob {
  settle: (result: CheckResult) => void;
}

function errorResult(error: string): CheckResult {
  return { status: "error", cases: [], error };
}

/** One reusable worker, one check at a time; replaced after a timeout or a crash. */
export class NodeCheckRunner {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private pending: PendingJob | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextJobId = 1;
  private readonly maxHeapMb: number;

  constructor(options: RunnerOptions = {}) {
    this.maxHeapMb = options.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  }

  check(exerciseId: string, source: string, options: RunnerCheckOptions = {}): Promise<CheckResult> {
    const run = this.queue.then(() => this.runJob(exerciseId, source, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Starts the worker ahead of the first check (tfjs load included). */
  async warmUp(): Promise<void> {
    this.ensureWorker();
    await this.ready;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (worker !== null) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker !== null) return this.worker;
    const worker = new Worker(BOOT_URL, {
      workerData: { entry: ENTRY_URL.href },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply): void => {
        if (reply.type === "ready") {
          worker.off("message", onMessage);
          resolve();
        }
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`check worker exited during startup (code ${code})`)));
    });
    this.ready.catch(() => undefined);
    worker.on("message", (reply: WorkerReply) => {
      if (reply.type === "result") this.settle(reply.result);
    });
    worker.on("error", (error) => this.fail(worker, this.describeCrash(error)));
    worker.on("exit", (code) =>
      this.fail(worker, `The check worker exited unexpectedly (code ${code}) — does the code call process.exit?`),
    );
    // An idle worker must not keep the CLI or the test process alive.
    worker.unref();
    return worker;
  }

  private describeCrash(error: Error): string {
    const code = (error as Error & { code?: string }).code;
    if (code === "ERR_WORKER_OUT_OF_MEMORY") {
      return `Your code ran out of memory (limit ${this.maxHeapMb} MB) — is something growing without bound?`;
    }
    return `The check worker crashed: ${error.message}`;
  }

  private async runJob(exerciseId: string, source: string, options: RunnerCheckOptions): Promise<CheckResult> {
    const worker = this.ensureWorker();
    try {
      await withTimeout(this.ready ?? Promise.resolve(), STARTUP_TIMEOUT_MS, "the check worker did not start");
    } catch (error) {
      await this.close();
      return errorResult(`Could not start the check worker: ${error instanceof Error ? error.message : String(error)}`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const request: WorkerRequest = {
      jobId: this.nextJobId++,
      exerciseId,
      source,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.locale === undefined ? {} : { locale: options.locale }),
    };
    return new Promise<CheckResult>((resolve) => {
      const timer = setTimeout(() => {
        this.fail(
          worker,
          `Timed out after ${timeoutMs / 1000} s and was stopped — is there an infinite loop, or a loop that never reaches its end condition?`,
        );
      }, timeoutMs);
      this.pending = {
        settle: (result) => {
          clearTimeout(timer);
          worker.unref();
          resolve(result);
        },
      };
      worker.ref();
      worker.postMessage(request);
    });
  }

  private settle(result: CheckResult): void {
    const pending = this.pending;
    this.pending = null;
    pending?.settle(result);
  }

  /** Ends the worker (a stuck one cannot be interrupted otherwise) and reports the reason to the waiting check. */
  private fail(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.ready = null;
    void worker.terminate();
    this.settle(errorResult(message));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
