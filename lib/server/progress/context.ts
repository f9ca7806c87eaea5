import "server-only";
import type { DayContext } from "@/lib/srs/day";
import type { DailyLimits } from "@/lib/srs/queue";
import type { Db } from "../db";
import { NotFoundError } from "../errors";
import { type LearnerToday, fetchLearnerToday } from "../reviews";

/**
 * Whose figures, at which instant, in which learner days, under which daily
 * limits (the settings, for the days ahead), and today as the review sees it
 * (fetchLearnerToday: the same counts and limits left).
 */
export interface ProgressContext {
  userId: string;
  now: Date;
  day: DayContext;
  limits: DailyLimits;
  today: LearnerToday;
}

/** The learner's day settings alone (item history, export: no `now` involved). */
export async function fetchLearnerDay(db: Db, userId: string): Promise<DayContext> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { timeZone: true, dayStartHour: true } });
  if (!user) throw new NotFoundError("No such learner.");
  return { timeZone: user.timeZone, dayStartHour: user.dayStartHour };
}

export async function fetchProgressContext(db: Db, userId: string, now: Date): Promise<ProgressContext> {
  const [user, today] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { newPerDay: true, maxReviewsPerDay: true } }),
    fetchLearnerToday(db, userId, now),
  ]);
  if (!user) throw new NotFoundError("No such learner.");
  return {
    userId,
    now,
    day: today.day,
    limits: { newPerDay: user.newPerDay, maxReviewsPerDay: user.maxReviewsPerDay },
    today,
  };
}
