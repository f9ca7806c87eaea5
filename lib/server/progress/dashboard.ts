import "server-only";
/**
 * Every figure of the progress dashboard, scoped to the learner id passed in
 * and computed at the `now` passed in. The SQL lives in ../sql/progress.ts;
 * the arithmetic on its grouped rows in lib/progress.
 */
import { type Activity, type DailyCount, summarizeActivity } from "@/lib/progress/activity";
import { dayKeyAt, dayOffsetOf, learnerDays, localHours } from "@/lib/progress/days";
import {
  type Bucket,
  type CardCounts,
  type Forecast,
  easeBuckets,
  forecast,
  intervalBuckets,
  meanOf,
} from "@/lib/progress/distributions";
import { type ItemMeta, historyHref, itemMetaOf, parsePayload, practiceHref } from "@/lib/progress/items";
import {
  type MasteryChapter,
  type MasteryClass,
  RECENT_DAYS,
  type Trend,
  summarizeMastery,
  trendOf,
} from "@/lib/progress/mastery";
import { type RetentionCount, type RetentionSummary, summarizeRetention } from "@/lib/progress/retention";
import { type Streaks, computeStreaks } from "@/lib/progress/streaks";
import { type HourStat, ITEM_KINDS, type ItemKind, PASS_QUALITY, itemKindOf } from "@/lib/progress/types";
import { learnerDayKey, learnerDayStart } from "@/lib/srs/day";
import type { DailyLimits } from "@/lib/srs/queue";
import { INITIAL_EASE_PERMILLE } from "@/lib/srs/sm2";
import type { Db } from "../db";
import {
  dailyCountsSql,
  easeCountsSql,
  exerciseStatsSql,
  firstReviewSql,
  futureDueSql,
  hardestItemsSql,
  hourlySql,
  intervalCountsSql,
  itemPayloadsSql,
  masteryCountsSql,
} from "../sql/progress";
import { queueCountsSql, toDateOrNull, toNumber } from "../sql/queue";
import {
  type ClosedDays,
  type ProgressCache,
  cachedByState,
  closedDaysMarkers,
  processCache,
  stateMarkers,
} from "./cache";
import { type ProgressContext, fetchProgressContext } from "./context";
import { fetchClosedDayRows } from "./day-counts";

/** Days of history behind the heatmap, the reviews chart and weekly retention. */
export const ACTIVITY_DAYS = 365;
/** Weeks of true retention (364 days: inside ACTIVITY_DAYS). */
export const RETENTION_WEEKS = 52;
/** Days ahead in the future-due forecast. */
export const FORECAST_DAYS = 30;
/** Days behind the hourly breakdown. */
export const HOURLY_DAYS = 90;
/** Streaks look back at most this far (bounds the statement size). */
export const MAX_STREAK_HISTORY_DAYS = 3650;
export const HARDEST_ITEMS = 10;
/** Learner days (today included) whose failures rank the hardest items. */
export const HARD_FAILURE_DAYS = 30;

function oneOfKinds(value: unknown): ItemKind {
  return (ITEM_KINDS as readonly string[]).includes(String(value)) ? (value as ItemKind) : "card";
}

export interface ActivityData {
  activity: Activity;
  retention: RetentionSummary;
  streaks: Streaks;
}

function splitDaily(rows: readonly Record<string, unknown>[]): { daily: DailyCount[]; retention: RetentionCount[] } {
  const daily: DailyCount[] = [];
  const retention: RetentionCount[] = [];
  for (const r of rows) {
    const dayOffset = toNumber(r.dayOffset);
    const quality = toNumber(r.quality);
    const count = toNumber(r.n);
    daily.push({ dayOffset, itemKind: oneOfKinds(r.itemKind), quality, count, durationMs: toNumber(r.durationMs) });
    const cls = toNumber(r.retention);
    if (cls > 0)
      retention.push({
        dayOffset,
        cls: cls === 2 ? "mature" : "young",
        passes: quality >= PASS_QUALITY ? count : 0,
        total: count,
      });
  }
  return { daily, retention };
}

