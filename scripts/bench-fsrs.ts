/**
 * `npm run bench:fsrs [-- --items N --reviews N]`: on each engine (SQLite,
 * then PostgreSQL, each in a process of its own), seeds one synthetic
 * learner (tests/setup/synthetic-learner.ts: SM-2 schedules, FSRS-6 memory)
 * with 100,000 items and 1,000,000 review-log rows, then prints JSON with:
 * - fitting: the whole fit job (reading the log, building FSRS items, the
 *   binding's computeParameters, writing the parameters) and how many
 *   progress events it reported;
 * - the scheduler lab: the background computation (calibration with five
 *   fits, the workload simulation) and the page's cached read, separately;
 * - the queue (fetchReviewSession) with User.scheduler "sm2" and "fsrs".
 * Every figure has a target and a verdict; `meetsTarget` holds only if all do.
 */
import { type Db, createDb } from "../lib/server/db";
import { type FsrsFitter, fitWithBinding, runFsrsFit } from "../lib/server/fsrs-fit";
import { computeSchedulerLab, fetchSchedulerLab } from "../lib/server/scheduler-lab";
import { fetchReviewSession } from "../lib/server/reviews";
import { generateSyntheticLearner } from "../tests/setup/synthetic-learner";
import {
  type BenchEngine,
  type BulkSink,
  runBenchmarkOnEachEngine,
  summary,
  withSeededEngineDatabase,
} from "./bench-support";

function readArgument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = process.argv[i + 1];
  if (!value || !/^\d+$/.test(value)) {
    console.error(`bench:fsrs: --${name} needs a positive whole number, got ${value ?? "nothing"}.`);
    process.exit(2);
  }
  return value;
}
// The engines' child processes inherit these.
process.env.BENCH_ITEMS = readArgument("items") ?? process.env.BENCH_ITEMS ?? "100000";
process.env.BENCH_REVIEWS = readArgument("reviews") ?? process.env.BENCH_REVIEWS ?? "1000000";

const ITEMS = Number(process.env.BENCH_ITEMS);
const REVIEWS = Number(process.env.BENCH_REVIEWS);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const NOW = new Date("2026-06-15T10:00:00Z");
const HISTORY_DAYS = 4 * 365;
const USER_ID = "bench-learner";
const TARGETS = {
  fitSeconds: 30,
  /** The page's read of the cached lab (the 2 s). */
  labCachedReadMs: 2000,
  /** The background computation has no target in the issue; it should not outlast the fit's deadline. */
  labComputeSeconds: 60,
  queueFsrsToSm2Ratio: 1.5,
} as const;

async function seed(sink: BulkSink): Promise<{ reviews: number }> {
  const created = new Date(NOW.getTime() - HISTORY_DAYS * 86_400_000);
  const learner = generateSyntheticLearner({
    seed: "bench-fsrs",
    items: ITEMS,
    reviews: REVIEWS,
    // Enough reviews per item that the log reaches REVIEWS before the history ends.
    perItem: Math.ceil((REVIEWS / ITEMS) * 1.5),
    now: NOW,
    historyDays: HISTORY_DAYS,
    itemIdOf: (i) => `card:bench-${i}`,
  });
  await sink.insert(
    "User",
    [
      "id",
      "kind",
      "locale",
      "timeZone",
      "dayStartHour",
      "newPerDay",
      "maxReviewsPerDay",
      "enrolledContentVersion",
      "createdAt",
      "updatedAt",
    ],
    [[USER_ID, "local", "en", "Europe/Berlin", 4, 20, 200, 1, created, created]],
  );
  await sink.insert("Meta", ["key", "value"], [["contentVersion", "1"]]);
  await sink.insert(
    "Item",
    ["id", "kind", "contentId", "deck", "position", "payload", "contentHash", "createdAt", "updatedAt"],
    learner.states.map((s, i) => [
      s.itemId,
      "card",
      s.itemId.slice("card:".length),
      `deck-${i % 50}`,
      i,
      JSON.stringify({
        kind: "card",
        deck: `deck-${i % 50}`,
        deckTitle: { zh: `卡组 ${i % 50}`, en: `Deck ${i % 50}` },
        chapter: `ch${i % 7}`,
        tags: [],
        source: "s",
        front: { zh: "问", en: "Q" },
        back: { zh: "答", en: "A" },
      }),
      "h",
      created,
      created,
    ]),
  );
  await sink.insert(
    "ItemState",
    [
      "userId",
      "itemId",
      "status",
      "position",
      "repetitions",
      "intervalDays",
      "easePermille",
      "dueAt",
      "lapses",
      "lastReviewedAt",
      "redrill",
      "version",
      "deck",
    ],
    learner.states.map((s, i) => [
      USER_ID,
      s.itemId,
      s.status,
      s.position,
      s.repetitions,
      s.intervalDays,
      s.easePermille,
      s.dueAt,
      s.lapses,
      s.lastReviewedAt,
      "none",
      0,
      `deck-${i % 50}`,
    ]),
  );
  await sink.insert(
    "ReviewLog",
    [
      "id",
      "userId",
      "itemId",
      "kind",
      "quality",
      "reviewedAt",
      "durationMs",
      "repsBefore",
      "intervalBefore",
      "easeBefore",
      "dueBefore",
      "statusBefore",
      "redrillBefore",
      "lapsesBefore",
      "repsAfter",
      "intervalAfter",
      "easeAfter",
      "dueAfter",
    ],
    learner.reviews.map((r) => [
      r.id,
      USER_ID,
      r.itemId,
      r.kind,
      r.quality,
      r.reviewedAt,
      r.durationMs,
      r.repsBefore,
      r.intervalBefore,
      r.easeBefore,
      null,
      r.statusBefore,
      r.redrillBefore,
      r.lapsesBefore,
      r.repsAfter,
      r.intervalAfter,
      r.easeAfter,
      r.dueAfter,
    ]),
  );
  return { reviews: learner.reviews.length };
}

