/**
 * Random study histories for the differential tests: several learners (time
 * zones with DST and with a non-whole-hour offset, any day-start hour, tight
 * daily limits), a shared catalogue of cards, computed exercises and coding
 * exercises (some retired), schedule states and review logs of every kind
 * (undone rows included). Instants are drawn relative to each learner's day
 * boundaries, so many fall exactly on, just before or just after one.
 *
 * The world is written through the Prisma client only (no dialect-specific
 * SQL), so the same tests can run against PostgreSQL.
 */
import fc from "fast-check";
import { listGenerators } from "@/lib/exercises";
import type { Db } from "@/lib/server/db";
import { MAX_REVIEW_DURATION_MS as MAX_DURATION_MS } from "@/lib/srs/schedule";
import { type DayContext, learnerDayStart } from "@/lib/srs/day";
import { rebuildReviewAggregates } from "@/lib/server/review-aggregates";

export type WorldItemKind = "card" | "exercise" | "code";
export type WorldStatus = "new" | "active" | "retired";
export type WorldReviewKind = "new" | "review" | "relearn" | "practice" | "drill";
export type WorldRedrill = "none" | "relearn" | "practice";

export interface Bilingual {
  zh: string;
  en: string;
}

export interface WorldItem {
  id: string;
  kind: WorldItemKind;
  contentId: string;
  deck: string;
  /** Cards: the deck's title; exercises and code: their topic as both languages. */
  topic: Bilingual;
  /** The payload's chapter tag ("ch4"), as content sync writes it for cards and computed exercises. */
  chapter: string;
  /** The section of the notes ("第四章 › 4.2 损失函数"); "" for an item whose payload names none. */
  source: string;
  title: Bilingual;
  position: number;
  retired: boolean;
}

export interface WorldLearner extends DayContext {
  id: string;
  newPerDay: number;
  maxReviewsPerDay: number;
}

export interface WorldState {
  userId: string;
  itemId: string;
  status: WorldStatus;
  position: number;
  repetitions: number;
  intervalDays: number;
  easePermille: number;
  dueAt: Date | null;
  lapses: number;
  lastReviewedAt: Date | null;
  redrill: WorldRedrill;
  version: number;
}

export interface WorldLog {
  id: string;
  userId: string;
  itemId: string;
  kind: WorldReviewKind;
  quality: number;
  reviewedAt: Date;
  durationMs: number;
  intervalBefore: number;
  lastReviewedBefore: Date | null;
  undoneAt: Date | null;
}

export interface World {
  now: Date;
  learners: WorldLearner[];
  items: WorldItem[];
  states: WorldState[];
  logs: WorldLog[];
}

const MS_PER_DAY = 86_400_000;

/** UTC, a quarter-hour zone, two northern DST zones and a southern half-hour DST zone. */
export const TIME_ZONES = ["UTC", "Asia/Kathmandu", "America/New_York", "Europe/Berlin", "Australia/Adelaide"] as const;

/**
 * Views on or near DST changes (so today, the hourly window or the forecast
 * spans a 23- or 25-hour day) and one quiet day.
 */
export const NOWS = [
  "2026-03-08T15:00:00Z", // New York springs forward that morning
  "2026-03-29T12:00:00Z", // Berlin springs forward
  "2026-04-05T01:00:00Z", // Adelaide falls back
  "2026-10-25T09:00:00Z", // Berlin falls back
  "2026-11-01T07:30:00Z", // New York falls back
  "2026-06-15T10:00:00Z",
].map((s) => new Date(s));

/** Chapters 4 and 10 (which sort apart by number and by name), the concepts page, and no section at all. */
const DECKS = [
  { deck: "deck-a", chapter: "ch4", source: "第四章 › 4.2 损失函数", title: { zh: "甲组", en: "Deck A" } },
  { deck: "deck-b", chapter: "concepts", source: "部分概念补充 › 4、范数", title: { zh: "乙组", en: "Deck B" } },
  { deck: "deck-c", chapter: "", source: "", title: { zh: "丙组", en: "Deck C" } },
  { deck: "deck-d", chapter: "ch10", source: "第十章 › 10.2 Keras", title: { zh: "丁组", en: "Deck D" } },
] as const;
const CARDS_PER_DECK = 5;
const EXERCISE_IDS = ["conv-output-size", "mse", "norm-lp", "softmax"] as const;
/** Coding exercises carry no chapter tag, only their section. */
const CODE_EXERCISES = [
  { id: "mse", topic: "losses", source: "第四章 › 4.2 损失函数" },
  { id: "xor", topic: "networks", source: "第六章 › 6.3、卷积层与池化层" },
] as const;

