import "server-only";
/**
 * The account aggregate: a learner's settings, the export of everything that
 * is theirs, and deleting it all. Every query is scoped to the id passed in.
 */
import { z } from "zod";
import { isValidTimeZone } from "@/lib/srs/day";
import type { Db } from "./db";

export const settingsSchema = z.strictObject({
  locale: z.enum(["zh", "en"], "must be zh or en"),
  timeZone: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(64)
    .refine(isValidTimeZone, "must be an IANA time zone such as Asia/Shanghai"),
  dayStartHour: z.coerce
    .number("must be a number")
    .int("must be a whole hour")
    .min(0, "must be 0–23")
    .max(23, "must be 0–23"),
  newPerDay: z.coerce
    .number("must be a number")
    .int("must be a whole number")
    .min(0, "must be 0–1000")
    .max(1000, "must be 0–1000"),
  maxReviewsPerDay: z.coerce
    .number("must be a number")
    .int("must be a whole number")
    .min(0, "must be 0–10000")
    .max(10_000, "must be 0–10000"),
});

export type Settings = z.infer<typeof settingsSchema>;

export async function fetchSettings(db: Db, userId: string): Promise<Settings & { email: string | null }> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, locale: true, timeZone: true, dayStartHour: true, newPerDay: true, maxReviewsPerDay: true },
  });
  return { ...user, locale: user.locale === "en" ? "en" : "zh" };
}

export async function updateSettings(db: Db, userId: string, settings: Settings): Promise<void> {
  await db.user.update({ where: { id: userId }, data: settings });
}

/** Everything stored about the learner, as plain JSON (no password hash, no session tokens). */
export async function exportAccount(db: Db, userId: string) {
  const [user, states, reviews] = await Promise.all([
    db.user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        id: true,
        email: true,
        name: true,
        locale: true,
        timeZone: true,
        dayStartHour: true,
        newPerDay: true,
        maxReviewsPerDay: true,
        createdAt: true,
      },
    }),
    db.itemState.findMany({ where: { userId }, orderBy: { itemId: "asc" } }),
    db.reviewLog.findMany({ where: { userId }, orderBy: [{ reviewedAt: "asc" }, { id: "asc" }] }),
  ]);
  return {
    format: "dl-study-export",
    version: 1,
    user,
    schedule: states.map(({ userId: _u, ...s }) => s),
    reviews: reviews.map(({ userId: _u, detail, ...r }) => ({
      ...r,
      detail: detail ? (JSON.parse(detail) as unknown) : null,
    })),
  };
}

/** Deletes the learner and, by cascade, their sessions, credentials, schedule and review log. */
export async function deleteAccount(db: Db, userId: string): Promise<void> {
  await db.user.delete({ where: { id: userId } });
}
