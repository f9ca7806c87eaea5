/**
 * `npm run bench:browse`: on each engine (SQLite, then PostgreSQL), seeds
 * 100,000 cards for one learner (their schedule rows with the search
 * columns, tags, decks and states spread over them, beside a second
 * learner's rows), then times the card browser's first page through the
 * data layer (fetchBrowsePage: the page and the count) for a plain word, a
 * tag, a `prop:` search and a combined query with negation. Prints one JSON
 * object with both engines; `meetsTarget` covers every figure printed.
 *
 * Target: each query's p95 ≤ 50 ms.
 */
import { fetchBrowsePage } from "../lib/server/browse";
import { createDb } from "../lib/server/db";
import {
  type BenchEngine,
  type BulkSink,
  runBenchmarkOnEachEngine,
  summary,
  withSeededEngineDatabase,
} from "./bench-support";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const NOW = new Date("2026-06-15T10:00:00Z");
const DAY_MS = 86_400_000;
const TARGET_P95_MS = 50;
const USER_ID = "bench-learner";
const OTHER_ID = "bench-other";
const WORDS = ["gradient", "softmax", "relu", "batch", "norm", "dropout", "kernel", "stride", "pool", "loss"];
const TAGS = ["ml", "ml::cnn", "ml::rnn", "math", "opt", "stats"];
const DECKS = ["deck_own_a", "deck_own_b", "deck_own_c"];
const QUERIES = {
  word: "relu",
  tag: "tag:ml::cnn",
  prop: "prop:ivl>=10",
  combined: "(tag:ml OR deck:Own) -is:suspended softmax",
} as const;

function* range(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

async function seed(sink: BulkSink): Promise<void> {
  const created = new Date(NOW.getTime() - 365 * DAY_MS);
  await sink.insert(
    "User",
    ["id", "kind", "locale", "timeZone", "dayStartHour", "newPerDay", "maxReviewsPerDay", "createdAt", "updatedAt"],
    [USER_ID, OTHER_ID].map((id) => [id, "local", "en", "UTC", 4, 20, 200, created, created]),
  );
  await sink.insert(
    "Deck",
    ["id", "userId", "name", "createdAt", "updatedAt"],
    [
      [DECKS[0], USER_ID, "Own", created, created],
      [DECKS[1], USER_ID, "Own::Vision", created, created],
      [DECKS[2], USER_ID, "Other", created, created],
    ],
  );
  const payload = JSON.stringify({ kind: "card", front: { zh: "问", en: "Q" }, back: { zh: "答", en: "A" } });
  const textOf = (i: number) =>
    `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} card ${i} of the learner's own deck`;
  const tagsOf = (i: number) => (i % 4 === 0 ? "" : ` ${TAGS[i % TAGS.length]} ${TAGS[(i * 5) % TAGS.length]} `);
  await sink.insert(
    "Item",
    [
      "id",
      "kind",
      "contentId",
      "deck",
      "position",
      "payload",
      "contentHash",
      "createdAt",
      "updatedAt",
      "ownerId",
      "cardType",
      "noteType",
      "searchText",
    ],
    (function* () {
      for (const i of range(ITEMS))
        yield [
          `card:note_b${i}_1`,
          "card",
          `note_b${i}_1`,
          DECKS[i % 3],
          -1e9 + i,
          payload,
          "h",
          created,
          created,
          USER_ID,
          "basic",
          "basic",
          textOf(i),
        ];
    })(),
  );
  const columns = [
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
    "suspended",
    "flag",
    "deck",
    "tags",
    "cardType",
    "noteType",
    "searchText",
    "addedAt",
  ];
  const rowOf = (userId: string, i: number) => {
    const seen = i % 10 !== 0;
    const due = new Date(NOW.getTime() + (((i * 7919) % 180) - 60) * DAY_MS);
    return [
      userId,
      `card:note_b${i}_1`,
      seen ? "active" : "new",
      -1e9 + i,
      seen ? 3 : 0,
      seen ? i % 40 : 0,
      1300 + (i % 16) * 100,
      seen ? due : null,
      i % 5,
      seen ? created : null,
      i % 13 === 0,
      i % 17 === 0 ? 1 : 0,
      DECKS[i % 3],
      tagsOf(i),
      "basic",
      "basic",
      textOf(i),
      new Date(created.getTime() + (i % 365) * DAY_MS),
    ];
  };
  await sink.insert(
    "ItemState",
    columns,
    (function* () {
      for (const i of range(ITEMS)) yield rowOf(USER_ID, i);
    })(),
  );
  // Another learner with a tenth as many rows of the same shape: the searches must read only the first one's.
  await sink.insert(
    "ItemState",
    columns,
    (function* () {
      for (const i of range(Math.floor(ITEMS / 10))) yield rowOf(OTHER_ID, i);
    })(),
  );
}

async function measure(engine: BenchEngine, postgresUrl: string | null) {
  return withSeededEngineDatabase("browse", engine, postgresUrl, seed, async ({ url, seedSeconds }) => {
    const db = createDb(url);
    const results: Record<string, { p50: number; p95: number; runs: number; total: number; meetsTarget: boolean }> = {};
    for (const [name, query] of Object.entries(QUERIES)) {
      const first = await fetchBrowsePage(db, USER_ID, query, { sort: "added", descending: true, page: 1 }, NOW);
      if (!first.ok) throw new Error(`${query} does not parse`);
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await fetchBrowsePage(db, USER_ID, query, { sort: "added", descending: true, page: 1 }, NOW);
        samples.push(performance.now() - t0);
      }
      const s = summary(samples);
      results[name] = { ...s, total: first.total, meetsTarget: s.p95 <= TARGET_P95_MS };
    }
    await db.$disconnect();
    return {
      engine,
      items: ITEMS,
      seedSeconds,
      queries: QUERIES,
      targetP95Ms: TARGET_P95_MS,
      ...results,
      meetsTarget: Object.values(results).every((r) => r.meetsTarget),
    };
  });
}

runBenchmarkOnEachEngine("browse", "scripts/bench-browse.ts", measure, {
  items: ITEMS,
  queries: QUERIES,
  targetP95Ms: TARGET_P95_MS,
});
