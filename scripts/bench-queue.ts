/**
 * `npm run bench:queue`: seeds a temporary SQLite file with 100,000 items and
 * 1,000,000 review-log rows for one learner, then prints JSON with p50/p95 of
 * building the day's queue and of saving one grade through the app's data
 * layer, and of the same queue queries run raw on better-sqlite3 as a floor.
 * Targets: queue p95 < 20 ms, grade p95 < 10 ms, ratio to raw < 3.
 */
import Database from "better-sqlite3";
import { createDb } from "../lib/server/db";
import type { Prisma } from "../lib/server/generated/prisma/client";
import { fetchReviewSession, gradeItem } from "../lib/server/reviews";
import { doneTodaySql, queueContextSql, queueCountsSql, queueHeadsSql, queueItemSql } from "../lib/server/sql/queue";
import { learnerDayStart } from "../lib/srs/day";
import { iso, summary, withSeededDatabase } from "./bench-support";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const NOW = new Date("2026-06-15T10:00:00Z");
const DAY_MS = 86_400_000;
const TARGETS = { queueP95Ms: 20, gradeP95Ms: 10, rawRatio: 3 };

function seed(file: string, userId: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insertUser = db.prepare(
    `INSERT INTO "User" ("id","kind","locale","timeZone","dayStartHour","newPerDay","maxReviewsPerDay","enrolledContentVersion","createdAt","updatedAt")
     VALUES (?, 'local', 'en', 'UTC', 4, 20, 200, 1, ?, ?)`,
  );
  const insertItem = db.prepare(
    `INSERT INTO "Item" ("id","kind","contentId","deck","position","payload","contentHash","createdAt","updatedAt")
     VALUES (?, 'card', ?, ?, ?, ?, 'h', ?, ?)`,
  );
  const insertState = db.prepare(
    `INSERT INTO "ItemState" ("userId","itemId","status","position","repetitions","intervalDays","easePermille","dueAt","lapses","lastReviewedAt","redrill","version")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'none', 0)`,
  );
  const insertLog = db.prepare(
    `INSERT INTO "ReviewLog" ("id","userId","itemId","kind","quality","reviewedAt","durationMs","repsBefore","intervalBefore","easeBefore",
       "statusBefore","redrillBefore","lapsesBefore","repsAfter","intervalAfter","easeAfter","dueAfter")
     VALUES (?, ?, ?, 'review', 4, ?, 3000, 1, 6, 2500, 'active', 'none', 0, 2, 15, 2500, ?)`,
  );
  const created = iso(new Date(NOW.getTime() - 3 * 365 * DAY_MS));
  db.transaction(() => {
    insertUser.run(userId, created, created);
    db.prepare(`INSERT INTO "Meta" ("key","value") VALUES ('contentVersion','1')`).run();
    const payload = JSON.stringify({ kind: "card", front: { zh: "问", en: "Q" }, back: { zh: "答", en: "A" } });
    for (let i = 0; i < ITEMS; i++) {
      const id = `card:bench-${i}`;
      insertItem.run(id, `bench-${i}`, `deck-${i % 50}`, i, payload, created, created);
      // 90% seen: due dates spread from 60 days ago to 120 days ahead (about a third overdue); 10% new.
      if (i < ITEMS * 0.9) {
        const dueOffsetDays = ((i * 7919) % 180) - 60;
        const lastOffsetDays = Math.min(dueOffsetDays, 0) - 1 - (i % 30);
        const due = new Date(NOW.getTime() + dueOffsetDays * DAY_MS);
        const last = new Date(NOW.getTime() + lastOffsetDays * DAY_MS);
        insertState.run(userId, id, "active", i, 3, dueOffsetDays - lastOffsetDays, 2500, iso(due), iso(last));
      } else {
        insertState.run(userId, id, "new", i, 0, 0, 2500, null, null);
      }
    }
    // Three years of history, ending before today so the daily limits start fresh.
    const historyEnd = learnerDayStart(NOW, { timeZone: "UTC", dayStartHour: 4 }).getTime() - 1;
    for (let r = 0; r < REVIEWS; r++) {
      const at = new Date(historyEnd - Math.floor((r / REVIEWS) * 3 * 365 * DAY_MS));
      insertLog.run(
        `log-${r}`,
        userId,
        `card:bench-${r % Math.floor(ITEMS * 0.9)}`,
        iso(at),
        iso(new Date(at.getTime() + 15 * DAY_MS)),
      );
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
}

/**
 * The very statements fetchReviewSession issues (the same Prisma.sql objects
 * from lib/server/sql.ts), run raw on better-sqlite3.
 */
function rawQueue(db: Database.Database, userId: string, now: Date) {
  const run = (q: Prisma.Sql) => db.prepare(q.sql).all(...q.values.map((v) => (v instanceof Date ? iso(v) : v)));
  run(queueContextSql(userId));
  const dayStart = learnerDayStart(now, { timeZone: "UTC", dayStartHour: 4 });
  run(doneTodaySql(userId, dayStart));
  const heads = run(queueHeadsSql(userId, now, dayStart, 200, 20)) as { itemId: string }[];
  run(queueCountsSql(userId, now, dayStart, 200, 20));
  const head = heads[0];
  return head ? run(queueItemSql(head.itemId)) : null;
}

async function main() {
  const userId = "bench-learner";
  await withSeededDatabase(
    "bench-queue",
    (file) => seed(file, userId),
    async ({ file, url, seedSeconds }) => {
      const db = createDb(url);
      // Warm up both paths once.
      await fetchReviewSession(db, userId, NOW);
      const queueMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await fetchReviewSession(db, userId, NOW);
        queueMs.push(performance.now() - t0);
      }

      const raw = new Database(file, { readonly: true });
      rawQueue(raw, userId, NOW);
      const rawMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        rawQueue(raw, userId, NOW);
        rawMs.push(performance.now() - t0);
      }
      raw.close();

      // Grade due items one after another, each from a fresh queue (not timed).
      const gradeMs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const session = await fetchReviewSession(db, userId, NOW);
        const current = session.current;
        if (!current) break;
        const input = {
          reviewId: `bench-grade-${i}`,
          itemId: current.itemId,
          quality: 4,
          expectedVersion: current.version,
          durationMs: 2000,
        };
        const t0 = performance.now();
        await gradeItem(db, userId, input, NOW);
        gradeMs.push(performance.now() - t0);
      }
      await db.$disconnect();

      const queue = summary(queueMs);
      const grade = summary(gradeMs);
      const rawQuery = summary(rawMs);
      const ratio = Number((queue.p95 / Math.max(rawQuery.p95, 1e-3)).toFixed(2));
      const ratioP50 = Number((queue.p50 / Math.max(rawQuery.p50, 1e-3)).toFixed(2));
      const result = {
        benchmark: "queue",
        items: ITEMS,
        reviewLogRows: REVIEWS,
        seedSeconds,
        buildQueueMs: queue,
        saveGradeMs: grade,
        rawQueueFloorMs: rawQuery,
        ratioQueueToRawP95: ratio,
        ratioQueueToRawP50: ratioP50,
        targets: TARGETS,
        meetsTargets: {
          queue: queue.p95 < TARGETS.queueP95Ms,
          grade: grade.p95 < TARGETS.gradeP95Ms,
          ratio: ratio < TARGETS.rawRatio,
        },
      };
      console.log(JSON.stringify(result, null, 2));
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
