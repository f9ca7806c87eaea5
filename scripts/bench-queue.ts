/**
 * `npm run bench:queue`: on each engine (SQLite, then PostgreSQL), seeds a
 * database with 100,000 items and 1,000,000 review-log rows for one learner,
 * then measures through the app's data layer building the day's queue
 * (fetchReviewSession) and saving one grade (gradeItem, the learner's day
 * already read, as the grade action does), and runs the very same queue
 * statements on the bare driver as a floor. Prints one JSON object with both
 * engines; `meetsTarget` covers every figure printed.
 *
 * Targets: queue p95 < 20 ms; grade p95 ≤ 5 ms; queue ÷ floor at p95 ≤ 3.
 */
import { createDb } from "../lib/server/db";
import { fetchLearnerContext, fetchReviewSession, gradeItem } from "../lib/server/reviews";
import { queueContextSql, queueSnapshotSql } from "../lib/server/sql/queue";
import { learnerDayStart } from "../lib/srs/day";
import { SCHEDULED_REVIEW_KINDS } from "../lib/srs/schedule";
import {
  type BenchEngine,
  type BulkSink,
  runBenchmarkOnEachEngine,
  summary,
  withSeededEngineDatabase,
} from "./bench-support";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const NOW = new Date("2026-06-15T10:00:00Z");
const DAY_MS = 86_400_000;
const DAY = { timeZone: "UTC", dayStartHour: 4 } as const;
const TARGETS = { queueP95Ms: 20, gradeP95Ms: 5, rawRatioP95: 3 };
const USER_ID = "bench-learner";

function* range(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

async function seed(sink: BulkSink): Promise<void> {
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
    [[USER_ID, "local", "en", DAY.timeZone, DAY.dayStartHour, 20, 200, 1, created, created]],
  );
  await sink.insert("Meta", ["key", "value"], [["contentVersion", "1"]]);
  const payload = JSON.stringify({ kind: "card", front: { zh: "问", en: "Q" }, back: { zh: "答", en: "A" } });
  await sink.insert(
    "Item",
    ["id", "kind", "contentId", "deck", "position", "payload", "contentHash", "createdAt", "updatedAt"],
    (function* () {
      for (const i of range(ITEMS))
        yield [`card:bench-${i}`, "card", `bench-${i}`, `deck-${i % 50}`, i, payload, "h", created, created];
    })(),
  );
  // 90% seen: due dates spread from 60 days ago to 120 days ahead (about a third overdue); 10% new.
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
      for (const i of range(ITEMS)) {
        const id = `card:bench-${i}`;
        if (i < ITEMS * 0.9) {
          const dueOffsetDays = ((i * 7919) % 180) - 60;
          const lastOffsetDays = Math.min(dueOffsetDays, 0) - 1 - (i % 30);
          const due = new Date(NOW.getTime() + dueOffsetDays * DAY_MS);
          const last = new Date(NOW.getTime() + lastOffsetDays * DAY_MS);
          yield [USER_ID, id, "active", i, 3, dueOffsetDays - lastOffsetDays, 2500, due, 0, last, "none", 0];
        } else {
          yield [USER_ID, id, "new", i, 0, 0, 2500, null, 0, null, "none", 0];
        }
      }
    })(),
  );
  // Three years of history, ending before today so the daily limits start fresh.
  const historyEnd = learnerDayStart(NOW, DAY).getTime() - 1;
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
      "repsAfter",
      "intervalAfter",
      "easeAfter",
      "dueAfter",
    ],
    (function* () {
      for (const r of range(REVIEWS)) {
        const at = new Date(historyEnd - Math.floor((r / REVIEWS) * 3 * 365 * DAY_MS));
        const item = `card:bench-${r % Math.floor(ITEMS * 0.9)}`;
        yield [
          `log-${r}`,
          USER_ID,
          item,
          "review",
          4,
          at,
          3000,
          1,
          6,
          2500,
          "active",
          "none",
          0,
          2,
          15,
          2500,
          new Date(at.getTime() + 15 * DAY_MS),
        ];
      }
    })(),
  );
}

async function measure(engine: BenchEngine, postgresUrl: string | null) {
  return withSeededEngineDatabase("queue", engine, postgresUrl, seed, async ({ url, seedSeconds, openRaw }) => {
    const db = createDb(url);
    await fetchReviewSession(db, USER_ID, NOW);
    const queueMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await fetchReviewSession(db, USER_ID, NOW);
      queueMs.push(performance.now() - t0);
    }

    // The floor: the same two statements fetchReviewSession issues, on the bare driver.
    const raw = await openRaw();
    const dayStart = learnerDayStart(NOW, DAY);
    const rawQueue = async () => {
      await raw.all(queueContextSql(USER_ID));
      await raw.all(queueSnapshotSql(USER_ID, NOW, dayStart, 200, 20, SCHEDULED_REVIEW_KINDS));
    };
    await rawQueue();
    const rawMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await rawQueue();
      rawMs.push(performance.now() - t0);
    }
    await raw.close();

    // Grade due items one after another, each from a fresh queue (not timed), the learner's day already read.
    const context = await fetchLearnerContext(db, USER_ID, NOW);
    const gradeMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const current = (await fetchReviewSession(db, USER_ID, NOW, context)).current;
      if (!current) break;
      const input = {
        reviewId: `bench-grade-${i}`,
        itemId: current.itemId,
        quality: 4,
        expectedVersion: current.version,
        durationMs: 2000,
      };
      const t0 = performance.now();
      await gradeItem(db, USER_ID, input, NOW, { learner: context });
      gradeMs.push(performance.now() - t0);
    }
    await db.$disconnect();

    const queue = summary(queueMs);
    const grade = summary(gradeMs);
    const floor = summary(rawMs);
    const ratioP95 = Number((queue.p95 / Math.max(floor.p95, 1e-3)).toFixed(2));
    const ratioP50 = Number((queue.p50 / Math.max(floor.p50, 1e-3)).toFixed(2));
    const meets = {
      queue: queue.p95 < TARGETS.queueP95Ms,
      grade: grade.runs > 0 && grade.p95 <= TARGETS.gradeP95Ms,
      ratio: ratioP95 <= TARGETS.rawRatioP95,
    };
    return {
      engine,
      seedSeconds,
      buildQueueMs: queue,
      saveGradeMs: grade,
      rawQueueFloorMs: floor,
      ratioQueueToFloorP95: ratioP95,
      ratioQueueToFloorP50: ratioP50,
      meets,
      meetsTarget: Object.values(meets).every(Boolean),
    };
  });
}

runBenchmarkOnEachEngine("queue", "scripts/bench-queue.ts", measure, {
  items: ITEMS,
  reviewLogRows: REVIEWS,
  runs: RUNS,
  targets: TARGETS,
});
