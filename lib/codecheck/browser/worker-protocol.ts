/**
 * Messages between the sandbox's host document and a check worker, over the
 * private MessagePort handed over in the worker's first message:
 *
 *   host ──init{port, wasmBinary}──▶ worker (on the worker's own channel, once)
 *   host ◀─ready{bootMs, backend} | boot-error{error}── worker
 *   host ──run{runId, nonce, exerciseId, source, facts}──▶ worker
 *   host ◀─outcome{runId, nonce, outcome} | failure{runId, nonce, error}── worker
 *
 * The worker sends what the learner's function returned, never a verdict;
 * the host judges it against the expectations it was built with.
 */
import type { PlainOutput } from "../compare";
import type { LearnerCaseReport, LearnerOutcome } from "../run-checks";
import type { Bilingual, PlainValue, SubCheck } from "../types";
import type { SandboxBackend } from "./protocol";

export interface InitMessage {
  type: "init";
  port: MessagePort;
  /** tfjs's wasm binary (a copy per worker); null keeps the worker on the cpu backend. */
  wasmBinary: ArrayBuffer | null;
}

/** worker → host: tfjs is loaded and locked, on this backend. */
export interface WorkerReadyMessage {
  type: "ready";
  bootMs: number;
  backend: SandboxBackend;
}

export interface LearnerRunRequest {
  type: "run";
  runId: string;
  nonce: string;
  exerciseId: string;
  source: string;
  /** The custom cases' facts from the expectations, by case index (what their verify compares with). */
  facts: PlainValue[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNumberList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === "number");
}

function readPlainOutput(value: unknown): PlainOutput | null {
  if (
    !isRecord(value) ||
    !isNumberList(value.shape) ||
    !isNumberList(value.values) ||
    typeof value.dtype !== "string"
  ) {
    return null;
  }
  return { shape: [...value.shape], values: [...value.values], dtype: value.dtype };
}

function readBilingual(value: unknown): Bilingual | null {
  return isRecord(value) && typeof value.zh === "string" && typeof value.en === "string"
    ? { zh: value.zh, en: value.en }
    : null;
}

function readFindings(value: unknown): SubCheck[] | null {
  if (!Array.isArray(value)) return null;
  const findings: SubCheck[] = [];
  for (const item of value) {
    if (!isRecord(item)) return null;
    const name = readBilingual(item.name);
    const failure = item.failure === null ? null : readBilingual(item.failure);
    if (name === null || (item.failure !== null && failure === null)) return null;
    findings.push({ name, failure });
  }
  return findings;
}

function readCaseReport(value: unknown): LearnerCaseReport | null {
  if (!isRecord(value)) return null;
  const name = readBilingual(value.name);
  if (name === null) return null;
  const leaked = typeof value.leaked === "number" && Number.isFinite(value.leaked) ? Math.max(0, value.leaked) : 0;
  const error = readBilingual(value.error);
  if (value.kind === "compare") {
    if (value.outcome === "threw" && error !== null) return { kind: "compare", name, outcome: "threw", error };
    const problem = readBilingual(value.problem);
    if (value.outcome === "unreadable" && problem !== null) {
      return { kind: "compare", name, outcome: "unreadable", problem, leaked };
    }
    const output = value.outcome === "returned" ? readPlainOutput(value.output) : null;
    return output === null ? null : { kind: "compare", name, outcome: "returned", output, leaked };
  }
  if (value.kind === "custom") {
    if (value.outcome === "threw" && error !== null) return { kind: "custom", name, outcome: "threw", error };
    const findings = value.outcome === "checked" ? readFindings(value.findings) : null;
    return findings === null ? null : { kind: "custom", name, outcome: "checked", findings };
  }
  return null;
}

/** A learner worker's outcome, rebuilt field by field; null if anything is not as the worker sends it. */
export function readLearnerOutcome(value: unknown): LearnerOutcome | null {
  if (!isRecord(value)) return null;
  if (value.kind === "not-attempted") return { kind: "not-attempted" };
  if (value.kind === "compile-error") {
    const message = readBilingual(value.message);
    if (message === null || typeof value.output !== "string") return null;
    return { kind: "compile-error", message, output: value.output };
  }
  if (value.kind !== "ran" || !isRecord(value.report)) return null;
  const { report } = value;
  if (!Array.isArray(report.cases) || typeof report.output !== "string" || typeof report.truncated !== "boolean") {
    return null;
  }
  const cases: LearnerCaseReport[] = [];
  for (const item of report.cases) {
    const read = readCaseReport(item);
    if (read === null) return null;
    cases.push(read);
  }
  return { kind: "ran", report: { cases, output: report.output, truncated: report.truncated } };
}
