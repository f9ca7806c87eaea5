/**
 * `npm run bench:progress`: seeds a temporary SQLite file with one learner,
 * 100,000 items (cards, computed exercises, coding exercises) and 1,000,000
 * review-log rows over three years, then prints JSON with p50/p95 of the
 * server time to compute the whole progress dashboard (every widget's data,
 * through the app's data layer). Target: p95 < 300 ms.
 */
import Database from "better-sqlite3";
import { createDb } from "../lib/server/db";
import { clearProgressCache } from "../lib/server/progress/cache";
import { fetchDashboard } from "../lib/server/progress/dashboard";
import { learnerDayStart } from "../lib/srs/day";
import { iso, percentile, withSeededDatabase } from "./bench-support";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const REVIEWS = Number(process.env.BENCH_REVIEWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TIME_ZONE = process.env.BENCH_TZ ?? "Europe/Berlin";
const NOW = new Date("2026-06-15T10:00:00Z");
const DAY_MS = 86_400_000;
const TARGET_P95_MS = 300;
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const EXERCISES = 200;
const CODE = 100;

function itemIdOf(i: number): string {
  if (i < EXERCISES) return `exercise:gen-${i}`;
  if (i < EXERCISES + CODE) return `code:ex-${i}`;
  return `card:bench-${i}`;
}

function seed(file: string, userId: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const insertUser = db.prepare(
    `INSERT INTO "User" ("id","kind","locale","timeZone","dayStartHour","newPerDay","maxReviewsPerDay","enrolledContentVersion","createdAt","updatedAt")
     VALUES (?, 'local', 'en', ?, 4, 20, 200, 1, ?, ?)`,
  );
  const insertItem = db.prepare(
    `INSERT INTO "Item" ("id","kind","contentId","deck","position","payload","contentHash","createdAt","updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, 'h', ?, ?)`,
  );
  const insertState = db.prepare(
    `INSERT INTO "ItemState" ("userId","itemId","status","position","repetitions","intervalDays","easePermille","dueAt","lapses","lastReviewedAt","redrill","version")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'none', 0)`,
  );
  const insertLog = db.prepare(
    `INSERT INTO "ReviewLog" ("id","userId","itemId","kind","quality","reviewedAt","durationMs","repsBefore","intervalBefore","easeBefore",
       "statusBefore","redrillBefore","lapsesBefore","lastReviewedBefore","repsAfter","intervalAfter","easeAfter","dueAfter","detail")
     VALUES (?, ?, ?, ?, ?, ?, ?, 3, ?, 2500, 'active', 'none', 0, ?, 4, ?, 2500, ?, ?)`,
  );
  const created = iso(new Date(NOW.getTime() - 3 * 365 * DAY_MS));
  db.transaction(() => {
    insertUser.run(userId, TIME_ZONE, created, created);
    db.prepare(`INSERT INTO "Meta" ("key","value") VALUES ('contentVersion','1')`).run();
    for (let i = 0; i < ITEMS; i++) {
      const id = itemIdOf(i);
      const [kind, contentId] = id.split(":") as [string, string];
      const deck = kind === "card" ? `deck-${i % 50}` : `${kind === "exercise" ? "exercises" : "code"}-topic-${i % 10}`;
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
      insertItem.run(id, kind, contentId, deck, i, payload, created, created);
      if (i < ITEMS * 0.9) {
        const dueOffsetDays = ((i * 7919) % 180) - 60;
        const lastOffsetDays = Math.min(dueOffsetDays, 0) - 1 - (i % 30);
        const due = new Date(NOW.getTime() + dueOffsetDays * DAY_MS);
        const last = new Date(NOW.getTime() + lastOffsetDays * DAY_MS);
        insertState.run(
          userId,
          id,
          "active",
          i,
          3,
          dueOffsetDays - lastOffsetDays,
          1300 + ((i * 31) % 1700),
          iso(due),
          i % 13 === 0 ? i % 5 : 0,
          iso(last),
        );
      } else {
        insertState.run(userId, id, "new", i, 0, 0, 2500, null, 0, null);
      }
    }
    // Three years of history ending before today; kinds, grades and intervals varied.
    const historyEnd = learnerDayStart(NOW, { timeZone: TIME_ZONE, dayStartHour: 4 }).getTime() - 1;
    const seen = Math.floor(ITEMS * 0.9);
    for (let r = 0; r < REVIEWS; r++) {
      const at = new Date(historyEnd - Math.floor((r / REVIEWS) * 3 * 365 * DAY_MS));
      const item = (r * 7) % seen;
      const quality = [5, 4, 4, 3, 5, 2, 4, 1, 5, 0][r % 10] ?? 4;
      const kind = r % 17 === 0 ? "relearn" : r % 11 === 0 ? "new" : "review";
      const intervalBefore = kind === "new" ? 0 : ([1, 6, 15, 30, 60, 120][r % 6] ?? 6);
      const lastBefore =
        kind === "relearn"
          ? iso(new Date(at.getTime() - 60_000))
          : iso(new Date(at.getTime() - intervalBefore * DAY_MS));
      const id = itemIdOf(item);
      const detail = id.startsWith("exercise:")
        ? JSON.stringify({ generatorId: id.slice(9), seed: r, attempts: [{ input: "1", correct: quality >= 3 }] })
        : null;
      insertLog.run(
        `log-${r}`,
        userId,
        id,
        kind,
        quality,
        iso(at),
        2000 + (r % 9000),
        intervalBefore,
        lastBefore,
        intervalBefore * 2 + 1,
        iso(new Date(at.getTime() + 15 * DAY_MS)),
        detail,
      );
    }
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
}

async function main() {
  const userId = "bench-learner";
  await withSeededDatabase(
    "bench-progress",
    (file) => seed(file, userId),
    async ({ file, url, seedSeconds }) => {
      if (process.env.BENCH_EXTRA_SQL) {
        const raw = new Database(file);
        raw.exec(process.env.BENCH_EXTRA_SQL);
        raw.exec("ANALYZE");
        raw.close();
      }

      const db = createDb(url);
      // Cold: the first view of the day computes the closed days' aggregates.
      const cold: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        clearProgressCache();
        const t0 = performance.now();
        await fetchDashboard(db, userId, NOW);
        cold.push(performance.now() - t0);
      }
      const warm = await fetchDashboard(db, userId, NOW);
      const samples: number[] = [];
      const perWidget: Record<string, number[]> = {};
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await fetchDashboard(db, userId, NOW);
        samples.push(performance.now() - t0);
      }
      // Each widget alone, to see where the time goes (not part of the target).
      const { createProgressLoader } = await import("../lib/server/progress/dashboard");
      for (const name of ["activity", "today", "forecast", "distributions", "mastery", "hardest", "hourly"] as const) {
        perWidget[name] = [];
        for (let i = 0; i < Math.min(RUNS, 10); i++) {
          const l = createProgressLoader(db, userId, NOW);
          await l.context();
          await l.activity();
          const t0 = performance.now();
          await l[name]();
          perWidget[name].push(performance.now() - t0);
        }
      }
      await db.$disconnect();
      const p95 = percentile(samples, 95, 1);
      console.log(
        JSON.stringify(
          {
            benchmark: "progress",
            timeZone: TIME_ZONE,
            items: ITEMS,
            reviewLogRows: REVIEWS,
            seedSeconds,
            dashboardMs: { p50: percentile(samples, 50, 1), p95, runs: samples.length },
            firstViewOfDayMs: { p50: percentile(cold, 50, 1), max: percentile(cold, 100, 1), runs: cold.length },
            widgetP50Ms: Object.fromEntries(Object.entries(perWidget).map(([k, v]) => [k, percentile(v, 50, 1)])),
            sanity: {
              reviewsLastYear: warm.activity.totalReviews,
              longestStreak: warm.streaks.longest,
              dueTomorrow: warm.forecast.days[1]?.due ?? 0,
              exercisesWithStats: warm.mastery.exercises.length,
            },
            targetP95Ms: TARGET_P95_MS,
            meetsTarget: p95 < TARGET_P95_MS,
          },
          null,
          2,
        ),
      );
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
