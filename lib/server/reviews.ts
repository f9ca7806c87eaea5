import "server-only";
/**
 * The review aggregate: the day's queue, grading (one transaction: state and
 * review log together, refused if stale, a no-op if repeated) and undo.
 * Every query is scoped to the learner passed in.
 */
import { type DayContext, learnerDayKey, learnerDayStart } from "@/lib/srs/day";
import {
  type ItemStatus,
  type Redrill,
  type ReviewKind,
  type ReviewOutcome,
  type ScheduleState,
  ITEM_STATUSES,
  REDRILLS,
  REVIEW_KINDS,
  SCHEDULED_REVIEW_KINDS,
  clampDurationMs,
} from "@/lib/srs/schedule";
import { type SchedulerChoice, previewFor } from "@/lib/srs/fsrs";
import {
  type DoneToday,
  type QueueCandidate,
  type DailyLimits,
  type QueueEntry,
  type QueueSection,
  type RemainingLimits,
  NOTHING_DONE,
  buildQueue,
  nextWorkAt,
  queueSectionOf,
  remainingLimits,
} from "@/lib/srs/queue";
import { type Quality, QUALITIES, isQuality } from "@/lib/srs/sm2";
import type { Db } from "./db";
import { DomainError, InvalidInputError, NotFoundError, StaleStateError } from "./errors";
import type { ReviewLog } from "./generated/prisma/client";
import {
  type QueueContextRow,
  type StateRow,
  doneTodaySql,
  insertMissingStates,
  queueContextSql,
  dueTodaySql,
  queueSnapshotSql,
  toDateOrNull,
  toNumber,
  toStateRow,
} from "./sql/queue";
import { dayContextOf, limitsOf } from "./users";
import { appendReviewLog, findRepeatedReview, stateAfterColumns, stateBeforeColumns } from "./review-log";
import { countReview } from "./review-aggregates";
import { schedulerOf } from "./scheduler";

export interface GradeOption {
  quality: Quality;
  kind: ReviewKind;
  intervalDays: number;
  /** ISO instant the item will next be due. */
  dueAt: string | null;
  /** The item comes back later today (re-drill). */
  againToday: boolean;
}

export interface CurrentItem {
  itemId: string;
  itemKind: string;
  version: number;
  section: QueueSection;
  reviewKind: ReviewKind;
  /** Rendered content as stored by content sync (or by the learner's note). */
  payload: unknown;
  options: GradeOption[];
  /** The learner's flag on it (0 none). */
  flag: number;
  /** The learner's personal note on it, rendered, or null. */
  personalNoteHtml: string | null;
  /** One of the learner's own cards (its note is edited with `e`), not built-in content. */
  own: boolean;
}

export interface ReviewSessionView {
  now: string;
  dayKey: string;
  /** The learner's IANA time zone: every time shown is in it. */
  timeZone: string;
  current: CurrentItem | null;
  /**
   * The item that follows `current` once it is graded (unless the grade
   * brings `current` straight back): the page shows it the moment a grade is
   * sent, and the server's answer then confirms or corrects it.
   */
  upNext: CurrentItem | null;
  remaining: { due: number; new: number; redrill: number; total: number };
  doneToday: number;
  nextWorkAt: string | null;
  /** Id of the learner's latest review today that `u` can undo (never a drill), or null. */
  undoable: string | null;
}

function oneOf<T extends string>(allowed: readonly T[], value: string, field: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`Corrupt ${field} "${value}" in the database; expected one of ${allowed.join(", ")}`);
}

export function toScheduleState(row: StateRow): ScheduleState {
  return {
    status: oneOf<ItemStatus>(ITEM_STATUSES, row.status, "ItemState.status"),
    repetitions: row.repetitions,
    intervalDays: row.intervalDays,
    easePermille: row.easePermille,
    dueAt: row.dueAt,
    lapses: row.lapses,
    lastReviewedAt: row.lastReviewedAt,
    redrill: oneOf<Redrill>(REDRILLS, row.redrill, "ItemState.redrill"),
    stability: row.stability,
    difficulty: row.difficulty,
  };
}

function toCandidate(row: StateRow): QueueCandidate {
  return { itemId: row.itemId, position: row.position, state: toScheduleState(row) };
}