interface ItemTemplate {
  id: string;
  kind: WorldItemKind;
  contentId: string;
  deck: string;
  topic: Bilingual;
  chapter: string;
  source: string;
  title: Bilingual;
}

/** The catalogue: ids share one shape per kind, so byte order and locale collation agree. */
function itemTemplates(): ItemTemplate[] {
  const cards = DECKS.flatMap((d) =>
    Array.from({ length: CARDS_PER_DECK }, (_, i) => {
      const contentId = `${d.deck}-${String(i + 1).padStart(2, "0")}`;
      return {
        id: `card:${contentId}`,
        kind: "card" as const,
        contentId,
        deck: d.deck,
        topic: d.title,
        chapter: d.chapter,
        source: d.source,
        title: { zh: `问 ${contentId}`, en: `Q ${contentId}` },
      };
    }),
  );
  const generators = new Map(listGenerators().map((g) => [g.id, g]));
  const exercises = EXERCISE_IDS.map((id) => {
    const g = generators.get(id);
    if (!g) throw new Error(`No generator ${id}`);
    return {
      id: `exercise:${id}`,
      kind: "exercise" as const,
      contentId: id,
      deck: `exercises-${g.topic}`,
      topic: { zh: g.topic, en: g.topic },
      chapter: g.chapter,
      source: g.source,
      title: g.title,
    };
  });
  const code = CODE_EXERCISES.map((c) => ({
    id: `code:${c.id}`,
    kind: "code" as const,
    contentId: c.id,
    deck: `code-${c.topic}`,
    topic: { zh: c.topic, en: c.topic },
    chapter: "",
    source: c.source,
    title: { zh: `代码 ${c.id}`, en: `Code ${c.id}` },
  }));
  return [...cards, ...exercises, ...code];
}

const TEMPLATES = itemTemplates();

// ---------------------------------------------------------------- instants

type Within = "start" | "justAfter" | "justBefore" | "inside";

interface TimeSpec {
  /** Learner day, relative to today. */
  day: number;
  within: Within;
  /** Where inside the day (0…1), and how to bring a future instant back to `now`. */
  frac: number;
}

const fracArb = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);
const withinArb = fc.constantFrom<Within>("start", "justAfter", "justBefore", "inside", "inside", "inside");

const timeSpecArb = (days: fc.Arbitrary<number>): fc.Arbitrary<TimeSpec> =>
  fc.record({ day: days, within: withinArb, frac: fracArb });

/** The instant a spec names in the learner's days. */
function resolveTime(spec: TimeSpec, now: Date, day: DayContext): number {
  const start = learnerDayStart(now, day, spec.day).getTime();
  const end = learnerDayStart(now, day, spec.day + 1).getTime();
  if (spec.within === "start") return start;
  if (spec.within === "justAfter") return start + 1;
  if (spec.within === "justBefore") return end - 1;
  return start + Math.floor(spec.frac * (end - start));
}

/** As resolveTime, never after `now` (a log cannot be written in the future): often exactly `now`. */
function resolvePast(spec: TimeSpec, now: Date, day: DayContext): number {
  const t = resolveTime(spec, now, day);
  if (t <= now.getTime()) return t;
  if (spec.frac < 0.3) return now.getTime();
  const start = Math.min(learnerDayStart(now, day, spec.day).getTime(), now.getTime());
  return start + Math.floor(spec.frac * (now.getTime() - start));
}

/** Days that sit on a window's edge: today, yesterday, the weeks, 30/60 days, the hourly 90, the year. */
const EDGE_LOG_DAYS = [0, -1, -6, -7, -29, -30, -59, -60, -89, -90, -363, -364, -365, -366];
const logDayArb = fc.oneof(
  { arbitrary: fc.constantFrom(...EDGE_LOG_DAYS), weight: 3 },
  { arbitrary: fc.integer({ min: -120, max: 0 }), weight: 4 },
  { arbitrary: fc.integer({ min: -1100, max: -121 }), weight: 2 },
);
/** Forecast edges: overdue, today, tomorrow, day 30 (last shown), day 31 (not shown). */
const dueDayArb = fc.oneof(
  { arbitrary: fc.constantFrom(-1, 0, 1, 30, 31), weight: 3 },
  { arbitrary: fc.integer({ min: -40, max: 35 }), weight: 4 },
);