async function fetchHourCounts(db: Db, userId: string, from: Date, to: Date, timeZone: string): Promise<HourStat[]> {
  const hours: HourStat[] = Array.from({ length: 24 }, (_, hour) => ({ hour, total: 0, passes: 0 }));
  if (from >= to) return hours;
  const rows = await db.$queryRaw<Record<string, unknown>[]>(hourlySql(userId, localHours(from, to, timeZone)));
  for (const r of rows) {
    const h = hours[toNumber(r.hour)];
    if (h) {
      h.total += toNumber(r.total);
      h.passes += toNumber(r.passes);
    }
  }
  return hours;
}

async function fetchClosedDays(db: Db, ctx: ProgressContext, cache: ProgressCache): Promise<ClosedDays> {
  const { userId, now, day } = ctx;
  const todayStart = learnerDayStart(now, day);
  const markers = await closedDaysMarkers(db, userId, todayStart);
  const key = `${userId}|${day.timeZone}|${day.dayStartHour}|${learnerDayKey(now, day)}`;
  const cached = cache.closedDays.get(key, markers, now);
  if (cached) return cached;
  // Days from the first review on (older ones only count for streaks), a whole year at least. dayOffsetOf
  // names the day by its local date, which in an hour a DST change repeats can be one day later than the
  // day range that holds the instant: one day more.
  const [first] = await db.$queryRaw<{ reviewedAt: unknown }[]>(firstReviewSql(userId));
  const firstAt = toDateOrNull(first?.reviewedAt);
  const windowStart = 1 - ACTIVITY_DAYS;
  const oldest = firstAt
    ? Math.min(windowStart, Math.max(dayOffsetOf(firstAt, now, day) - 1, -MAX_STREAK_HISTORY_DAYS))
    : windowStart;
  const closed = await fetchClosedDayRows(db, userId, now, day, learnerDays(now, day, oldest, -1), windowStart);
  const { daily, retention } = splitDaily(closed.windowRows);
  const active = new Set([...daily.filter((d) => d.count > 0).map((d) => d.dayOffset), ...closed.olderActive]);
  const hourly = await fetchHourCounts(
    db,
    userId,
    learnerDayStart(now, day, 1 - HOURLY_DAYS),
    todayStart,
    day.timeZone,
  );
  const entry: ClosedDays = { daily, retention, active: [...active], hourly };
  cache.closedDays.set(key, markers, entry, now);
  return entry;
}

/** Activity by day, retention by week and streaks: the closed days (cached) plus today's rows. */
export async function fetchActivity(
  db: Db,
  ctx: ProgressContext,
  closedDays: Promise<ClosedDays> = fetchClosedDays(db, ctx, processCache),
): Promise<ActivityData> {
  const { userId, now, day } = ctx;
  const closed = await closedDays;
  const today = splitDaily(
    await db.$queryRaw<Record<string, unknown>[]>(dailyCountsSql(userId, learnerDays(now, day, 0, 0))),
  );
  const key = (offset: number) => dayKeyAt(now, day, offset);
  const activity = summarizeActivity([...closed.daily, ...today.daily], ACTIVITY_DAYS, key);
  const active = [...closed.active, ...(today.daily.some((d) => d.count > 0) ? [0] : [])];
  return {
    activity,
    retention: summarizeRetention([...closed.retention, ...today.retention], RETENTION_WEEKS, key),
    streaks: computeStreaks(active),
  };
}

export interface TodayFigures {
  dayKey: string;
  /** Due reviews left today, within the daily review limit (as the queue counts them). */
  dueNow: number;
  /** New items left today, within the daily new limit. */
  newAvailable: number;
  /** Grades given in today's review: the count the review page shows as done. */
  reviewsDone: number;
  /** Practice outside the schedule today (drills of cards, exercises and coding exercises). */
  practiceDone: number;
  durationMs: number;
  streaks: Streaks;
}

