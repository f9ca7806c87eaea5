import "server-only";
import { type DayContext, learnerDayKey } from "@/lib/srs/day";
import type { DailyLimits } from "@/lib/srs/queue";
import type { Locale } from "@/lib/content/schema";
import type { Db } from "./db";
import type { User } from "./generated/prisma/client";

const LOCAL_LEARNER_KIND = "local";

/**
 * Until accounts exist, one local learner owns all progress. Created on first
 * start; every per-user row already carries its id.
 */
export async function ensureLocalLearner(db: Db): Promise<User> {
  const existing = await db.user.findFirst({ where: { kind: LOCAL_LEARNER_KIND }, orderBy: { createdAt: "asc" } });
  if (existing) return existing;
  return db.user.create({ data: { kind: LOCAL_LEARNER_KIND, name: "Local learner" } });
}

/**
 * On the first sign-up, the local learner's schedule and review log become
 * the new account's, with its settings; the local learner is then removed.
 * Later sign-ups find no local learner and change nothing.
 */
export async function adoptLocalLearner(db: Db, accountUserId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const local = await tx.user.findFirst({ where: { kind: LOCAL_LEARNER_KIND } });
    if (!local || local.id === accountUserId) return false;
    await tx.itemState.updateMany({ where: { userId: local.id }, data: { userId: accountUserId } });
    await tx.reviewLog.updateMany({ where: { userId: local.id }, data: { userId: accountUserId } });
    await tx.reviewAggregate.updateMany({ where: { userId: local.id }, data: { userId: accountUserId } });
    await tx.user.update({
      where: { id: accountUserId },
      data: {
        kind: "account",
        locale: local.locale,
        timeZone: local.timeZone,
        dayStartHour: local.dayStartHour,
        newPerDay: local.newPerDay,
        maxReviewsPerDay: local.maxReviewsPerDay,
        enrolledContentVersion: local.enrolledContentVersion,
      },
    });
    await tx.user.delete({ where: { id: local.id } });
    return true;
  });
}

export function dayContextOf(user: Pick<User, "timeZone" | "dayStartHour">): DayContext {
  return { timeZone: user.timeZone, dayStartHour: user.dayStartHour };
}

/** Most extra new items a learner can add for one day. */
export const MAX_EXTRA_NEW_PER_DAY = 200;

/**
 * The learner's daily limits on the learner day `dayKey`: their settings,
 * plus a one-day raise of the new-item limit if it was given for that day.
 * Every page that says what is due today reads its limits from here.
 */
export function limitsOf(
  user: Pick<User, "newPerDay" | "maxReviewsPerDay" | "extraNewDayKey" | "extraNewCount">,
  dayKey: string,
): DailyLimits {
  const extra = user.extraNewDayKey === dayKey ? user.extraNewCount : 0;
  return { newPerDay: user.newPerDay + extra, maxReviewsPerDay: user.maxReviewsPerDay };
}

/** Adds `extra` new items to today's limit only (like Anki's "increase today's new card limit"). */
export async function raiseNewLimitToday(db: Db, userId: string, now: Date, extra: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { timeZone: true, dayStartHour: true, extraNewDayKey: true, extraNewCount: true },
    });
    const dayKey = learnerDayKey(now, dayContextOf(user));
    const already = user.extraNewDayKey === dayKey ? user.extraNewCount : 0;
    await tx.user.update({
      where: { id: userId },
      data: { extraNewDayKey: dayKey, extraNewCount: Math.min(MAX_EXTRA_NEW_PER_DAY, already + extra) },
    });
  });
}

export async function updateLocale(db: Db, userId: string, locale: Locale): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } });
}
