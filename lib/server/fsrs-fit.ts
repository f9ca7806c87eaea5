import "server-only";
/**
 * FSRS parameters fitted to the learner's own log, as a background job with
 * progress (model FsrsFitJob). The fitter is @open-spaced-repetition/binding's
 * (loaded by fsrs-binding.ts)
 * `computeParameters` (fsrs-rs), whose `timeout` option only sets how often it
 * polls the progress callback: the job bounds itself (FIT_DEADLINE_MS) and
 * stops the fitter through that callback. A fit that fails or runs out of
 * time leaves User.fsrsWeights as it was; below the minimum the defaults stay.
 */
import type { FsrsTrainingItem } from "@/lib/srs/calibration";
import { buildFsrsTrainingItems, countReviews, hasLongTermReview } from "@/lib/srs/review-history";
import type { Db } from "./db";
import { fetchCardHistories, fetchLearnerFsrsSettings } from "./fsrs-history";
import { type FsrsBindingReview, loadFsrsBinding } from "./fsrs-binding";
import { logJobFailure } from "./logger";

/** Below either, FSRS keeps its default parameters: too few reviews fit noise. */
export const MIN_FIT_REVIEWS = 400;
export const MIN_FIT_CARDS = 50;
export const FIT_DEADLINE_MS = 60_000;
/** How often the binding calls back with progress (its `timeout` option). */
const BINDING_PROGRESS_POLL_MS = 200;
/** Progress is written at most this often. */
const PROGRESS_WRITE_INTERVAL_MS = 500;
const FSRS6_PARAMETER_COUNT = 21;

export type FitJobStatus = "queued" | "running" | "done" | "failed" | "timed-out";
export type FitJobMessage = "fitted" | "below-minimum" | "failed" | "timed-out" | "unavailable";

