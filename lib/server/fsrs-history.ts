import "server-only";
/**
 * The learner's review log as FSRS sees it (lib/srs/review-history.ts),
 * read for the parameter fit and the scheduler lab. Every query is scoped to
 * the learner.
 */
import { type CardHistory, groupCardHistories } from "@/lib/srs/review-history";
import type { Db } from "./db";
import { NotFoundError } from "./errors";
import { type PackedHistoryRow, fsrsHistorySql, unpackHistoryRows } from "./sql/fsrs";

export interface LearnerFsrsSettings {
  timeZone: string;
  dayStartHour: number;
  newPerDay: number;
  scheduler: string;
  desiredRetention: number;
  fsrsWeights: string | null;
}

export async function fetchLearnerFsrsSettings(db: Db, userId: string): Promise<LearnerFsrsSettings> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      timeZone: true,
      dayStartHour: true,
      newPerDay: true,
      scheduler: true,
      desiredRetention: true,
      fsrsWeights: true,
    },
  });
  if (!user) throw new NotFoundError("No such learner.");
  return user;
}

/** Each card's reviews that count for FSRS: not undone, not practice re-drills or drills. */
export async function fetchCardHistories(
  db: Db,
  userId: string,
  settings: LearnerFsrsSettings,
): Promise<CardHistory[]> {
  const rows = await db.$queryRaw<PackedHistoryRow[]>(fsrsHistorySql(userId));
  return groupCardHistories(unpackHistoryRows(rows), {
    timeZone: settings.timeZone,
    dayStartHour: settings.dayStartHour,
  });
}
