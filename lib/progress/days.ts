/**
 * Learner-day and local-hour buckets as instant ranges. The SQL groups rows by
 * joining on these ranges (`reviewedAt >= start AND reviewedAt < end`), so
 * time-zone rules (DST, half-hour zones) are applied here, once, with the same
 * functions the scheduler uses, and the SQL stays plain and portable.
 */
import { type DayContext, learnerDate, learnerDayStart, zoneOffsetMs } from "@/lib/srs/day";

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

export interface DayBucket {
  /** Days after today (0 = today, −1 = yesterday, 1 = tomorrow). */
  offset: number;
  /** "YYYY-MM-DD", the learner's label for the day. */
  key: string;
  start: Date;
  /** Exclusive. */
  end: Date;
}

function dateKey(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The learner's day label `offset` days after today. */
export function dayKeyAt(now: Date, ctx: DayContext, offset: number): string {
  const { year, month, day } = learnerDate(now, ctx);
  const d = new Date(Date.UTC(year, month - 1, day + offset));
  return dateKey(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Learner days `fromOffset`…`toOffset` (inclusive), oldest first. */
export function learnerDays(now: Date, ctx: DayContext, fromOffset: number, toOffset: number): DayBucket[] {
  const days: DayBucket[] = [];
  let start = learnerDayStart(now, ctx, fromOffset);
  for (let offset = fromOffset; offset <= toOffset; offset++) {
    const end = learnerDayStart(now, ctx, offset + 1);
    days.push({ offset, key: dayKeyAt(now, ctx, offset), start, end });
    start = end;
  }
  return days;
}

/** Whole days from the learner day of `then` to the one of `now` (≤ 0 for the past). */
export function dayOffsetOf(then: Date, now: Date, ctx: DayContext): number {
  const a = learnerDate(then, ctx);
  const b = learnerDate(now, ctx);
  return Math.round((Date.UTC(a.year, a.month - 1, a.day) - Date.UTC(b.year, b.month - 1, b.day)) / MS_PER_DAY);
}

/** UTC offset of `timeZone` at `instant`, in whole minutes (UTC+5:45 → 345). */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(zoneOffsetMs(instant, timeZone) / MS_PER_MINUTE);
}

export interface HourBucket {
  /** Local hour of day, 0…23. */
  hour: number;
  start: Date;
  end: Date;
}

/** The instant in [lo, hi) where the offset changes, to the minute (offsets only change on whole minutes). */
function transitionBetween(lo: number, hi: number, timeZone: string): number {
  const before = utcOffsetMinutes(new Date(lo), timeZone);
  let a = lo;
  let b = hi;
  while (b - a > MS_PER_MINUTE) {
    const mid = a + Math.floor((b - a) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE;
    if (utcOffsetMinutes(new Date(mid), timeZone) === before) a = mid;
    else b = mid;
  }
  return b;
}

/**
 * Local clock hours covering [from, to): each bucket is one hour of the
 * learner's wall clock. Within a stretch of constant UTC offset, local hours
 * start at k·1h − offset; the stretches are found by probing the offset once a
 * day and bisecting where it changed (DST), so a repeated hour in autumn gets
 * two buckets with the same label and a skipped hour in spring none.
 */
export function localHours(from: Date, to: Date, timeZone: string): HourBucket[] {
  const segments: { start: number; end: number; offsetMs: number }[] = [];
  let segStart = from.getTime();
  let offset = utcOffsetMinutes(from, timeZone);
  for (let probe = segStart; probe < to.getTime();) {
    const next = Math.min(probe + MS_PER_DAY, to.getTime());
    const nextOffset = utcOffsetMinutes(new Date(next), timeZone);
    if (nextOffset !== offset) {
      const at = transitionBetween(probe, next, timeZone);
      segments.push({ start: segStart, end: at, offsetMs: offset * MS_PER_MINUTE });
      segStart = at;
      offset = utcOffsetMinutes(new Date(at), timeZone);
    }
    probe = next;
  }
  segments.push({ start: segStart, end: to.getTime(), offsetMs: offset * MS_PER_MINUTE });
  const buckets: HourBucket[] = [];
  for (const seg of segments) {
    let start = seg.start;
    while (start < seg.end) {
      const local = start + seg.offsetMs;
      const nextLocalHour = (Math.floor(local / MS_PER_HOUR) + 1) * MS_PER_HOUR;
      const end = Math.min(seg.end, nextLocalHour - seg.offsetMs);
      const hour = ((Math.floor(local / MS_PER_HOUR) % 24) + 24) % 24;
      buckets.push({ hour, start: new Date(start), end: new Date(end) });
      start = end;
    }
  }
  return buckets;
}
