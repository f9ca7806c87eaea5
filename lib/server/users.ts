import "server-only";
import type { DayContext } from "@/lib/srs/day";
import type { DailyLimits } from "@/lib/srs/queue";
import type { Locale } from "@/lib/content/schema";
import type { Db } from "./db";
import type { User } from "./generated/prisma/client";

export const LOCAL_LEARNER_KIND = "local";

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

export function limitsOf(user: Pick<User, "newPerDay" | "maxReviewsPerDay">): DailyLimits {
  return { newPerDay: user.newPerDay, maxReviewsPerDay: user.maxReviewsPerDay };
}

export async function updateLocale(db: Db, userId: string, locale: Locale): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } });
}
