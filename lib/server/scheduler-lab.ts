import "server-only";
/**
 * The scheduler lab's data (lib/srs/scheduler-lab.ts computes the figures):
 * computed in the background and kept in SchedulerLabCache until the
 * learner's log (a review, an undo) or FSRS settings (a fit, the desired
 * retention, new cards per day) change. A read never computes: it returns the
 * cached figures when they are current, and otherwise starts the computation
 * and reports "computing". Every query is scoped to the learner.
 */
import { default_w } from "ts-fsrs";
import type { FitParameters } from "@/lib/srs/calibration";
import { type SchedulerLabFigures, computeSchedulerLabFigures } from "@/lib/srs/scheduler-lab";
import type { Db } from "./db";
import { type FitJob, type FsrsFitter, fetchFitJob, fitWithBinding } from "./fsrs-fit";
import { type LearnerFsrsSettings, fetchCardHistories, fetchLearnerFsrsSettings } from "./fsrs-history";
import { logJobFailure } from "./logger";

const PAYLOAD_VERSION = 1;
const FSRS6_PARAMETER_COUNT = 21;

export interface SchedulerLabView {
  status: "ready" | "computing";
  figures: SchedulerLabFigures | null;
  computedAt: Date | null;
  current: { scheduler: "sm2" | "fsrs"; desiredRetention: number };
  fitJob: FitJob | null;
}

export interface LabDeps {
  /** Fits FSRS for each calibration split; the binding by default. */
  fitter?: FsrsFitter;
  now: () => Date;
}

/** The learner's FSRS parameters: the fitted ones if stored and well formed, else FSRS-6's defaults. */
export function readFsrsWeights(json: string | null): { w: number[]; source: "fitted" | "default" } {
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (
        Array.isArray(parsed) &&
        parsed.length === FSRS6_PARAMETER_COUNT &&
        parsed.every((x) => typeof x === "number" && Number.isFinite(x))
      ) {
        return { w: parsed as number[], source: "fitted" };
      }
    } catch {
      // A malformed value is treated as absent, as the scheduler does.
    }
  }
  return { w: [...default_w], source: "default" };
}

/** What the figures depend on; any change makes the cache stale. */
async function readMarker(db: Db, userId: string, settings: LearnerFsrsSettings): Promise<string> {
  const log = await db.reviewLog.aggregate({
    where: { userId, undoneAt: null },
    _count: { _all: true },
    _max: { reviewedAt: true },
  });
  return JSON.stringify([
    PAYLOAD_VERSION,
    log._count._all,
    log._max.reviewedAt?.toISOString() ?? null,
    settings.fsrsWeights,
    settings.desiredRetention,
    settings.newPerDay,
    settings.timeZone,
    settings.dayStartHour,
  ]);
}

function toFitParameters(fitter: FsrsFitter): FitParameters {
  return (items) => fitter(items, () => true);
}

/** Computes the figures now and stores them; returns what it stored. */
export async function computeSchedulerLab(db: Db, userId: string, deps: LabDeps): Promise<SchedulerLabFigures> {
  const settings = await fetchLearnerFsrsSettings(db, userId);
  // Read before the log, so a review graded meanwhile leaves the stored figures stale.
  const marker = await readMarker(db, userId, settings);
  const [cards, deckSize] = await Promise.all([
    fetchCardHistories(db, userId, settings),
    db.itemState.count({ where: { userId, status: { not: "retired" } } }),
  ]);
  const { w, source } = readFsrsWeights(settings.fsrsWeights);
  const figures = await computeSchedulerLabFigures(
    cards,
    { w, weightsSource: source, desiredRetention: settings.desiredRetention, newPerDay: settings.newPerDay, deckSize },
    toFitParameters(deps.fitter ?? fitWithBinding),
  );
  const payload = JSON.stringify(figures);
  const computedAt = deps.now();
  await db.schedulerLabCache.upsert({
    where: { userId },
    create: { userId, basedOn: marker, payload, computedAt },
    update: { basedOn: marker, payload, computedAt },
  });
  return figures;
}

/** Lab computations of this process still running, one per learner. */
const runningLabs = new Map<string, Promise<void>>();

/** Starts the computation in the background unless one is running; resolves when it ends. */
export function startSchedulerLabComputation(db: Db, userId: string, deps: LabDeps): Promise<void> {
  const running = runningLabs.get(userId);
  if (running) return running;
  const done = computeSchedulerLab(db, userId, deps)
    .then(() => undefined)
    .catch((error: unknown) => logJobFailure("scheduler-lab", error, { userId }))
    .finally(() => runningLabs.delete(userId));
  runningLabs.set(userId, done);
  return done;
}

/** The lab as the page shows it: cached figures if current, else "computing" (and the computation started). */
export async function fetchSchedulerLab(db: Db, userId: string, deps: LabDeps): Promise<SchedulerLabView> {
  const settings = await fetchLearnerFsrsSettings(db, userId);
  const [marker, cache, fitJob] = await Promise.all([
    readMarker(db, userId, settings),
    db.schedulerLabCache.findUnique({ where: { userId } }),
    fetchFitJob(db, userId, deps.now()),
  ]);
  const current = {
    scheduler: settings.scheduler === "fsrs" ? ("fsrs" as const) : ("sm2" as const),
    desiredRetention: settings.desiredRetention,
  };
  if (cache && cache.basedOn === marker) {
    return {
      status: "ready",
      figures: JSON.parse(cache.payload) as SchedulerLabFigures,
      computedAt: cache.computedAt,
      current,
      fitJob,
    };
  }
  void startSchedulerLabComputation(db, userId, deps);
  return { status: "computing", figures: null, computedAt: null, current, fitJob };
}