// ---------------------------------------------------------------- specs

interface LearnerSpec {
  timeZone: string;
  dayStartHour: number;
  newPerDay: number;
  maxReviewsPerDay: number;
  states: (StateSpec | null)[];
  logs: LogSpec[];
}

interface StateSpec {
  /** Used when the item is not retired; a retired item's state is "retired" either way. */
  active: boolean;
  repetitions: number;
  intervalDays: number;
  easePermille: number;
  lapses: number;
  due: { nowDeltaMs: number } | TimeSpec;
  lastReviewed: TimeSpec;
  redrill: WorldRedrill;
  version: number;
}

type LastBefore = "none" | "dayStart" | "justBeforeDay" | "sameDay" | "daysBefore";

interface LogSpec {
  item: number;
  kind: WorldReviewKind;
  quality: number;
  time: TimeSpec;
  durationMs: number;
  intervalBefore: number;
  lastBefore: LastBefore;
  lastBeforeDays: number;
  undone: boolean;
}

const stateSpecArb: fc.Arbitrary<StateSpec> = fc.record({
  active: fc.integer({ min: 0, max: 99 }).map((n) => n < 65),
  repetitions: fc.integer({ min: 1, max: 8 }),
  intervalDays: fc.oneof(fc.constantFrom(0, 1, 6, 20, 21, 22), fc.integer({ min: 0, max: 400 })),
  easePermille: fc.oneof(fc.constantFrom(1300, 2499, 2500, 2501, 3000), fc.integer({ min: 1300, max: 3300 })),
  lapses: fc.constantFrom(0, 0, 0, 1, 2, 5),
  due: fc.oneof(
    { arbitrary: fc.record({ nowDeltaMs: fc.constantFrom(-1, 0, 1) }), weight: 1 },
    { arbitrary: timeSpecArb(dueDayArb), weight: 4 },
  ),
  lastReviewed: timeSpecArb(fc.oneof(fc.constantFrom(0, 0, -1), fc.integer({ min: -60, max: 0 }))),
  redrill: fc.constantFrom<WorldRedrill>("none", "none", "relearn", "practice"),
  version: fc.integer({ min: 0, max: 3 }),
});

const logSpecArb: fc.Arbitrary<LogSpec> = fc.record({
  item: fc.nat({ max: TEMPLATES.length - 1 }),
  kind: fc.constantFrom<WorldReviewKind>("new", "review", "review", "review", "relearn", "practice", "drill"),
  quality: fc.integer({ min: 0, max: 5 }),
  time: timeSpecArb(logDayArb),
  durationMs: fc.oneof(fc.constantFrom(0, MAX_DURATION_MS), fc.integer({ min: 0, max: MAX_DURATION_MS })),
  intervalBefore: fc.oneof(fc.constantFrom(0, 1, 6, 20, 21, 22), fc.integer({ min: 0, max: 200 })),
  lastBefore: fc.constantFrom<LastBefore>("none", "dayStart", "justBeforeDay", "sameDay", "daysBefore", "daysBefore"),
  lastBeforeDays: fc.integer({ min: 1, max: 60 }),
  undone: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

const learnerSpecArb = (logs: { minLength: number; maxLength: number }): fc.Arbitrary<LearnerSpec> =>
  fc.record({
    timeZone: fc.constantFrom(...TIME_ZONES),
    dayStartHour: fc.oneof(fc.constantFrom(0, 2, 4, 23), fc.integer({ min: 0, max: 23 })),
    // Limits of 0 are common, so the other sections of the queue come first too.
    newPerDay: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 })),
    maxReviewsPerDay: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8 })),
    states: fc.array(fc.option(stateSpecArb, { freq: 10 }), {
      minLength: TEMPLATES.length,
      maxLength: TEMPLATES.length,
    }),
    logs: fc.array(logSpecArb, logs),
  });

export interface WorldOptions {
  learners?: { minLength: number; maxLength: number };
  logsPerLearner?: { minLength: number; maxLength: number };
}

