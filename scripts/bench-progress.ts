/**
 * `npm run bench:progress`: on each engine (SQLite, then PostgreSQL, each in a
 * process of its own), seeds a database with one learner,
 * 100,000 items (cards, computed exercises, coding exercises) and 1,000,000
 * review-log rows over three years, then prints JSON with the server time to
 * compute the whole progress dashboard (every widget's data, through the
 * app's data layer): the one view after the aggregates were rebuilt (every
 * closed day summed and stored), the first view of each day by a learner who
 * looked the day before (empty cache: the day that closed since is summed
 * and stored), and repeat views (cached closed days and state).
 * Every timing printed has a target; `meetsTarget` is true only if all are
 * met and the dashboard saw the seeded data. BENCH_WIDGETS=1 adds a
 * per-widget breakdown on stderr (diagnostic, no target).
 */
import { type Db, createDb } from "../lib/server/db";
import { type ProgressCache, createProgressCache } from "../lib/server/progress/cache";
import { createProgressLoader, fetchDashboard } from "../lib/server/progress/dashboard";
import { rebuildReviewAggregates } from "../lib/server/review-aggregates";
import { learnerDayStart } from "../lib/srs/day";
import {
  type BenchEngine,
  type BulkSink,
  percentile,
  runBenchmarkOnEachEngine,
  withSeededEngineDatabase,
} from "./bench-support";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TIME_ZONE = process.env.BENCH_TZ ?? "Europe/Berlin";
const NOW = new Date("2026-06-15T10:00:00Z");
const DAY_MS = 86_400_000;
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
/** Targets per kind of view (ms): the first view of a day, and every later one. */
const TARGETS = {
  firstView: { p50: 150, p95: 300 },
  repeatView: { p50: 60, p95: 300 },
  /** The first view of a day may cost at most this many repeat views. */
  firstToRepeatRatio: 2,
  /** The one view after a backfill or a change of zone, which sums and stores every closed day. */
  afterBackfillMs: 5000,
} as const;
const EXERCISES = 200;
const CODE = 100;

function itemIdOf(i: number): string {
  if (i < EXERCISES) return `exercise:gen-${i}`;
  if (i < EXERCISES + CODE) return `code:ex-${i}`;
  return `card:bench-${i}`;
}

function* range(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

async function seed(sink: BulkSink, userId: string): Promise<void> {
  const created = new Date(NOW.getTime() - 3 * 365 * DAY_MS);
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
    [[userId, "local", "en", TIME_ZONE, 4, 20, 200, 1, created, created]],
  );
  await sink.insert("Meta", ["key", "value"], [["contentVersion", "1"]]);
  const items = Array.from(range(ITEMS), (i) => {
    const id = itemIdOf(i);
    const [kind, contentId] = id.split(":") as [string, string];
    const deck = kind === "card" ? `deck-${i % 50}` : `${kind === "exercise" ? "exercises" : "code"}-topic-${i % 10}`;
    return { i, id, kind, contentId, deck };
  });
  await sink.insert(
    "Item",
    ["id", "kind", "contentId", "deck", "position", "payload", "contentHash", "createdAt", "updatedAt"],
    (function* () {
      for (const { i, id, kind, contentId, deck } of items) {
        const payload =
          kind === "card"
            ? JSON.stringify({
                kind,
                deck,
                deckTitle: { zh: `卡组 ${i % 50}`, en: `Deck ${i % 50}` },
                chapter: `ch${i % 7}`,
                tags: [],
                source: "s",
                front: { zh: "问", en: "Q" },
                back: { zh: "答", en: "A" },
              })
            : JSON.stringify({
                kind,
                generatorId: contentId,
                exerciseId: contentId,
                topic: `topic-${i % 10}`,
                chapter: `ch${i % 7}`,
                title: { zh: "题", en: "Exercise" },
                source: "s",
              });
        yield [id, kind, contentId, deck, i, payload, "h", created, created];
      }
    })(),
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
    ],
    (function* () {
      for (const { i, id } of items) {
        if (i < ITEMS * 0.9) {
          const dueOffsetDays = ((i * 7919) % 180) - 60;
          const lastOffsetDays = Math.min(dueOffsetDays, 0) - 1 - (i % 30);
          const due = new Date(NOW.getTime() + dueOffsetDays * DAY_MS);
          const last = new Date(NOW.getTime() + lastOffsetDays * DAY_MS);
          yield [
            userId,
            id,
            "active",
            i,
            3,
            dueOffsetDays - lastOffsetDays,
            1300 + ((i * 31) % 1700),
            due,
            i % 13 === 0 ? i % 5 : 0,
            last,
            "none",
            0,
          ];
        } else {
          yield [userId, id, "new", i, 0, 0, 2500, null, 0, null, "none", 0];
        }
      }
    })(),
  );
  // Three years of history ending before today; kinds, grades and intervals varied.
  const historyEnd = learnerDayStart(NOW, { timeZone: TIME_ZONE, dayStartHour: 4 }).getTime() - 1;
  const seen = Math.floor(ITEMS * 0.9);
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
      "statusBefore",
      "redrillBefore",
      "lapsesBefore",
      "lastReviewedBefore",
      "repsAfter",
      "intervalAfter",
      "easeAfter",
      "dueAfter",
      "detail",
    ],
    (function* () {
      for (const r of range(REVIEWS)) {
        const at = new Date(historyEnd - Math.floor((r / REVIEWS) * 3 * 365 * DAY_MS));
        const item = (r * 7) % seen;
        const quality = [5, 4, 4, 3, 5, 2, 4, 1, 5, 0][r % 10] ?? 4;
        const kind = r % 17 === 0 ? "relearn" : r % 11 === 0 ? "new" : "review";
        const intervalBefore = kind === "new" ? 0 : ([1, 6, 15, 30, 60, 120][r % 6] ?? 6);
        const lastBefore =
          kind === "relearn" ? new Date(at.getTime() - 60_000) : new Date(at.getTime() - intervalBefore * DAY_MS);
        const id = itemIdOf(item);
        const detail = id.startsWith("exercise:")
          ? JSON.stringify({ generatorId: id.slice(9), seed: r, attempts: [{ input: "1", correct: quality >= 3 }] })
          : null;
        yield [
          `log-${r}`,
          userId,
          id,
          kind,
          quality,
          at,
          2000 + (r % 9000),
          3,
          intervalBefore,
          2500,
          "active",
          "none",
          0,
          lastBefore,
          4,
          intervalBefore * 2 + 1,
          2500,
          new Date(at.getTime() + 15 * DAY_MS),
          detail,
        ];
      }
    })(),
  );
}

