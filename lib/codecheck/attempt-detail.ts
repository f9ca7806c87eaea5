/**
 * The review-log detail of a coding-exercise attempt as the server takes it
 * from the page. `solutionShown` is the server's to say: it is true only in
 * the log row written when the server handed out the solution.
 */
import { z } from "zod";
import { type AttemptDetail, MAX_CASE_NAME_CHARS, MAX_LOGGED_FAILED_CASES, MAX_LOGGED_RUNS } from "./browser/attempt";

/** More than any exercise has; the page cannot show more hints than exist. */
const MAX_HINTS_SHOWN = 20;
const MAX_EXERCISE_ID_CHARS = 100;

export const attemptDetailSchema = z.strictObject({
  exerciseId: z.string().min(1).max(MAX_EXERCISE_ID_CHARS),
  runs: z
    .array(
      z.strictObject({
        status: z.enum(["pass", "fail", "error", "not-attempted"]),
        failedCases: z.array(z.string().max(MAX_CASE_NAME_CHARS)).max(MAX_LOGGED_FAILED_CASES),
      }),
    )
    .max(MAX_LOGGED_RUNS),
  hintsShown: z.number().int().min(0).max(MAX_HINTS_SHOWN),
  solutionShown: z.boolean(),
});

/** The page's detail of an attempt at `exerciseId`, with the server's `solutionShown`; null if malformed. */
export function readAttemptDetail(value: unknown, exerciseId: string, solutionShown: boolean): AttemptDetail | null {
  const parsed = attemptDetailSchema.safeParse(value);
  if (!parsed.success || parsed.data.exerciseId !== exerciseId) return null;
  return { ...parsed.data, solutionShown };
}