async function timeQueue(db: Db, scheduler: "sm2" | "fsrs") {
  await db.user.update({ where: { id: USER_ID }, data: { scheduler } });
  await fetchReviewSession(db, USER_ID, NOW);
  const samples: number[] = [];
  let due = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const session = await fetchReviewSession(db, USER_ID, NOW);
    samples.push(performance.now() - t0);
    due = session.remaining.due;
  }
  return { ...summary(samples, 1), due };
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

async function measure(engine: BenchEngine, postgresUrl: string | null) {
  let seeded = 0;
  return withSeededEngineDatabase(
    "fsrs",
    engine,
    postgresUrl,
    async (sink) => {
      seeded = (await seed(sink)).reviews;
    },
    async ({ url, seedSeconds }) => {
      const db = createDb(url);
      const clock = () => new Date();

      let progressEvents = 0;
      const counting: FsrsFitter = (items, onProgress) =>
        fitWithBinding(items, (fraction) => {
          progressEvents += 1;
          return onProgress(fraction);
        });
      const fitStarted = performance.now();
      const job = await runFsrsFit(db, USER_ID, { now: clock, fitter: counting });
      const fitMs = performance.now() - fitStarted;

      const labStarted = performance.now();
      const figures = await computeSchedulerLab(db, USER_ID, { now: clock });
      const labMs = performance.now() - labStarted;
      await fetchSchedulerLab(db, USER_ID, { now: clock });
      const reads: number[] = [];
      let cachedStatus = "";
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        cachedStatus = (await fetchSchedulerLab(db, USER_ID, { now: clock })).status;
        reads.push(performance.now() - t0);
      }
      const cachedRead = summary(reads, 1);

      const sm2 = await timeQueue(db, "sm2");
      const fsrs = await timeQueue(db, "fsrs");
      await db.$disconnect();
      const ratio = Number((fsrs.p50 / Math.max(sm2.p50, 1e-3)).toFixed(2));

      const fitting = {
        seconds: seconds(fitMs),
        status: job.status,
        message: job.message,
        reviewsFitted: job.reviewCount,
        progressEvents,
        targetSeconds: TARGETS.fitSeconds,
        meetsTarget:
          job.status === "done" && job.message === "fitted" && fitMs / 1000 <= TARGETS.fitSeconds && progressEvents > 0,
      };
      const labCompute = {
        seconds: seconds(labMs),
        targetSeconds: TARGETS.labComputeSeconds,
        meetsTarget: labMs / 1000 <= TARGETS.labComputeSeconds && figures.calibration !== null,
      };
      const labRead = {
        ...cachedRead,
        status: cachedStatus,
        targetP95Ms: TARGETS.labCachedReadMs,
        meetsTarget: cachedStatus === "ready" && cachedRead.p95 <= TARGETS.labCachedReadMs,
      };
      const queue = {
        sm2Ms: sm2,
        fsrsMs: fsrs,
        fsrsToSm2P50: ratio,
        target: TARGETS.queueFsrsToSm2Ratio,
        meetsTarget: ratio <= TARGETS.queueFsrsToSm2Ratio && sm2.due > 0 && fsrs.due > 0,
      };
      return {
        engine,
        seedSeconds,
        reviewLogRows: seeded,
        fitting,
        labComputation: labCompute,
        labCachedRead: labRead,
        labFigures: {
          reviews: figures.reviewCount,
          cards: figures.cardCount,
          calibration: figures.calibration,
          calibrationReviews: figures.calibrationReviews,
          workload: { fsrs: figures.workload.fsrs, sm2: figures.workload.sm2, deckSize: figures.workload.deckSize },
        },
        queue,
        meetsTarget: fitting.meetsTarget && labCompute.meetsTarget && labRead.meetsTarget && queue.meetsTarget,
      };
    },
  );
}

runBenchmarkOnEachEngine("fsrs", "scripts/bench-fsrs.ts", measure, { items: ITEMS, reviewLogRows: REVIEWS });