/** A random world; a few hundred rows with the defaults. */
export function worldArb(options: WorldOptions = {}): fc.Arbitrary<World> {
  return fc
    .record({
      now: fc.constantFrom(...NOWS),
      positions: fc.shuffledSubarray(
        TEMPLATES.map((_, i) => i),
        { minLength: TEMPLATES.length, maxLength: TEMPLATES.length },
      ),
      retired: fc.array(
        fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
        { minLength: TEMPLATES.length, maxLength: TEMPLATES.length },
      ),
      learners: fc.array(
        learnerSpecArb(options.logsPerLearner ?? { minLength: 30, maxLength: 150 }),
        options.learners ?? { minLength: 2, maxLength: 4 },
      ),
    })
    .map(({ now, positions, retired, learners }) => buildWorld(now, positions, retired, learners));
}

function buildWorld(now: Date, positions: number[], retired: boolean[], specs: LearnerSpec[]): World {
  const items: WorldItem[] = TEMPLATES.map((t, i) => ({
    ...t,
    position: positions[i] ?? i,
    retired: retired[i] ?? false,
  }));
  const learners: WorldLearner[] = [];
  const states: WorldState[] = [];
  const logs: WorldLog[] = [];
  specs.forEach((spec, li) => {
    const learner: WorldLearner = {
      id: `learner-${String.fromCharCode(97 + li)}`,
      timeZone: spec.timeZone,
      dayStartHour: spec.dayStartHour,
      newPerDay: spec.newPerDay,
      maxReviewsPerDay: spec.maxReviewsPerDay,
    };
    learners.push(learner);
    items.forEach((item, ii) => {
      const s = spec.states[ii];
      if (s) states.push(stateOf(learner, item, s, now));
    });
    spec.logs.forEach((l, n) => {
      const item = items[l.item];
      if (item) logs.push(logOf(learner, item, l, n, now));
    });
  });
  const world: World = { now, learners, items, states, logs };
  // A failing case prints as a summary; fc's seed and path reproduce it in full.
  Object.defineProperty(world, fc.toStringMethod, {
    value: () =>
      `World(now ${now.toISOString()}; ${learners.map((l) => `${l.id} ${l.timeZone} ${l.dayStartHour}h`).join(", ")}; ` +
      `${states.length} states, ${logs.length} logs)`,
  });
  return world;
}

function stateOf(learner: WorldLearner, item: WorldItem, s: StateSpec, now: Date): WorldState {
  const base = { userId: learner.id, itemId: item.id, position: item.position, version: s.version };
  const fresh = {
    repetitions: 0,
    intervalDays: 0,
    easePermille: 2500,
    dueAt: null,
    lapses: 0,
    lastReviewedAt: null,
    redrill: "none" as const,
  };
  // As content sync leaves them: a retired item's states are retired, keeping their schedule.
  const status: WorldStatus = item.retired ? "retired" : s.active ? "active" : "new";
  if (!s.active) return { ...base, ...fresh, status };
  const dueAt = "nowDeltaMs" in s.due ? now.getTime() + s.due.nowDeltaMs : resolveTime(s.due, now, learner);
  return {
    ...base,
    status,
    repetitions: s.repetitions,
    intervalDays: s.intervalDays,
    easePermille: s.easePermille,
    dueAt: new Date(dueAt),
    lapses: s.lapses,
    lastReviewedAt: new Date(resolvePast(s.lastReviewed, now, learner)),
    redrill: s.redrill,
  };
}

function logOf(learner: WorldLearner, item: WorldItem, l: LogSpec, n: number, now: Date): WorldLog {
  const reviewedAt = resolvePast(l.time, now, learner);
  const dayStart = learnerDayStart(now, learner, l.time.day).getTime();
  const lastBefore: Record<LastBefore, number | null> = {
    none: null,
    dayStart,
    justBeforeDay: dayStart - 1,
    sameDay: dayStart + Math.floor(l.time.frac * Math.max(0, reviewedAt - dayStart)),
    daysBefore: reviewedAt - l.lastBeforeDays * MS_PER_DAY,
  };
  const last = lastBefore[l.lastBefore];
  return {
    id: `log-${learner.id}-${String(n).padStart(4, "0")}`,
    userId: learner.id,
    itemId: item.id,
    kind: l.kind,
    quality: l.quality,
    reviewedAt: new Date(reviewedAt),
    durationMs: l.durationMs,
    intervalBefore: l.kind === "new" ? 0 : l.intervalBefore,
    lastReviewedBefore: last === null || l.kind === "new" ? null : new Date(last),
    undoneAt: l.undone ? new Date(reviewedAt) : null,
  };
}