function toOption(outcome: ReviewOutcome, now: Date, day: DayContext): GradeOption {
  const tomorrow = learnerDayStart(now, day, 1);
  const dueAt = outcome.next.dueAt;
  return {
    quality: outcome.quality,
    kind: outcome.kind,
    intervalDays: outcome.next.intervalDays,
    dueAt: dueAt ? dueAt.toISOString() : null,
    againToday: outcome.next.redrill !== "none" || (dueAt !== null && dueAt < tomorrow),
  };
}

interface Learner {
  id: string;
  timeZone: string;
  dayStartHour: number;
  newPerDay: number;
  maxReviewsPerDay: number;
  scheduler: string;
  desiredRetention: number;
  fsrsWeights: string | null;
}

async function fetchLearner(db: Db, userId: string): Promise<Learner> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError("No such learner.");
  return user;
}

/** Gives the learner a schedule row for every active item they lack. */
async function enroll(db: Db, userId: string, contentVersion: number): Promise<void> {
  await db.$transaction(async (tx) => {
    await insertMissingStates(tx, userId);
    await tx.user.update({ where: { id: userId }, data: { enrolledContentVersion: contentVersion } });
  });
}

/** Where the learner's day stands: their settings, today's bounds, what they did today and what is left. */
export interface LearnerToday {
  day: DayContext;
  dayStart: Date;
  dayKey: string;
  /** Today's reviews that still count, by kind (drills included, undone ones not). */
  done: DoneToday;
  /** What the daily limits leave for the rest of today. */
  remaining: RemainingLimits;
}

/** The learner's settings as this request read them once: their day and today's limits. */
export interface LearnerContext {
  day: DayContext;
  dayStart: Date;
  dayKey: string;
  /** Today's limits: the settings plus a one-day raise of new items, if given for today. */
  limits: DailyLimits;
  /** That one-day raise alone (0 when none is given for today). */
  extraNewToday: number;
  /** The learner's scheduler (SM-2, or FSRS with their parameters): previews and grades both use it. */
  scheduler: SchedulerChoice;
}

/**
 * The review limited to one deck and its children. Where the learner set
 * limits on that deck (or the nearest deck above it), they replace the
 * global ones, as Anki's deck presets do, and today's work counts against
 * them only when it was in these decks.
 */
export interface StudyScope {
  /** Item.deck keys: the chosen deck's and its children's. */
  deckKeys: readonly string[];
  /** The deck's own limits, or null to keep the global ones. */
  limits: DailyLimits | null;
}

/**
 * Reads the learner's settings (one statement) and enrolls them in content
 * added since their last visit. A request reads this once and hands it on:
 * grading and the session view that follows need no second read.
 */
export async function fetchLearnerContext(db: Db, userId: string, now: Date): Promise<LearnerContext> {
  const [context] = await db.$queryRaw<QueueContextRow[]>(queueContextSql(userId));
  if (!context) throw new NotFoundError("No such learner.");
  const contentVersion = Number(context.contentVersion ?? 0);
  if (toNumber(context.enrolledContentVersion) !== contentVersion) await enroll(db, userId, contentVersion);
  const learner = {
    timeZone: context.timeZone,
    dayStartHour: toNumber(context.dayStartHour),
    newPerDay: toNumber(context.newPerDay),
    maxReviewsPerDay: toNumber(context.maxReviewsPerDay),
    extraNewDayKey: context.extraNewDayKey,
    extraNewCount: toNumber(context.extraNewCount),
  };
  const day = dayContextOf(learner);
  const dayKey = learnerDayKey(now, day);
  const limits = limitsOf(learner, dayKey);
  return {
    day,
    dayStart: learnerDayStart(now, day),
    dayKey,
    limits,
    extraNewToday: limits.newPerDay - learner.newPerDay,
    scheduler: schedulerOf({
      scheduler: context.scheduler,
      desiredRetention: Number(context.desiredRetention),
      fsrsWeights: context.fsrsWeights,
    }),
  };
}

/**
 * The one reading of "today" that the review, the code list and progress
 * share: the learner's day, today's counts by kind and the limits left. It
 * also enrolls the learner in content added since their last visit.
 */
export async function fetchLearnerToday(db: Db, userId: string, now: Date): Promise<LearnerToday> {
  const context = await fetchLearnerContext(db, userId, now);
  const done: DoneToday = { ...NOTHING_DONE };
  for (const row of await db.$queryRaw<{ kind: string; n: unknown }[]>(doneTodaySql(userId, context.dayStart))) {
    done[oneOf<ReviewKind>(REVIEW_KINDS, row.kind, "ReviewLog.kind")] = toNumber(row.n);
  }
  const { day, dayStart, dayKey, limits } = context;
  return { day, dayStart, dayKey, done, remaining: remainingLimits(limits, done) };
}