export async function fetchToday(db: Db, ctx: ProgressContext, activity: Promise<ActivityData>): Promise<TodayFigures> {
  const { dayStart, dayKey, done, remaining } = ctx.today;
  const [counted] = await db.$queryRaw<{ due: unknown; new: unknown }[]>(
    queueCountsSql(ctx.userId, ctx.now, dayStart, remaining.reviewLimit, remaining.newLimit),
  );
  const { activity: a, streaks } = await activity;
  return {
    dayKey,
    dueNow: toNumber(counted?.due),
    newAvailable: toNumber(counted?.new),
    // The review page's "done" (grades of the daily review), and practice outside it, counted apart.
    reviewsDone: done.new + done.review + done.relearn + done.practice,
    practiceDone: done.drill,
    durationMs: a.today.durationMs,
    streaks,
  };
}

export interface ForecastData extends Forecast {
  dayKeys: string[];
  limits: DailyLimits;
}

export async function fetchForecast(db: Db, ctx: ProgressContext): Promise<ForecastData> {
  const days = learnerDays(ctx.now, ctx.day, 0, FORECAST_DAYS);
  const first = days[0];
  if (first) days[0] = { ...first, start: new Date(0) };
  const done = ctx.today.done;
  const [rows, newWaiting] = await Promise.all([
    db.$queryRaw<{ dayOffset: unknown; n: unknown }[]>(futureDueSql(ctx.userId, days)),
    db.itemState.count({ where: { userId: ctx.userId, status: "new" } }),
  ]);
  const due = new Array<number>(FORECAST_DAYS + 1).fill(0);
  for (const r of rows) due[toNumber(r.dayOffset)] = toNumber(r.n);
  const f = forecast({
    dueByOffset: due,
    maxReviewsPerDay: ctx.limits.maxReviewsPerDay,
    reviewsDoneToday: done.review,
    newPerDay: ctx.limits.newPerDay,
    newDoneToday: done.new,
    newWaiting,
  });
  return { ...f, dayKeys: days.map((d) => d.key), limits: ctx.limits };
}

export interface Distributions {
  intervals: Bucket[];
  ease: Bucket[];
  meanIntervalDays: number | null;
  meanEase: number | null;
}

export async function fetchDistributions(
  db: Db,
  ctx: ProgressContext,
  markers = stateMarkers(db, ctx),
  cache: ProgressCache = processCache,
): Promise<Distributions> {
  const [ivl, ease] = await cachedByState(ctx, cache, "distributions", markers, () =>
    Promise.all([
      db.$queryRaw<{ intervalDays: unknown; n: unknown }[]>(intervalCountsSql(ctx.userId)),
      db.$queryRaw<{ easePermille: unknown; n: unknown }[]>(easeCountsSql(ctx.userId)),
    ]),
  );
  const intervals = ivl.map((r) => ({ intervalDays: toNumber(r.intervalDays), count: toNumber(r.n) }));
  const eases = ease.map((r) => ({ easePermille: toNumber(r.easePermille), count: toNumber(r.n) }));
  const meanEasePermille = meanOf(eases.map((e) => ({ value: e.easePermille, count: e.count })));
  return {
    intervals: intervalBuckets(intervals),
    ease: easeBuckets(eases),
    meanIntervalDays: meanOf(intervals.map((i) => ({ value: i.intervalDays, count: i.count }))),
    meanEase: meanEasePermille === null ? null : meanEasePermille / 1000,
  };
}

async function fetchItemMetas(db: Db, itemIds: readonly string[]): Promise<Map<string, ItemMeta>> {
  const unique = [...new Set(itemIds)];
  const rows = await db.$queryRaw<{ id: string; deck: string; payload: string }[]>(itemPayloadsSql(unique));
  const metas = new Map<string, ItemMeta>();
  for (const r of rows) {
    const payload = parsePayload(r.payload);
    metas.set(r.id, itemMetaOf(r.id, r.deck, payload));
  }
  return metas;
}