export interface FitJob {
  status: FitJobStatus;
  progress: number;
  reviewCount: number;
  message: FitJobMessage | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/**
 * Fits parameters to `items`. `onProgress(fraction)` returns false once the
 * job has given up, and the fitter should then stop.
 */
export type FsrsFitter = (items: FsrsTrainingItem[], onProgress: (fraction: number) => boolean) => Promise<number[]>;

export interface FitDeps {
  fitter?: FsrsFitter;
  /** The clock for the job's timestamps and progress writes. */
  now: () => Date;
  deadlineMs?: number;
}

/** The binding's computeParameters, loaded on first use (a native module, server-only). */
export const fitWithBinding: FsrsFitter = async (items, onProgress) => {
  const usable = items.filter(hasLongTermReview);
  if (usable.length === 0) throw new Error("No training item has a review a day or more after the one before.");
  const { binding, reason } = loadFsrsBinding();
  if (!binding) throw new Error(reason ?? "The FSRS optimizer is not available.");
  type NativeReview = FsrsBindingReview;
  // A card's items are its review sequence cut after each review (buildFsrsTrainingItems): an item that extends
  // the one before by one review reuses that one's native reviews, so each review is made native once.
  let previous: FsrsTrainingItem | null = null;
  let previousNative: NativeReview[] = [];
  const trainSet = usable.map((item) => {
    const last = item[item.length - 1]!;
    const extendsPrevious =
      previous !== null &&
      item.length === previous.length + 1 &&
      item[0] === previous[0] &&
      item[item.length - 2] === previous[previous.length - 1];
    const native = extendsPrevious
      ? [...previousNative, new binding.FSRSBindingReview(last.rating, last.deltaT)]
      : item.map((r) => new binding.FSRSBindingReview(r.rating, r.deltaT));
    previous = item;
    previousNative = native;
    return new binding.FSRSBindingItem(native);
  });
  return binding.computeParameters(trainSet, {
    enableShortTerm: true,
    numRelearningSteps: 1,
    timeout: BINDING_PROGRESS_POLL_MS,
    progress: (current, total) => onProgress(total > 0 ? current / total : 0),
  });
};

function toFitJob(row: {
  status: string;
  progress: number;
  reviewCount: number;
  message: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}): FitJob {
  return { ...row, status: row.status as FitJobStatus, message: row.message as FitJobMessage | null };
}

/** Fits of this process still running, so a second click does not start another. */
const runningFits = new Map<string, Promise<FitJob>>();

/**
 * The learner's latest fit job; null before the first. A job left running by
 * a process that ended is reported as timed out once its deadline is past.
 */
export async function fetchFitJob(db: Db, userId: string, now: Date): Promise<FitJob | null> {
  const row = await db.fsrsFitJob.findUnique({ where: { userId } });
  if (!row) return null;
  const job = toFitJob(row);
  const active = job.status === "queued" || job.status === "running";
  const startedMs = (job.startedAt ?? now).getTime();
  if (active && !runningFits.has(userId) && now.getTime() - startedMs > FIT_DEADLINE_MS) {
    return { ...job, status: "timed-out", message: "timed-out" };
  }
  return job;
}

function isParameterVector(w: unknown): w is number[] {
  return (
    Array.isArray(w) &&
    w.length === FSRS6_PARAMETER_COUNT &&
    w.every((x) => typeof x === "number" && Number.isFinite(x))
  );
}

/**
 * Runs one fit to its end and returns how it ended: "done" with weights
 * written, "done" below the minimum (weights untouched), "failed" or
 * "timed-out" (weights untouched).
 */
export async function runFsrsFit(db: Db, userId: string, deps: FitDeps): Promise<FitJob> {
  const fitter = deps.fitter ?? fitWithBinding;
  const deadlineMs = deps.deadlineMs ?? FIT_DEADLINE_MS;
  const finish = async (status: FitJobStatus, message: FitJobMessage, reviewCount: number) =>
    toFitJob(
      await db.fsrsFitJob.update({
        where: { userId },
        data: { status, message, reviewCount, finishedAt: deps.now(), ...(status === "done" ? { progress: 1 } : {}) },
      }),
    );
  await db.fsrsFitJob.upsert({
    where: { userId },
    create: { userId, status: "running", progress: 0, startedAt: deps.now() },
    update: { status: "running", progress: 0, reviewCount: 0, message: null, startedAt: deps.now(), finishedAt: null },
  });
  let reviewCount = 0;
  try {
    const settings = await fetchLearnerFsrsSettings(db, userId);
    const cards = await fetchCardHistories(db, userId, settings);
    reviewCount = countReviews(cards);
    // No optimizer on this machine (another platform, or its module did not load): say so before anything else.
    if (!deps.fitter && !loadFsrsBinding().binding) return await finish("failed", "unavailable", reviewCount);
    if (reviewCount < MIN_FIT_REVIEWS || cards.length < MIN_FIT_CARDS) {
      return await finish("done", "below-minimum", reviewCount);
    }
    const items = buildFsrsTrainingItems(cards);
    let givenUp = false;
    let lastWriteMs = Number.NEGATIVE_INFINITY;
    let progressWrite: Promise<unknown> = Promise.resolve();
    const onProgress = (fraction: number) => {
      const nowMs = deps.now().getTime();
      if (!givenUp && nowMs - lastWriteMs >= PROGRESS_WRITE_INTERVAL_MS) {
        lastWriteMs = nowMs;
        const progress = Math.min(1, Math.max(0, fraction));
        progressWrite = progressWrite
          .then(() => db.fsrsFitJob.updateMany({ where: { userId, status: "running" }, data: { progress } }))
          .catch((error: unknown) => logJobFailure("fsrs-fit progress", error, { userId }));
      }
      return !givenUp;
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<"timed-out">((resolve) => {
      timer = setTimeout(() => resolve("timed-out"), deadlineMs);
    });
    const outcome = await Promise.race([fitter(items, onProgress), deadline]).finally(() => clearTimeout(timer));
    givenUp = true;
    await progressWrite;
    if (outcome === "timed-out") return await finish("timed-out", "timed-out", reviewCount);
    if (!isParameterVector(outcome)) {
      logJobFailure("fsrs-fit", new Error("the fitter did not return 21 finite parameters"), { userId });
      return await finish("failed", "failed", reviewCount);
    }
    await db.$transaction([
      db.user.update({ where: { id: userId }, data: { fsrsWeights: JSON.stringify(outcome) } }),
      db.fsrsFitJob.update({
        where: { userId },
        data: { status: "done", message: "fitted", reviewCount, progress: 1, finishedAt: deps.now() },
      }),
    ]);
    return (await fetchFitJob(db, userId, deps.now()))!;
  } catch (error) {
    logJobFailure("fsrs-fit", error, { userId });
    return await finish("failed", "failed", reviewCount);
  }
}

/**
 * Queues a fit for the learner and runs it in the background; a fit already
 * running in this process is not started twice. Resolves once the job is
 * recorded as queued; `done` settles when it ends.
 */
export async function startFsrsFit(
  db: Db,
  userId: string,
  deps: FitDeps,
): Promise<{ job: FitJob; done: Promise<FitJob> }> {
  const running = runningFits.get(userId);
  if (running) {
    return { job: (await fetchFitJob(db, userId, deps.now()))!, done: running };
  }
  const row = await db.fsrsFitJob.upsert({
    where: { userId },
    create: { userId, status: "queued", progress: 0, startedAt: deps.now() },
    update: { status: "queued", progress: 0, reviewCount: 0, message: null, startedAt: deps.now(), finishedAt: null },
  });
  const done = runFsrsFit(db, userId, deps).finally(() => runningFits.delete(userId));
  runningFits.set(userId, done);
  // The page polls the job row; a failure to record the outcome must not become an unhandled rejection.
  done.catch((error: unknown) => logJobFailure("fsrs-fit", error, { userId }));
  return { job: toFitJob(row), done };
}
