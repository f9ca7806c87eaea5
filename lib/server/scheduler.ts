import "server-only";
/**
 * The learner's scheduler: which one runs their reviews (SM-2 or FSRS, with
 * their FSRS weights and desired retention), and what a switch does to
 * their schedule. SM-2 → FSRS gives every active item a memory state, from
 * its review log where it has one, else from its SM-2 interval and ease;
 * due dates stay as they are. FSRS → SM-2 changes nothing: FSRS reviews
 * kept the SM-2 columns (repetitions, interval, ease) current.
 */
import { type DayContext } from "@/lib/srs/day";
import {
  DEFAULT_FSRS_WEIGHTS,
  DEFAULT_MAXIMUM_INTERVAL_DAYS,
  type FsrsMemory,
  type FsrsParams,
  type PastReview,
  type ReplayStart,
  SCHEDULER_NAMES,
  SM2_HISTORICAL_RETENTION,
  SM2_SCHEDULER,
  type SchedulerChoice,
  type SchedulerName,
  checkFsrsParams,
  fsrsStateFromHistory,
  fsrsStateFromSm2,
} from "@/lib/srs/fsrs";
import { isQuality } from "@/lib/srs/sm2";
import type { Db } from "./db";
import type { User } from "./generated/prisma/client";
import { type MemoryUpdate, writeMemoryStates } from "./sql/scheduler";

/** The review kinds that changed an item's schedule: what a replay runs through (practice and drills did not). */
const REPLAYED_KINDS = ["new", "review", "relearn"];

export function isSchedulerName(value: string): value is SchedulerName {
  return (SCHEDULER_NAMES as readonly string[]).includes(value);
}

/** User.fsrsWeights as numbers: null (FSRS-6's defaults) or a JSON array ts-fsrs accepts. */
export function parseFsrsWeights(json: string | null): readonly number[] {
  if (json === null) return DEFAULT_FSRS_WEIGHTS;
  let value: unknown;
  try {
    value = JSON.parse(json) as unknown;
  } catch {
    throw new Error(`Corrupt User.fsrsWeights in the database: not JSON (${json.slice(0, 40)})`);
  }
  if (!Array.isArray(value) || !value.every((w): w is number => typeof w === "number"))
    throw new Error("Corrupt User.fsrsWeights in the database: expected a JSON array of numbers");
  return value;
}

type SchedulerColumns = Pick<User, "scheduler" | "desiredRetention" | "fsrsWeights">;

/** The FSRS parameters of a learner: their weights (or the defaults) and desired retention. */
export function fsrsParamsOf(user: Pick<User, "desiredRetention" | "fsrsWeights">): FsrsParams {
  return checkFsrsParams({
    weights: parseFsrsWeights(user.fsrsWeights),
    desiredRetention: user.desiredRetention,
    maximumIntervalDays: DEFAULT_MAXIMUM_INTERVAL_DAYS,
  });
}

/** The scheduler a learner's stored settings choose. */
export function schedulerOf(user: SchedulerColumns): SchedulerChoice {
  if (!isSchedulerName(user.scheduler))
    throw new Error(
      `Corrupt User.scheduler "${user.scheduler}" in the database; expected one of ${SCHEDULER_NAMES.join(", ")}`,
    );
  return user.scheduler === "fsrs" ? { name: "fsrs", params: fsrsParamsOf(user) } : SM2_SCHEDULER;
}

type SwitchTx = Pick<Db, "itemState" | "reviewLog" | "$executeRaw">;

interface LoggedReview {
  itemId: string;
  quality: number;
  reviewedAt: Date;
  statusBefore: string;
  intervalBefore: number;
  easeBefore: number;
  lastReviewedBefore: Date | null;
}

/**
 * The memory state an item's log gives: replayed from its latest start as a
 * new item; a log that begins after the item was learned (imported, or
 * scheduled by hand) starts from the SM-2 state its first row records.
 */
function memoryFromLog(rows: readonly LoggedReview[], day: DayContext, params: FsrsParams): FsrsMemory | null {
  let from = 0;
  rows.forEach((row, i) => {
    if (row.statusBefore === "new") from = i;
  });
  const replayed = rows.slice(from);
  const first = replayed[0];
  if (!first) return null;
  const start: ReplayStart | null =
    first.statusBefore === "new"
      ? null
      : {
          memory: fsrsStateFromSm2(first.intervalBefore, first.easeBefore, SM2_HISTORICAL_RETENTION, params.weights),
          lastReviewedAt: first.lastReviewedBefore,
          intervalDays: first.intervalBefore,
        };
  const reviews: PastReview[] = replayed.map((row) => {
    if (!isQuality(row.quality)) throw new Error(`Corrupt ReviewLog.quality ${row.quality} of item ${row.itemId}`);
    return { quality: row.quality, reviewedAt: row.reviewedAt };
  });
  return fsrsStateFromHistory(reviews, day, params, start);
}

/**
 * SM-2 → FSRS, in the caller's transaction: every active item of the
 * learner gets a memory state, replayed from its review log (not undone
 * rows, not practice or drills) where it has any, else seeded from its SM-2
 * interval and ease (fsrsStateFromSm2 at SM-2's historical retention).
 * Due dates, intervals and eases are left as they are. Returns how many
 * items were given a state.
 */
export async function seedFsrsStates(
  tx: SwitchTx,
  userId: string,
  day: DayContext,
  params: FsrsParams,
): Promise<number> {
  const states = await tx.itemState.findMany({
    where: { userId, status: "active" },
    select: { itemId: true, intervalDays: true, easePermille: true },
    orderBy: { itemId: "asc" },
  });
  if (states.length === 0) return 0;
  const logs = await tx.reviewLog.findMany({
    where: { userId, undoneAt: null, kind: { in: REPLAYED_KINDS } },
    select: {
      itemId: true,
      quality: true,
      reviewedAt: true,
      statusBefore: true,
      intervalBefore: true,
      easeBefore: true,
      lastReviewedBefore: true,
    },
    orderBy: [{ itemId: "asc" }, { reviewedAt: "asc" }, { id: "asc" }],
  });
  const byItem = new Map<string, LoggedReview[]>();
  for (const row of logs) {
    const list = byItem.get(row.itemId);
    if (list) list.push(row);
    else byItem.set(row.itemId, [row]);
  }
  const updates: MemoryUpdate[] = states.map((state) => {
    const memory =
      memoryFromLog(byItem.get(state.itemId) ?? [], day, params) ??
      fsrsStateFromSm2(state.intervalDays, state.easePermille, SM2_HISTORICAL_RETENTION, params.weights);
    return { itemId: state.itemId, ...memory };
  });
  await writeMemoryStates(tx, userId, updates);
  return updates.length;
}
