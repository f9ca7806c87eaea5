import "server-only";
import type { DayContext } from "@/lib/srs/day";
import type { DailyLimits } from "@/lib/srs/queue";
import type { Db } from "../db";
import { NotFoundError } from "../errors";

/** Whose figures, at which instant, in which learner days and under which daily limits. */
export interface ProgressContext {
  userId: string;
  now: Date;
  day: DayContext;
  limits: DailyLimits;
}

/** The learner's day settings alone (item history, export: no `now` involved). */
export async function fetchLearnerDay(db: Db, userId: string): Promise<DayContext> {
  return (await fetchProgressContext(db, userId, new Date(0))).day;
}

export async function fetchProgressContext(db: Db, userId: string, now: Date): Promise<ProgressContext> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { timeZone: true, dayStartHour: true, newPerDay: true, maxReviewsPerDay: true },
  });
  if (!user) throw new NotFoundError("No such learner.");
  return {
    userId,
    now,
    day: { timeZone: user.timeZone, dayStartHour: user.dayStartHour },
    limits: { newPerDay: user.newPerDay, maxReviewsPerDay: user.maxReviewsPerDay },
  };
}