/**
 * Which of `itemIds` today's review still holds: due within the review limit
 * (most overdue first), new within the new-item limit (in content order), or
 * re-drilled today. The same rule as the queue, so a page that says "due
 * today" agrees with the review.
 */
export async function fetchDueToday(
  db: Db,
  userId: string,
  itemIds: readonly string[],
  now: Date,
  today?: LearnerToday,
): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const { dayStart, remaining } = today ?? (await fetchLearnerToday(db, userId, now));
  const rows = await db.$queryRaw<{ itemId: string }[]>(
    dueTodaySql(userId, itemIds, now, dayStart, remaining.reviewLimit, remaining.newLimit),
  );
  return new Set(rows.map((r) => r.itemId));
}

/** The limits a scope's queue runs on: the deck's own (with today's raise of new items), or the learner's. */
function scopedLimits(context: LearnerContext, scope: StudyScope | undefined): DailyLimits {
  if (!scope?.limits) return context.limits;
  return { ...scope.limits, newPerDay: scope.limits.newPerDay + context.extraNewToday };
}

/**
 * The learner's queue for the day containing `now`, with the first item
 * ready to show: the settings (or the `context` the request already read),
 * then one statement for the rest (queueSnapshotSql); `scope` limits it to
 * one deck and its children.
 */
export async function fetchReviewSession(
  db: Db,
  userId: string,
  now: Date,
  context?: LearnerContext,
  scope?: StudyScope,
): Promise<ReviewSessionView> {
  const learner = context ?? (await fetchLearnerContext(db, userId, now));
  const { day, dayStart, dayKey } = learner;
  const limits = scopedLimits(learner, scope);
  const rows = await db.$queryRaw<Record<string, unknown>[]>(
    queueSnapshotSql(userId, now, dayStart, limits.maxReviewsPerDay, limits.newPerDay, SCHEDULED_REVIEW_KINDS, {
      deckKeys: scope ? scope.deckKeys : null,
      countDoneInDecks: scope?.limits != null,
    }),
  );
  const meta = rows.find((r) => r.section === "meta");
  if (!meta) throw new Error("The queue snapshot has no meta row");
  const done: DoneToday = {
    new: toNumber(meta.doneNew),
    review: toNumber(meta.doneReview),
    relearn: toNumber(meta.doneRelearn),
    practice: toNumber(meta.donePractice),
    drill: toNumber(meta.doneDrill),
  };
  const remaining = remainingLimits(limits, done);
  const candidates = new Map<
    string,
    { row: StateRow; kind: string; payload: string; flag: number; personalNote: string | null; own: boolean }
  >();
  for (const r of rows) {
    if (r.section === "meta") continue;
    // A section's head counts only while today's limit leaves room for one more of it.
    if (r.section === "due" && remaining.reviewLimit === 0) continue;
    if (r.section === "new" && remaining.newLimit === 0) continue;
    const row = toStateRow(r);
    candidates.set(row.itemId, {
      row,
      kind: String(r.kind),
      payload: String(r.payload),
      flag: toNumber(r.flag),
      personalNote: typeof r.personalNote === "string" ? r.personalNote : null,
      own: typeof r.ownerId === "string",
    });
  }
  const queue = buildQueue(
    [...candidates.values()].map(({ row }) => toCandidate(row)),
    remaining,
    now,
    day,
  );
  const counts = {
    due: Math.min(toNumber(meta.dueCount), remaining.reviewLimit),
    new: Math.min(toNumber(meta.newCount), remaining.newLimit),
    redrill: queue.filter((e) => e.section === "redrill").length,
  };
  const total = counts.due + counts.new + counts.redrill;
  // Drills happen outside the daily queue and do not count towards it.
  const doneToday = done.new + done.review + done.relearn + done.practice;
  const shown = (entry: QueueEntry): CurrentItem => {
    const item = candidates.get(entry.itemId);
    if (!item) throw new Error(`Queue item ${entry.itemId} vanished`);
    const preview = previewFor(learner.scheduler, entry.state, now, day);
    return {
      itemId: entry.itemId,
      itemKind: item.kind,
      version: item.row.version,
      section: entry.section,
      reviewKind: preview[0].kind,
      payload: JSON.parse(item.payload) as unknown,
      options: QUALITIES.map((q) => toOption(preview[q], now, day)),
      flag: item.flag,
      personalNoteHtml: item.personalNote,
      own: item.own,
    };
  };
  const head = queue[0];
  let current: CurrentItem | null = null;
  let upNext: CurrentItem | null = null;
  let next: Date | null = null;
  if (head) {
    current = shown(head);
    // What follows the head once it is graded: the queue without it, its section's limit one lower.
    const after: RemainingLimits = {
      newLimit: Math.max(0, remaining.newLimit - (head.section === "new" ? 1 : 0)),
      reviewLimit: Math.max(0, remaining.reviewLimit - (head.section === "due" ? 1 : 0)),
    };
    const rest = [...candidates.values()]
      .filter(({ row }) => row.itemId !== head.itemId)
      .map(({ row }) => toCandidate(row));
    const following = buildQueue(rest, after, now, day)[0];
    if (following) upNext = shown(following);
  } else {
    const waiting =
      (remaining.newLimit === 0 && toNumber(meta.anyNew) > 0) ||
      (remaining.reviewLimit === 0 && toNumber(meta.anyDue) > 0);
    next = nextWorkAt(toDateOrNull(meta.earliestDue), waiting, now, day);
  }
  return {
    now: now.toISOString(),
    dayKey,
    timeZone: day.timeZone,
    current,
    upNext,
    remaining: { ...counts, total },
    doneToday,
    nextWorkAt: next ? next.toISOString() : null,
    undoable: typeof meta.undoable === "string" ? meta.undoable : null,
  };
}

