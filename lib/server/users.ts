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

export async function fetchUser(db: Db, userId: string): Promise<User | null> {
  return db.user.findUnique({ where: { id: userId } });
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
