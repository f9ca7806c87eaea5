"use server";

import { z } from "zod";
import { findCodeExercise } from "@/lib/codecheck/catalog";
import { requireUser } from "@/lib/server/auth";
import { renderMarkdown } from "@/lib/content/markdown";
import { recordCodeDrill } from "@/lib/server/code-exercises";
import { getDb } from "@/lib/server/db";

const MAX_DETAIL_CHARS = 20_000;

const drillSchema = z.strictObject({
  reviewId: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only"),
  exerciseId: z.string().min(1).max(100),
  quality: z.number().int().min(0).max(5),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 60 * 1000),
  detail: z
    .json()
    .refine((d) => JSON.stringify(d).length <= MAX_DETAIL_CHARS, `at most ${MAX_DETAIL_CHARS} characters of JSON`),
});

export type DrillResult = { ok: true; recorded: boolean } | { ok: false; code: "invalid-input"; detail: string };

/** Logs practice outside the schedule ("drill"); SM-2 state is never changed here. */
export async function recordDrillAction(input: unknown): Promise<DrillResult> {
  const user = await requireUser();
  const parsed = drillSchema.safeParse(input);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(input)"}: ${i.message}`).join("; ");
    return { ok: false, code: "invalid-input", detail };
  }
  if (findCodeExercise(parsed.data.exerciseId) === undefined) {
    return { ok: false, code: "invalid-input", detail: `exerciseId: unknown exercise "${parsed.data.exerciseId}"` };
  }
  const { recorded } = await recordCodeDrill(getDb(), user.id, parsed.data, new Date());
  return { ok: true, recorded };
}

const taskSchema = z.strictObject({ exerciseId: z.string().min(1).max(100), locale: z.enum(["zh", "en"]) });

export type TaskResult =
  { ok: true; taskHtml: string } | { ok: false; code: "invalid-input" | "not-found"; detail: string };

/** The task of a coding exercise as HTML, for the review card (the payload in the queue carries no task). */
export async function fetchCodeTaskAction(input: unknown): Promise<TaskResult> {
  await requireUser();
  const parsed = taskSchema.safeParse(input);
  if (!parsed.success)
    return { ok: false, code: "invalid-input", detail: parsed.error.issues.map((i) => i.message).join("; ") };
  const exercise = findCodeExercise(parsed.data.exerciseId);
  if (exercise === undefined)
    return { ok: false, code: "not-found", detail: `unknown exercise "${parsed.data.exerciseId}"` };
  return { ok: true, taskHtml: renderMarkdown(exercise.task[parsed.data.locale]) };
}
