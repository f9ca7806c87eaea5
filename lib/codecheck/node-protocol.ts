/** Messages between the Node runner and its worker thread (structured-clone data only). */
import type { Locale } from "./run-checks";
import type { CheckResult } from "./types";

export interface WorkerRequest {
  jobId: number;
  exerciseId: string;
  source: string;
  seed?: number;
  locale?: Locale;
}

export type WorkerReply = { type: "ready" } | { type: "result"; jobId: number; result: CheckResult };
