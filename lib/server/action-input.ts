import "server-only";
/**
 * What every server action shares at its edge: the zod schemas of common
 * fields, one way to turn a refused input into a value the UI shows, and one
 * way to turn an expected domain failure into a value (anything else throws
 * to error.tsx). Server actions are public endpoints: their arguments can be
 * anything a crafted request sends, so nothing here trusts their shape.
 */
import { z } from "zod";
import { DomainError, type DomainErrorCode } from "./errors";

/** A client-generated review id: a repeat of it is a no-op. */
export const reviewIdSchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only");

/** A duration as the browser measured it; the data layer clamps what it stores. */
export const durationMsSchema = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 * 60 * 1000);

/** Largest JSON detail (attempt records, check results) an action accepts. */
const MAX_DETAIL_CHARS = 20_000;
/** Deepest nesting of a JSON detail: deeper is refused before anything walks it. */
const MAX_DETAIL_DEPTH = 12;

/** Depth of a JSON value, stopping as soon as it exceeds `limit` (no recursion, so no stack overflow). */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      stack.push({ v: child, depth: depth + 1 });
    }
  }
  return false;
}

/**
 * A JSON detail bounded in depth (checked first, without recursion) and in
 * size: a body nested thousands deep is refused before zod or
 * JSON.stringify walk it recursively.
 */
export const detailSchema = z
  .unknown()
  .refine((d) => !jsonDepthExceeds(d, MAX_DETAIL_DEPTH), `nested deeper than ${MAX_DETAIL_DEPTH} levels`)
  .pipe(z.json())
  .refine((d) => JSON.stringify(d).length <= MAX_DETAIL_CHARS, `at most ${MAX_DETAIL_CHARS} characters of JSON`);

export interface Failure {
  ok: false;
  code: DomainErrorCode;
  detail: string;
}

/** "field.path: message; …" of every issue, for a refused input. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ");
}

function invalidInput(error: z.ZodError): Failure {
  return { ok: false, code: "invalid-input", detail: describeIssues(error) };
}

/** An expected failure of the data layer as a value; a bug is rethrown. */
export function expectedFailure(error: unknown): Failure {
  if (error instanceof DomainError) return { ok: false, code: error.code, detail: error.message };
  throw error;
}

/** Parses an action's argument; a refused one becomes a Failure value. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.infer<S> } | Failure {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : invalidInput(parsed.error);
}

/**
 * The named fields of a form submission as strings, or null when the
 * argument is not form data at all (a crafted call can send anything).
 * Files and missing fields become undefined.
 */
export function formFields<K extends string>(form: unknown, keys: readonly K[]): Record<K, string | undefined> | null {
  if (!(form instanceof FormData)) return null;
  const out = {} as Record<K, string | undefined>;
  for (const key of keys) {
    const value = form.get(key);
    out[key] = typeof value === "string" ? value : undefined;
  }
  return out;
}