// ---------------------------------------------------------------- the database

function payloadOf(item: WorldItem): unknown {
  if (item.kind === "card")
    return {
      kind: "card",
      deck: item.deck,
      deckTitle: item.topic,
      chapter: item.chapter,
      tags: [],
      ...(item.source ? { source: item.source } : {}),
      front: item.title,
      back: { zh: "答", en: "A" },
    };
  return {
    kind: item.kind,
    ...(item.kind === "exercise"
      ? { generatorId: item.contentId, chapter: item.chapter }
      : { exerciseId: item.contentId }),
    topic: item.topic.en,
    title: item.title,
    ...(item.source ? { source: item.source } : {}),
  };
}

/** Empties the tables a world fills (children first), in one transaction. */
export async function clearWorld(db: Db): Promise<void> {
  await db.$transaction([
    db.reviewLog.deleteMany(),
    db.itemState.deleteMany(),
    db.item.deleteMany(),
    db.user.deleteMany(),
  ]);
}

/** Writes the world; `only` keeps one learner's rows (and the shared catalogue). */
export async function writeWorld(db: Db, world: World, only?: string): Promise<void> {
  const mine = <T extends { userId: string }>(rows: T[]) => (only ? rows.filter((r) => r.userId === only) : rows);
  const learners = only ? world.learners.filter((l) => l.id === only) : world.learners;
  await db.$transaction([
    db.user.createMany({
      data: learners.map((l) => ({
        id: l.id,
        email: `${l.id}@example.test`,
        name: l.id,
        kind: "account",
        timeZone: l.timeZone,
        dayStartHour: l.dayStartHour,
        newPerDay: l.newPerDay,
        maxReviewsPerDay: l.maxReviewsPerDay,
      })),
    }),
    db.item.createMany({
      data: world.items.map((i) => ({
        id: i.id,
        kind: i.kind,
        contentId: i.contentId,
        deck: i.deck,
        position: i.position,
        payload: JSON.stringify(payloadOf(i)),
        contentHash: "h",
        retiredAt: i.retired ? new Date(world.now.getTime() - 30 * MS_PER_DAY) : null,
      })),
    }),
    db.itemState.createMany({ data: mine(world.states) }),
    db.reviewLog.createMany({
      data: mine(world.logs).map((l) => ({
        ...l,
        repsBefore: l.kind === "new" ? 0 : 2,
        easeBefore: 2500,
        statusBefore: l.kind === "new" ? "new" : "active",
        redrillBefore: "none",
        lapsesBefore: 0,
        repsAfter: l.quality >= 3 ? 3 : 0,
        intervalAfter: l.quality >= 3 ? l.intervalBefore + 1 : 0,
        easeAfter: 2500,
        detail: l.itemId.startsWith("exercise:")
          ? JSON.stringify({ generatorId: l.itemId.slice("exercise:".length), seed: 7, attempts: [] })
          : null,
      })),
    }),
  ]);
  // The log was written around the app's writers: count it in the progress aggregates as they would.
  for (const l of learners) await rebuildReviewAggregates(db, l.id);
}

/** The world as the database now holds it (after grades and undos). */
export async function readWorld(db: Db, base: World): Promise<World> {
  const [states, logs] = await Promise.all([
    db.itemState.findMany({ orderBy: [{ userId: "asc" }, { itemId: "asc" }] }),
    db.reviewLog.findMany({ orderBy: { id: "asc" } }),
  ]);
  return {
    ...base,
    states: states.map((s) => ({
      userId: s.userId,
      itemId: s.itemId,
      status: s.status as WorldStatus,
      position: s.position,
      repetitions: s.repetitions,
      intervalDays: s.intervalDays,
      easePermille: s.easePermille,
      dueAt: s.dueAt,
      lapses: s.lapses,
      lastReviewedAt: s.lastReviewedAt,
      redrill: s.redrill as WorldRedrill,
      version: s.version,
    })),
    logs: logs.map((l) => ({
      id: l.id,
      userId: l.userId,
      itemId: l.itemId,
      kind: l.kind as WorldReviewKind,
      quality: l.quality,
      reviewedAt: l.reviewedAt,
      durationMs: l.durationMs,
      intervalBefore: l.intervalBefore,
      lastReviewedBefore: l.lastReviewedBefore,
      undoneAt: l.undoneAt,
    })),
  };
}
