import "server-only";
/**
 * Aggregates reused between views of the dashboard, and when they are still
 * valid. An entry is valid while its markers (cheap index-only reads that
 * change whenever the rows behind it change) are the same and it is younger
 * than its limit. Age is measured on the `now` the caller passes in, so the
 * data layer never reads the system clock; an entry stored at a later `now`
 * than the reader's is not trusted.
 */
import type { DailyCount } from "@/lib/progress/activity";
import type { RetentionCount } from "@/lib/progress/retention";
import type { HourStat } from "@/lib/progress/types";
import { learnerDayKey, learnerDayStart } from "@/lib/srs/day";
import type { Db } from "../db";
import { closedLogMarkersSql, stateMarkersSql } from "../sql/progress";
import { toNumber } from "../sql/queue";
import type { ProgressContext } from "./context";

export interface CacheLimits {
  maxEntries: number;
  maxAgeMs: number;
}

interface Entry<T> {
  markers: string;
  value: T;
  storedAtMs: number;
}

/** A bounded map of marked values; past `maxEntries` the entry stored first is dropped. */
export class MarkedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly limits: CacheLimits) {}

  /** The value stored under `key` if its markers still match and it is fresh at `now`. */
  get(key: string, markers: string, now: Date): T | undefined {
    const hit = this.entries.get(key);
    if (!hit || hit.markers !== markers) return undefined;
    const ageMs = now.getTime() - hit.storedAtMs;
    return ageMs >= 0 && ageMs < this.limits.maxAgeMs ? hit.value : undefined;
  }

  set(key: string, markers: string, value: T, now: Date): void {
    this.entries.delete(key);
    if (this.entries.size >= this.limits.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { markers, value, storedAtMs: now.getTime() });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The review aggregates of the days before today (the heatmap, retention, streaks and hourly behind today's rows). */
export interface ClosedDays {
  daily: DailyCount[];
  retention: RetentionCount[];
  /** Offsets of past days with a review, older ones included (streaks). */
  active: number[];
  hourly: HourStat[];
}

/**
 * - closedDays, per learner, day context and day: rows before today never
 *   change (reviews are appended now, undo only reaches today), so a repeat
 *   view queries only today's rows. Checked against the first and last closed
 *   review ids on every use.
 * - state, per aggregate and learner: items per class, interval, ease and the
 *   hardest scan every ItemState row of the learner and change only when the
 *   learner grades, undoes, or content is synced (stateMarkersSql).
 */
export interface ProgressCache {
  closedDays: MarkedCache<ClosedDays>;
  state: MarkedCache<unknown>;
}

const CLOSED_CACHE_MAX_ENTRIES = 500;
const CLOSED_CACHE_MAX_AGE_MS = 6 * 60 * 60 * 1000;
const STATE_CACHE_MAX_ENTRIES = 2000;
const STATE_CACHE_MAX_AGE_MS = 15 * 60 * 1000;

export function createProgressCache(): ProgressCache {
  return {
    closedDays: new MarkedCache({ maxEntries: CLOSED_CACHE_MAX_ENTRIES, maxAgeMs: CLOSED_CACHE_MAX_AGE_MS }),
    state: new MarkedCache({ maxEntries: STATE_CACHE_MAX_ENTRIES, maxAgeMs: STATE_CACHE_MAX_AGE_MS }),
  };
}

/** The server process's cache, shared by every request. */
export const processCache = createProgressCache();

/** Forget every cached aggregate (tests, or after rewriting history). */
export function clearProgressCache(cache: ProgressCache = processCache): void {
  cache.closedDays.clear();
  cache.state.clear();
}

/** What identifies the learner's closed days: their first and last review ids. */
export async function closedDaysMarkers(db: Db, userId: string, todayStart: Date): Promise<string> {
  const [m] = await db.$queryRaw<{ firstId: string | null; lastId: string | null }[]>(
    closedLogMarkersSql(userId, todayStart),
  );
  return `${m?.firstId ?? ""}|${m?.lastId ?? ""}`;
}

/** What identifies the learner's schedule state today. */
export async function stateMarkers(db: Db, ctx: ProgressContext): Promise<string> {
  const [m] = await db.$queryRaw<Record<string, unknown>[]>(
    stateMarkersSql(ctx.userId, learnerDayStart(ctx.now, ctx.day)),
  );
  return [learnerDayKey(ctx.now, ctx.day), m?.lastId, toNumber(m?.undone), toNumber(m?.enrolled), m?.content]
    .map(String)
    .join("|");
}

/** A schedule-state aggregate, reused while the state markers are unchanged. */
export async function cachedByState<T>(
  ctx: ProgressContext,
  cache: ProgressCache,
  name: string,
  markers: Promise<string>,
  compute: () => Promise<T>,
): Promise<T> {
  const key = `${name}|${ctx.userId}`;
  const m = await markers;
  const hit = cache.state.get(key, m, ctx.now);
  if (hit !== undefined) return hit as T;
  const value = await compute();
  cache.state.set(key, m, value, ctx.now);
  return value;
}
