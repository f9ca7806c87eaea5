import "server-only";
/**
 * The coding-exercise aggregate: the list with each learner's last result,
 * the schedule facts the code page needs (is the item due, at which version),
 * and on-demand practice ("drill") rows that never change SM-2 state. Every
 * query is scoped to the learner passed in.
 */
import { z } from "zod";
import { listCodeExercises } from "@/lib/codecheck/catalog";
import type { CodeExerciseMeta } from "@/lib/codecheck/types";
import { queueSectionOf } from "@/lib/srs/queue";
import type { Db } from "./db";
import { NotFoundError } from "./errors";
import { fetchDueToday, toScheduleState } from "./reviews";
import { dayContextOf } from "./users";
import { appendReviewLog, drillLogData, findRepeatedReview } from "./review-log";
import { NEW_SCHEDULE, clampDurationMs } from "@/lib/srs/schedule";

export const CODE_ITEM_PREFIX = "code:";

export function codeItemId(exerciseId: string): string {
  return `${CODE_ITEM_PREFIX}${exerciseId}`;
}

/** The part of a review log's detail the list reads; anything else is ignored. */
const storedDetailSchema = z.object({
  runs: z.array(z.object({ status: z.string() })).max(100),
  solutionShown: z.boolean().optional(),
});

export type LastOutcome = "passed" | "not-passed";

export interface LastResult {
  outcome: LastOutcome;
  quality: number;
  /** "drill" when it was practice outside the schedule. */
  kind: string;
  reviewedAt: string;
}

export interface CodeExerciseListEntry {
  id: string;
  title: CodeExerciseMeta["title"];
  topic: CodeExerciseMeta["topic"];
  source: string;
  /** In today's review (fetchDueToday: the review's own rule and limits). */
  due: boolean;
  last: LastResult | null;
}

function outcomeOf(detail: string | null): LastOutcome {
  if (detail === null) return "not-passed";
  try {
    const parsed = storedDetailSchema.safeParse(JSON.parse(detail));
    return parsed.success && parsed.data.runs.some((run) => run.status === "pass") ? "passed" : "not-passed";
  } catch {
    return "not-passed";
  }
}

async function fetchDayContext(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true, dayStartHour: true } });
  if (!user) throw new NotFoundError("No such learner.");
  return dayContextOf(user);
}

/** Every coding exercise in the notes' order, with the learner's latest recorded result. */
export async function fetchCodeExerciseList(db: Db, userId: string, now: Date): Promise<CodeExerciseListEntry[]> {
  const exercises = listCodeExercises();
  const itemIds = exercises.map((exercise) => codeItemId(exercise.id));
  const [dueToday, logs] = await Promise.all([
    fetchDueToday(db, userId, itemIds, now),
    db.reviewLog.findMany({
      where: { userId, itemId: { in: itemIds }, undoneAt: null },
      orderBy: [{ reviewedAt: "desc" }, { id: "desc" }],
      distinct: ["itemId"],
      select: { itemId: true, quality: true, kind: true, reviewedAt: true, detail: true },
    }),
  ]);
  const lastById = new Map(logs.map((log) => [log.itemId, log] as const));
  return exercises.map((exercise) => {
    const itemId = codeItemId(exercise.id);
    const log = lastById.get(itemId);
    return {
      id: exercise.id,
      title: exercise.title,
      topic: exercise.topic,
      source: exercise.source,
      due: dueToday.has(itemId),
      last:
        log === undefined
          ? null
          : {
              outcome: outcomeOf(log.detail),
              quality: log.quality,
              kind: log.kind,
              reviewedAt: log.reviewedAt.toISOString(),
            },
    };
  });
}

export interface CodeSchedule {
  itemId: string;
  /** ItemState.version to send with the grade. */
  version: number;
  /** Gradable now through the review path (new, due or re-drill today). */
  due: boolean;
}

/** The learner's schedule row of one coding exercise, or null if they have none yet. */
export async function fetchCodeSchedule(
  db: Db,
  userId: string,
  exerciseId: string,
  now: Date,
): Promise<CodeSchedule | null> {
  const itemId = codeItemId(exerciseId);
  const [day, state] = await Promise.all([
    fetchDayContext(db, userId),
    db.itemState.findUnique({ where: { userId_itemId: { userId, itemId } } }),
  ]);
  if (!state || state.status === "retired") return null;
  return { itemId, version: state.version, due: queueSectionOf(toScheduleState(state), now, day) !== null };
}

export interface DrillInput {
  /** Client-generated: a repeat is a no-op. */
  reviewId: string;
  exerciseId: string;
  quality: number;
  durationMs: number;
  detail: unknown;
}

/**
 * Logs practice outside the schedule as a "drill" row: before and after are
 * the current state (the defaults of a new item when the learner has no row
 * yet), so SM-2 state is untouched; undo never reaches drills. A repeated
 * review id is a no-op; one used by another learner or item is refused.
 */
export async function recordCodeDrill(
  db: Db,
  userId: string,
  input: DrillInput,
  now: Date,
): Promise<{ recorded: boolean }> {
  const itemId = codeItemId(input.exerciseId);
  return db.$transaction(async (tx) => {
    if (await findRepeatedReview(tx, input.reviewId, userId, itemId)) return { recorded: true };
    const item = await tx.item.findUnique({ where: { id: itemId }, select: { retiredAt: true } });
    if (!item || item.retiredAt !== null) throw new NotFoundError(`No coding exercise "${input.exerciseId}".`);
    const state = (await tx.itemState.findUnique({ where: { userId_itemId: { userId, itemId } } })) ?? NEW_SCHEDULE;
    await appendReviewLog(
      tx,
      drillLogData({
        id: input.reviewId,
        userId,
        itemId,
        quality: input.quality,
        reviewedAt: now,
        durationMs: clampDurationMs(input.durationMs),
        state,
        detail: input.detail,
      }),
    );
    return { recorded: true };
  });
}