export interface ExerciseStat {
  itemId: string;
  kind: ItemKind;
  title: ItemMeta["title"];
  titleHtml: ItemMeta["titleHtml"];
  href: string;
  attempts: number;
  accuracy: number | null;
  recentAccuracy: number | null;
  priorAccuracy: number | null;
  trend: Trend;
}

export interface MasteryData {
  chapters: MasteryChapter[];
  counts: CardCounts;
  exercises: ExerciseStat[];
}

export async function fetchMastery(
  db: Db,
  ctx: ProgressContext,
  markers = stateMarkers(db, ctx),
  cache: ProgressCache = processCache,
): Promise<MasteryData> {
  const recentStart = learnerDayStart(ctx.now, ctx.day, 1 - RECENT_DAYS);
  const priorStart = learnerDayStart(ctx.now, ctx.day, 1 - 2 * RECENT_DAYS);
  const [counts, stats] = await Promise.all([
    cachedByState(ctx, cache, "mastery", markers, () =>
      db.$queryRaw<{ itemId: string; cls: string; n: unknown }[]>(masteryCountsSql(ctx.userId)),
    ),
    db.$queryRaw<Record<string, unknown>[]>(exerciseStatsSql(ctx.userId, recentStart, priorStart)),
  ]);
  const metas = await fetchItemMetas(db, [...counts.map((c) => c.itemId), ...stats.map((s) => String(s.itemId))]);
  const rows = counts.map((c) => ({ itemId: c.itemId, cls: c.cls as MasteryClass, count: toNumber(c.n) }));
  const totals: CardCounts = { new: 0, learning: 0, mature: 0, total: 0 };
  for (const r of rows) {
    totals[r.cls] += r.count;
    totals.total += r.count;
  }
  const pc = (passes: unknown, total: unknown) => ({ passes: toNumber(passes), total: toNumber(total) });
  const rate = (c: { passes: number; total: number }) => (c.total > 0 ? c.passes / c.total : null);
  const exercises: ExerciseStat[] = stats.map((s) => {
    const itemId = String(s.itemId);
    const meta = metas.get(itemId) ?? itemMetaOf(itemId, "", null);
    const all = pc(s.accurate, s.total);
    const recent = pc(s.recentAccurate, s.recentTotal);
    const prior = pc(s.priorAccurate, s.priorTotal);
    return {
      itemId,
      kind: itemKindOf(itemId),
      title: meta.title,
      titleHtml: meta.titleHtml,
      href: practiceHref(meta),
      attempts: all.total,
      accuracy: rate(all),
      recentAccuracy: rate(recent),
      priorAccuracy: rate(prior),
      trend: trendOf(recent, prior),
    };
  });
  exercises.sort((a, b) => (a.accuracy ?? 1) - (b.accuracy ?? 1) || a.itemId.localeCompare(b.itemId));
  return { chapters: summarizeMastery(rows, (id) => metas.get(id)), counts: totals, exercises };
}

export interface HardItem {
  itemId: string;
  kind: ItemKind;
  title: ItemMeta["title"];
  titleHtml: ItemMeta["titleHtml"];
  lapses: number;
  /** Grades below 3 in the last HARD_FAILURE_DAYS learner days. */
  recentFailures: number;
  ease: number;
  intervalDays: number;
  practiceHref: string;
  historyHref: string;
}

