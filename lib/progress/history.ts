/**
 * One item's history: the recorded attempts, read back from ReviewLog.detail.
 * Computed exercises (lib/exercises/grading.ts) write
 * { generatorId, seed, attempts: [{ input, correct }], hintsShown, solutionShown };
 * coding exercises (lib/codecheck/attempt-detail.ts) write
 * { exerciseId, runs: [{ status, failedCases }], hintsShown, solutionShown }.
 * Parsed defensively: an old or foreign record yields what it holds, never throws.
 */
import type { Locale } from "../locale";

const INTL_LOCALES: Record<Locale, string> = { zh: "zh-CN", en: "en" };

/**
 * An instant as the learner's wall clock shows it, in their time zone (never
 * the zone of the server or the browser); the page names the zone beside it.
 */
export function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(iso),
  );
}

/** A date label "YYYY-MM-DD" (a learner day) in the UI language, e.g. "10 Mar" / "3月10日". */
export function formatDayKey(key: string, locale: Locale, options: Intl.DateTimeFormatOptions): string {
  // The key names a calendar date, not an instant: read and format it in UTC so no zone shifts it.
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { ...options, timeZone: "UTC" }).format(
    new Date(`${key}T00:00:00Z`),
  );
}

export interface AttemptInput {
  input: string;
  correct: boolean | null;
}

export interface AttemptView {
  generatorId: string | null;
  seed: number | null;
  inputs: AttemptInput[];
  hintsShown: number;
  solutionShown: boolean;
  /** "solved" if an answer was right, "wrong" if answers were given but none was, else "none". */
  verdict: "solved" | "wrong" | "none";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseAttempt(detail: string | null): AttemptView | null {
  if (!detail) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(detail);
  } catch {
    return null;
  }
  if (!isRecord(raw)) return null;
  const attempts = Array.isArray(raw.attempts) ? raw.attempts : [];
  const inputs: AttemptInput[] = attempts.filter(isRecord).map((a) => ({
    input: typeof a.input === "string" ? a.input : JSON.stringify(a.input ?? null),
    correct: typeof a.correct === "boolean" ? a.correct : null,
  }));
  if (inputs.length === 0 && typeof raw.input === "string")
    inputs.push({ input: raw.input, correct: typeof raw.correct === "boolean" ? raw.correct : null });
  const seed = typeof raw.seed === "number" && Number.isFinite(raw.seed) ? raw.seed : null;
  let verdict: AttemptView["verdict"] = "none";
  if (typeof raw.verdict === "string")
    verdict = raw.verdict === "correct" || raw.verdict === "solved" ? "solved" : "wrong";
  else if (inputs.some((i) => i.correct === true)) verdict = "solved";
  else if (inputs.length > 0) verdict = "wrong";
  return {
    generatorId: typeof raw.generatorId === "string" ? raw.generatorId : null,
    seed,
    inputs,
    hintsShown: typeof raw.hintsShown === "number" ? raw.hintsShown : 0,
    solutionShown: raw.solutionShown === true,
    verdict,
  };
}

/** What one run of a coding exercise's checks ended with; "unknown" for a status this version does not know. */
export type CodeRunStatus = "pass" | "fail" | "error" | "not-attempted" | "unknown";

const CODE_RUN_STATUSES: readonly string[] = ["pass", "fail", "error", "not-attempted"];

export interface CodeRunView {
  status: CodeRunStatus;
  /** Names of the cases that did not pass (as many as were logged). */
  failedCases: string[];
}

export interface CodeAttemptView {
  runs: CodeRunView[];
  hintsShown: number;
  solutionShown: boolean;
  /** "passed" if a run passed, "failed" if code was run and none passed, else "none". */
  verdict: "passed" | "failed" | "none";
}

function parseJsonRecord(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null;
  try {
    const raw: unknown = JSON.parse(detail);
    return isRecord(raw) ? raw : null;
  } catch {
    return null;
  }
}

export function parseCodeAttempt(detail: string | null): CodeAttemptView | null {
  const raw = parseJsonRecord(detail);
  if (!raw) return null;
  const runs: CodeRunView[] = (Array.isArray(raw.runs) ? raw.runs : []).filter(isRecord).map((r) => ({
    status:
      typeof r.status === "string" && CODE_RUN_STATUSES.includes(r.status) ? (r.status as CodeRunStatus) : "unknown",
    failedCases: Array.isArray(r.failedCases) ? r.failedCases.filter((c): c is string => typeof c === "string") : [],
  }));
  const tried = runs.filter((r) => r.status !== "not-attempted");
  return {
    runs,
    hintsShown: typeof raw.hintsShown === "number" && Number.isFinite(raw.hintsShown) ? raw.hintsShown : 0,
    solutionShown: raw.solutionShown === true,
    verdict: runs.some((r) => r.status === "pass") ? "passed" : tried.length > 0 ? "failed" : "none",
  };
}