export interface GradeInput {
  /** Client-generated id of this review: a repeat of it is a no-op. */
  reviewId: string;
  itemId: string;
  quality: number;
  /** ItemState.version the learner saw when the item was shown. */
  expectedVersion: number;
  durationMs: number;
  /** Exercise attempts: seed, input and verdict. */
  detail?: unknown;
}

/** A write that belongs to the grade, run in its transaction after the log row is written. */
export type RecordedHook = (tx: Pick<Db, "exerciseAttempt">, reviewId: string) => Promise<void>;

export interface GradeResult {
  reviewId: string;
  duplicate: boolean;
  kind: ReviewKind;
  quality: Quality;
  intervalDays: number;
  dueAt: string | null;
}

function resultOf(log: ReviewLog, duplicate: boolean): GradeResult {
  return {
    reviewId: log.id,
    duplicate,
    kind: oneOf<ReviewKind>(REVIEW_KINDS, log.kind, "ReviewLog.kind"),
    quality: log.quality as Quality,
    intervalDays: log.intervalAfter,
    dueAt: log.dueAfter ? log.dueAfter.toISOString() : null,
  };
}

/**
 * Grades one item: applies the preview entry of `quality` and appends the
 * review log row, in one transaction. Refuses a state that changed since it
 * was shown; a repeated `reviewId` returns the first result unchanged.
 */
export interface GradeOptions {
  /** A write that belongs to the grade (an exercise attempt linked to its log row), in the same transaction. */
  onRecorded?: RecordedHook;
  /**
   * The learner's day and scheduler, when the request already read them
   * (fetchLearnerContext): no second read of the learner.
   */
  learner?: GradeLearner;
}

/** What grading needs of the learner's settings. */
export type GradeLearner = Pick<LearnerContext, "day" | "scheduler">;

async function fetchGradeLearner(db: Db, userId: string): Promise<GradeLearner> {
  const user = await fetchLearner(db, userId);
  return { day: dayContextOf(user), scheduler: schedulerOf(user) };
}

