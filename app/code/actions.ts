"use server";

import { z } from "zod";
import { readAttemptDetail } from "@/lib/codecheck/attempt-detail";
import { QUALITY_SOLUTION_SHOWN } from "@/lib/codecheck/browser/attempt";
import { findCodeExercise } from "@/lib/codecheck/catalog";
import { requireUser } from "@/lib/server/auth";
import { renderMarkdown } from "@/lib/content/markdown";
import { codeItemId, recordCodeDrill } from "@/lib/server/code-exercises";
import { getDb } from "@/lib/server/db";
import type { DomainErrorCode } from "@/lib/server/errors";
import {
  type Failure,
  describeIssues,
  detailSchema,
  durationMsSchema,
  expectedFailure,
  reviewIdSchema,
} from "@/lib/server/action-input";
import { gradeItem } from "@/lib/server/reviews";

const exerciseIdSchema = z.string().min(1).max(100);
const NOT_THIS_ATTEMPT = "detail: not an attempt (runs, hints) at this exercise";

const drillSchema = z.strictObject({
  reviewId: reviewIdSchema,
  exerciseId: exerciseIdSchema,
  quality: z.number().int().min(0).max(5),
  durationMs: durationMsSchema,
  detail: detailSchema,
});

export type DrillResult = { ok: true; recorded: boolean } | Failure;

/**
 * Logs practice outside the schedule ("drill"); SM-2 state is never changed
 * here. A drill sent by the page never counts as "solution shown": only
 * revealCodeSolutionAction records that.
 */
export async function recordDrillAction(input: unknown): Promise<DrillResult> {
  const user = await requireUser();
  const parsed = drillSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid-input", detail: describeIssues(parsed.error) };
  const { exerciseId } = parsed.data;
  if (findCodeExercise(exerciseId) === undefined) {
    return { ok: false, code: "invalid-input", detail: `exerciseId: unknown exercise "${exerciseId}"` };
  }
  const detail = readAttemptDetail(parsed.data.detail, exerciseId, false);
  if (detail === null) return { ok: false, code: "invalid-input", detail: NOT_THIS_ATTEMPT };
  try {
    const { recorded } = await recordCodeDrill(getDb(), user.id, { ...parsed.data, detail }, new Date());
    return { ok: true, recorded };
  } catch (error) {
    return expectedFailure(error);
  }
}

const revealSchema = z.strictObject({
  reviewId: reviewIdSchema,
  exerciseId: exerciseIdSchema,
  /** Present when the attempt is today's review of the item; otherwise it is practice. */
  review: z.strictObject({ itemId: z.string().min(1).max(200), expectedVersion: z.number().int().min(0) }).nullable(),
  durationMs: durationMsSchema,
  detail: detailSchema,
});

export type SolutionRecord = { kind: "review" | "drill"; quality: number } | { kind: "none" };

export type RevealResult =
  { ok: true; reference: string; recorded: SolutionRecord } | { ok: false; code: DomainErrorCode; detail: string };

/**
 * The reference solution, which the code page does not otherwise receive.
 * Handing it out ends the attempt `reviewId` as "solution shown" with quality
 * QUALITY_SOLUTION_SHOWN — in the schedule for a review, as a drill for
 * practice. Attempts are idempotent by `reviewId`, so once an attempt was
 * recorded (passed, given up, or this), later grades of it change nothing,
 * and asking for the solution after a pass records nothing new.
 */
export async function revealCodeSolutionAction(input: unknown): Promise<RevealResult> {
  const user = await requireUser();
  const parsed = revealSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid-input", detail: describeIssues(parsed.error) };
  const { reviewId, exerciseId, review, durationMs } = parsed.data;
  const exercise = findCodeExercise(exerciseId);
  if (exercise === undefined) return { ok: false, code: "not-found", detail: `unknown exercise "${exerciseId}"` };
  const detail = readAttemptDetail(parsed.data.detail, exerciseId, true);
  if (detail === null || (review !== null && review.itemId !== codeItemId(exerciseId))) {
    return { ok: false, code: "invalid-input", detail: NOT_THIS_ATTEMPT };
  }
  const db = getDb();
  const now = new Date();
  let recorded: SolutionRecord;
  try {
    if (review !== null) {
      const graded = await gradeItem(
        db,
        user.id,
        {
          reviewId,
          itemId: review.itemId,
          quality: QUALITY_SOLUTION_SHOWN,
          expectedVersion: review.expectedVersion,
          durationMs,
          detail,
        },
        now,
      );
      recorded = { kind: "review", quality: graded.quality };
    } else {
      const drill = await recordCodeDrill(
        db,
        user.id,
        { reviewId, exerciseId, quality: QUALITY_SOLUTION_SHOWN, durationMs, detail },
        now,
      );
      recorded = drill.recorded ? { kind: "drill", quality: QUALITY_SOLUTION_SHOWN } : { kind: "none" };
    }
  } catch (error) {
    return expectedFailure(error);
  }
  return { ok: true, reference: exercise.reference, recorded };
}

const taskSchema = z.strictObject({ exerciseId: z.string().min(1).max(100), locale: z.enum(["zh", "en"]) });

export type TaskResult =
  { ok: true; taskHtml: string } | { ok: false; code: "invalid-input" | "not-found"; detail: string };

/** The task of a coding exercise as HTML, for the review card (the payload in the queue carries no task). */
export async function fetchCodeTaskAction(input: unknown): Promise<TaskResult> {
  await requireUser();
  const parsed = taskSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid-input", detail: describeIssues(parsed.error) };
  const exercise = findCodeExercise(parsed.data.exerciseId);
  if (exercise === undefined)
    return { ok: false, code: "not-found", detail: `unknown exercise "${parsed.data.exerciseId}"` };
  return { ok: true, taskHtml: renderMarkdown(exercise.task[parsed.data.locale]) };
}
