/**
 * The learner's day: it starts at `dayStartHour` local time in the learner's
 * time zone (04:00 by default, like Anki), so a review at 01:00 still counts
 * for the evening before. Pure: `now` always comes in as a parameter.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

export interface DayContext {
  /** IANA time zone, e.g. "Asia/Shanghai". */
  timeZone: string;
  /** 0..23, local hour at which a new learner day begins. */
  dayStartHour: number;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Every IANA time zone this runtime knows (ICU's list, with UTC), sorted: what a learner picks from. */
export function listTimeZones(): string[] {
  const zones = new Set<string>(["UTC"]);
  for (const zone of Intl.supportedValuesOf("timeZone")) zones.add(zone);
  return [...zones].sort();
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of `timeZone` from UTC at `instant`, in ms (UTC+8 → +8h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which the local wall-clock time (y, m, d, hour:00) occurs in
 * `timeZone`. Across a DST gap the wall time does not exist; the instant just
 * after the gap is returned.
 */
export function zonedWallTimeToInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wallAsUtc = Date.UTC(year, month - 1, day, hour);
  let guess = wallAsUtc - zoneOffsetMs(new Date(wallAsUtc), timeZone);
  const second = wallAsUtc - zoneOffsetMs(new Date(guess), timeZone);
  if (second !== guess) guess = Math.max(guess, second);
  return new Date(guess);
}

/** Local calendar date (y, m, d) of the learner day containing `now`. */
export function learnerDate(now: Date, ctx: DayContext): { year: number; month: number; day: number } {
  // The label is the local date of the wall-clock time (now − dayStartHour).
  const p = localParts(now, ctx.timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - ctx.dayStartHour * MS_PER_HOUR;
  const d = new Date(wall);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO label "YYYY-MM-DD" of the learner day containing `now`. */
export function learnerDayKey(now: Date, ctx: DayContext): string {
  const { year, month, day } = learnerDate(now, ctx);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Start of the learner day `offsetDays` after the one containing `now`. */
export function learnerDayStart(now: Date, ctx: DayContext, offsetDays = 0): Date {
  const { year, month, day } = learnerDate(now, ctx);
  const target = new Date(Date.UTC(year, month - 1, day + offsetDays));
  return zonedWallTimeToInstant(
    target.getUTCFullYear(),
    target.getUTCMonth() + 1,
    target.getUTCDate(),
    ctx.dayStartHour,
    ctx.timeZone,
  );
}