export async function gradeItem(
  db: Db,
  userId: string,
  input: GradeInput,
  now: Date,
  { onRecorded, learner: known }: GradeOptions = {},
): Promise<GradeResult> {
  if (!isQuality(input.quality))
    throw new InvalidInputError(`Grade must be an integer from 0 to 5, got ${String(input.quality)}.`);
  const quality = input.quality;
  const durationMs = clampDurationMs(input.durationMs);
  const { day, scheduler } = known ?? (await fetchGradeLearner(db, userId));
  return db.$transaction(async (tx) => {
    const seen = await findRepeatedReview(tx, input.reviewId, userId, input.itemId);
    if (seen) return resultOf(seen, true);
    const row = await tx.itemState.findUnique({ where: { userId_itemId: { userId, itemId: input.itemId } } });
    if (!row || row.status === "retired") throw new NotFoundError(`No item "${input.itemId}" to review.`);
    if (row.suspended || (row.buriedUntil !== null && row.buriedUntil > now))
      throw new InvalidInputError(`Item "${input.itemId}" is suspended or buried: it is not in today's review.`);
    if (row.version !== input.expectedVersion) {
      throw new StaleStateError(
        "This item changed since it was shown (graded in another tab?). Its current state has been loaded.",
      );
    }
    const state = toScheduleState(row);
    if (queueSectionOf(state, now, day) === null)
      throw new InvalidInputError(`Item "${input.itemId}" is not due today.`);
    const outcome = previewFor(scheduler, state, now, day)[quality];
    const next = outcome.next;
    const updated = await tx.itemState.updateMany({
      where: { userId, itemId: input.itemId, version: input.expectedVersion },
      data: {
        status: next.status,
        repetitions: next.repetitions,
        intervalDays: next.intervalDays,
        easePermille: next.easePermille,
        dueAt: next.dueAt,
        lapses: next.lapses,
        lastReviewedAt: next.lastReviewedAt,
        redrill: next.redrill,
        stability: next.stability,
        difficulty: next.difficulty,
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw new StaleStateError("This item changed while it was being graded.");
    const log = await appendReviewLog(tx, {
      id: input.reviewId,
      userId,
      itemId: input.itemId,
      kind: outcome.kind,
      quality,
      reviewedAt: now,
      durationMs,
      scheduler: scheduler.name,
      ...stateBeforeColumns(state),
      ...stateAfterColumns(next),
      detail: input.detail === undefined ? null : JSON.stringify(input.detail),
    });
    if (onRecorded) await onRecorded(tx, log.id);
    return resultOf(log, false);
  });
}

export interface UndoResult {
  reviewId: string;
  itemId: string;
}

/** Where the learner's undoable reviews of the day are: scheduled kinds only, not undone. */
function undoableWhere(userId: string, dayStart: Date) {
  return {
    userId,
    undoneAt: null,
    reviewedAt: { gte: dayStart },
    kind: { in: [...SCHEDULED_REVIEW_KINDS] },
  };
}

const LATEST_FIRST = [{ reviewedAt: "desc" as const }, { id: "desc" as const }];

/**
 * Reverts the review `reviewId`, which must be the learner's latest undoable
 * review of today (a grade of the daily review; drills change no state and
 * are never undone): restores the state it recorded and stamps the row as
 * undone (rows are never deleted). A tab naming a review that is no longer
 * the latest (another tab graded or undid since) is refused; two undos of
 * the same review undo it once, because the stamp is written only where it
 * is still empty.
 */
export async function undoReview(db: Db, userId: string, reviewId: string, now: Date): Promise<UndoResult> {
  const learner = await fetchLearner(db, userId);
  const dayStart = learnerDayStart(now, dayContextOf(learner));
  return db.$transaction(async (tx) => {
    const last = await tx.reviewLog.findFirst({ where: undoableWhere(userId, dayStart), orderBy: LATEST_FIRST });
    if (!last) throw new DomainError("nothing-to-undo", "There is nothing to undo today.");
    if (last.id !== reviewId) {
      throw new DomainError(
        "undo-not-latest",
        "That grade is no longer your latest one (another tab graded or undid since); the current state has been loaded.",
      );
    }
    const stamped = await tx.reviewLog.updateMany({
      where: { id: last.id, userId, undoneAt: null },
      data: { undoneAt: now },
    });
    if (stamped.count !== 1) throw new DomainError("nothing-to-undo", "That grade was already undone.");
    await countReview(tx, last, -1);
    const restored = await tx.itemState.updateMany({
      // A retired item (its note deleted, or gone from content/) stays retired.
      where: { userId, itemId: last.itemId, status: { not: "retired" } },
      data: {
        status: last.statusBefore,
        repetitions: last.repsBefore,
        intervalDays: last.intervalBefore,
        easePermille: last.easeBefore,
        dueAt: last.dueBefore,
        lapses: last.lapsesBefore,
        lastReviewedAt: last.lastReviewedBefore,
        redrill: last.redrillBefore,
        stability: last.stabilityBefore,
        difficulty: last.difficultyBefore,
        version: { increment: 1 },
      },
    });
    if (restored.count !== 1)
      throw new DomainError("nothing-to-undo", "The item of that grade is no longer scheduled.");
    return { reviewId: last.id, itemId: last.itemId };
  });
}