export async function fetchHardestItems(
  db: Db,
  ctx: ProgressContext,
  markers = stateMarkers(db, ctx),
  cache: ProgressCache = processCache,
): Promise<HardItem[]> {
  const failuresSince = learnerDayStart(ctx.now, ctx.day, 1 - HARD_FAILURE_DAYS);
  // The failure window moves with the learner's day settings, not only with the state markers.
  const name = `hardest|${ctx.day.timeZone}|${ctx.day.dayStartHour}`;
  const rows = await cachedByState(ctx, cache, name, markers, () =>
    db.$queryRaw<Record<string, unknown>[]>(
      hardestItemsSql(ctx.userId, HARDEST_ITEMS, INITIAL_EASE_PERMILLE, failuresSince),
    ),
  );
  const metas = await fetchItemMetas(
    db,
    rows.map((r) => String(r.itemId)),
  );
  return rows.map((r) => {
    const itemId = String(r.itemId);
    const meta = metas.get(itemId) ?? itemMetaOf(itemId, "", null);
    return {
      itemId,
      kind: meta.kind,
      title: meta.title,
      titleHtml: meta.titleHtml,
      lapses: toNumber(r.lapses),
      recentFailures: toNumber(r.recentFailures),
      ease: toNumber(r.easePermille) / 1000,
      intervalDays: toNumber(r.intervalDays),
      practiceHref: practiceHref(meta),
      historyHref: historyHref(itemId),
    };
  });
}

/** Reviews and passes per local clock hour over the last HOURLY_DAYS learner days. */
export async function fetchHourly(
  db: Db,
  ctx: ProgressContext,
  closedDays: Promise<ClosedDays> = fetchClosedDays(db, ctx, processCache),
): Promise<HourStat[]> {
  const closed = await closedDays;
  // Up to the end of today, as the daily counts: a review stamped at `now` itself counts.
  const today = await fetchHourCounts(
    db,
    ctx.userId,
    learnerDayStart(ctx.now, ctx.day),
    learnerDayStart(ctx.now, ctx.day, 1),
    ctx.day.timeZone,
  );
  return closed.hourly.map((h, i) => ({
    hour: h.hour,
    total: h.total + (today[i]?.total ?? 0),
    passes: h.passes + (today[i]?.passes ?? 0),
  }));
}

/**
 * One loader per request: each figure is computed once, on first use, and
 * shared between the widgets that show it (the heatmap, the reviews chart
 * and today's figures all come from one pass over the log).
 */
export function createProgressLoader(db: Db, userId: string, now: Date, cache: ProgressCache = processCache) {
  const memo = <T>(f: () => Promise<T>) => {
    let p: Promise<T> | null = null;
    return () => (p ??= f());
  };
  const context = memo(() => fetchProgressContext(db, userId, now));
  const closed = memo(async () => fetchClosedDays(db, await context(), cache));
  const activity = memo(async () => fetchActivity(db, await context(), closed()));
  const markers = memo(async () => stateMarkers(db, await context()));
  return {
    context,
    activity,
    today: memo(async () => fetchToday(db, await context(), activity())),
    forecast: memo(async () => fetchForecast(db, await context())),
    distributions: memo(async () => fetchDistributions(db, await context(), markers(), cache)),
    mastery: memo(async () => fetchMastery(db, await context(), markers(), cache)),
    hardest: memo(async () => fetchHardestItems(db, await context(), markers(), cache)),
    hourly: memo(async () => fetchHourly(db, await context(), closed())),
  };
}

export type ProgressLoader = ReturnType<typeof createProgressLoader>;

/** Every figure of the dashboard at once (the benchmark and the tests). */
export async function fetchDashboard(db: Db, userId: string, now: Date, cache: ProgressCache = processCache) {
  const l = createProgressLoader(db, userId, now, cache);
  const [today, activity, forecastData, distributions, mastery, hardest, hourly] = await Promise.all([
    l.today(),
    l.activity(),
    l.forecast(),
    l.distributions(),
    l.mastery(),
    l.hardest(),
    l.hourly(),
  ]);
  return { today, ...activity, forecast: forecastData, distributions, mastery, hardest, hourly };
}

export type Dashboard = Awaited<ReturnType<typeof fetchDashboard>>;