/** Each widget alone after the shared activity pass, to see where the time goes. */
async function timeWidgets(db: Db, userId: string, cache: ProgressCache): Promise<Record<string, number>> {
  const widgets = ["activity", "today", "forecast", "distributions", "mastery", "hardest", "hourly"] as const;
  const result: Record<string, number> = {};
  for (const name of widgets) {
    const samples: number[] = [];
    for (let i = 0; i < Math.min(RUNS, 10); i++) {
      const l = createProgressLoader(db, userId, NOW, cache);
      await l.context();
      await l.activity();
      const t0 = performance.now();
      await l[name]();
      samples.push(performance.now() - t0);
    }
    result[name] = percentile(samples, 50, 1);
  }
  return result;
}

async function measure(engine: BenchEngine, postgresUrl: string | null) {
  const userId = "bench-learner";
  return withSeededEngineDatabase(
    "progress",
    engine,
    postgresUrl,
    (sink) => seed(sink, userId),
    async ({ url, seedSeconds }) => {
      const db = createDb(url);
      // The log was seeded around the app's writers: count it in the aggregates, as the migration does for an existing log.
      const rebuildStarted = performance.now();
      await rebuildReviewAggregates(db, userId);
      const aggregateSeconds = Number(((performance.now() - rebuildStarted) / 1000).toFixed(1));
      // The first view after the backfill: every closed day is summed from the aggregates and stored (once per
      // learner and zone).
      const backfillStarted = performance.now();
      await fetchDashboard(db, userId, new Date(NOW.getTime() - COLD_RUNS * DAY_MS), createProgressCache());
      const firstViewAfterBackfillMs = Number((performance.now() - backfillStarted).toFixed(1));
      // The first view of each day, by a learner who looked yesterday: nothing cached in this process, the
      // day that closed since is summed and stored, the others read back.
      const firstView: number[] = [];
      for (let i = COLD_RUNS - 1; i >= 0; i--) {
        const cache = createProgressCache();
        const t0 = performance.now();
        await fetchDashboard(db, userId, new Date(NOW.getTime() - i * DAY_MS), cache);
        firstView.push(performance.now() - t0);
      }
      // Repeat views: the closed days and the schedule-state figures come from the cache.
      const cache = createProgressCache();
      const dashboard = await fetchDashboard(db, userId, NOW, cache);
      const repeatView: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await fetchDashboard(db, userId, NOW, cache);
        repeatView.push(performance.now() - t0);
      }
      if (process.env.BENCH_WIDGETS)
        console.error(JSON.stringify({ widgetP50Ms: await timeWidgets(db, userId, cache) }));
      await db.$disconnect();

      const judged = (samples: number[], target: { p50: number; p95: number }) => {
        const p50 = percentile(samples, 50, 1);
        const p95 = percentile(samples, 95, 1);
        return {
          p50,
          p95,
          runs: samples.length,
          targetP50Ms: target.p50,
          targetP95Ms: target.p95,
          meetsTarget: p50 <= target.p50 && p95 < target.p95,
        };
      };
      const first = judged(firstView, TARGETS.firstView);
      const repeat = judged(repeatView, TARGETS.repeatView);
      const ratio = Number((first.p50 / Math.max(repeat.p50, 1e-3)).toFixed(2));
      const sanity = {
        reviewsLastYear: dashboard.activity.totalReviews,
        longestStreak: dashboard.streaks.longest,
        dueTomorrow: dashboard.forecast.days[1]?.due ?? 0,
        exercisesWithStats: dashboard.mastery.exercises.length,
      };
      // A dashboard that saw none of the seeded data is fast for the wrong reason.
      const sane = Object.values(sanity).every((n) => n > 0);
      return {
        engine,
        seedSeconds,
        aggregateSeconds,
        firstViewAfterBackfill: {
          ms: firstViewAfterBackfillMs,
          targetMs: TARGETS.afterBackfillMs,
          meetsTarget: firstViewAfterBackfillMs <= TARGETS.afterBackfillMs,
        },
        firstViewOfDayMs: first,
        repeatViewMs: repeat,
        firstToRepeatP50: {
          ratio,
          target: TARGETS.firstToRepeatRatio,
          meetsTarget: ratio <= TARGETS.firstToRepeatRatio,
        },
        sanity: { ...sanity, ok: sane },
        meetsTarget:
          first.meetsTarget &&
          repeat.meetsTarget &&
          ratio <= TARGETS.firstToRepeatRatio &&
          firstViewAfterBackfillMs <= TARGETS.afterBackfillMs &&
          sane,
      };
    },
  );
}

runBenchmarkOnEachEngine("progress", "scripts/bench-progress.ts", measure, {
  timeZone: TIME_ZONE,
  items: ITEMS,
  reviewLogRows: REVIEWS,
});
