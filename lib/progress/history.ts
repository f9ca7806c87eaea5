/**
 * One item's history: the recorded exercise attempts, read back from
 * ReviewLog.detail (written by lib/exercises/grading.ts as
 * { generatorId, seed, attempts: [{ input, correct }], hintsShown, solutionShown }).
 * Parsed defensively: an old or foreign record yields what it holds, never throws.
 */

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
