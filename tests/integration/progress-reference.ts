/**
 * What the dashboard, the review queue and exercise accuracy should show,
 * computed in plain TypeScript from a world's rows in memory, straight from
 * the definitions in docs/progress.md and lib/srs/queue.ts. It shares no code
 * with what it checks, except the learner-day boundaries of lib/srs/day.ts
 * (learnerDayStart, learnerDayKey): a learner day is the range
 * [learnerDayStart(now, o), learnerDayStart(now, o + 1)). The numbers below
 * are written out, not imported, so a changed constant is caught too.
 */
import type { Dashboard } from "@/lib/server/progress/dashboard";
import type { ReviewSessionView } from "@/lib/server/reviews";
import { type DayContext, learnerDayKey, learnerDayStart } from "@/lib/srs/day";
import type {
  World,
  WorldItem,
  WorldItemKind,
  WorldLearner,
  WorldLog,
  WorldReviewKind,
  WorldState,
} from "./differential-world";

const MATURE_DAYS = 21;
const PASS = 3;
/** Exercise reviews and drills graded 4 or 5 were solved at the first answer without a hint. */
const FIRST_TRY = 4;
const ACTIVITY_DAYS = 365;
const RETENTION_WEEKS = 52;
const FORECAST_DAYS = 30;
const HOURLY_DAYS = 90;
const RECENT_DAYS = 30;
const TREND_BAND = 0.05;
const HARDEST = 10;
/** The hardest items rank by failures (grade < 3) in this many learner days, today included. */
const HARD_FAILURE_DAYS = 30;
/** The notes' chapters the world's sections name, in the notes' order (the concepts page first). */
const CHAPTER_ORDER: Readonly<Record<string, number>> = { 部分概念补充: 0, 第四章: 4, 第六章: 6, 第十章: 10 };
const INITIAL_EASE = 2500;
const RECENT_RESULTS = 10;
const KINDS: readonly WorldItemKind[] = ["card", "exercise", "code"];
const INTERVAL_LABELS = ["0-1", "2", "3-6", "7-13", "14-20", "21-41", "42-89", "90-179", "180-364", "365+"];
const INTERVAL_MAX = [1, 2, 6, 13, 20, 41, 89, 179, 364];

interface PassCount {
  passes: number;
  total: number;
}

/** One learner's view of the world at `now`. */
class LearnerView {
  readonly learner: WorldLearner;
  readonly day: DayContext;
  readonly now: Date;
  readonly logs: WorldLog[];
  readonly states: WorldState[];
  readonly items: Map<string, WorldItem>;
  private readonly starts = new Map<number, number>();

  constructor(world: World, userId: string) {
    const learner = world.learners.find((l) => l.id === userId);
    if (!learner) throw new Error(`No learner ${userId}`);
    this.learner = learner;
    this.day = { timeZone: learner.timeZone, dayStartHour: learner.dayStartHour };
    this.now = world.now;
    this.logs = world.logs.filter((l) => l.userId === userId && l.undoneAt === null);
    this.states = world.states.filter((s) => s.userId === userId);
    this.items = new Map(world.items.map((i) => [i.id, i]));
  }

  /** Start of learner day `offset` (0 = today), ms. */
  start(offset: number): number {
    let t = this.starts.get(offset);
    if (t === undefined) {
      t = learnerDayStart(this.now, this.day, offset).getTime();
      this.starts.set(offset, t);
    }
    return t;
  }

  /** The learner day (offset from today) whose range holds `at`. */
  dayOf(at: Date): number {
    const t = at.getTime();
    let o = Math.floor((t - this.start(0)) / 86_400_000);
    while (t < this.start(o)) o--;
    while (t >= this.start(o + 1)) o++;
    return o;
  }

  key(offset: number): string {
    return learnerDayKey(new Date(this.start(offset)), this.day);
  }

  item(itemId: string): WorldItem {
    const item = this.items.get(itemId);
    if (!item) throw new Error(`No item ${itemId}`);
    return item;
  }

  doneToday(): Record<WorldReviewKind, number> {
    const done = { new: 0, review: 0, relearn: 0, practice: 0, drill: 0 };
    for (const l of this.logs) if (l.reviewedAt.getTime() >= this.start(0)) done[l.kind]++;
    return done;
  }

  limits() {
    const done = this.doneToday();
    return {
      newLimit: Math.max(0, this.learner.newPerDay - done.new),
      reviewLimit: Math.max(0, this.learner.maxReviewsPerDay - done.review),
    };
  }
}

const rate = (c: PassCount): number | null => (c.total > 0 ? c.passes / c.total : null);
const add = (c: PassCount, passed: boolean): PassCount => ({ passes: c.passes + (passed ? 1 : 0), total: c.total + 1 });
const none = (): PassCount => ({ passes: 0, total: 0 });

// ---------------------------------------------------------------- the queue

interface QueueParts {
  due: WorldState[];
  fresh: WorldState[];
  redrill: WorldState[];
}

function queueParts(v: LearnerView): QueueParts {
  const todayStart = v.start(0);
  const now = v.now.getTime();
  const touchedToday = (s: WorldState) => s.lastReviewedAt !== null && s.lastReviewedAt.getTime() >= todayStart;
  const due = v.states
    .filter((s) => s.status === "active" && s.dueAt !== null && s.dueAt.getTime() <= now && !touchedToday(s))
    .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime() || a.position - b.position);
  const fresh = v.states.filter((s) => s.status === "new").sort((a, b) => a.position - b.position);
  const redrill = v.states
    .filter((s) => s.status === "active" && touchedToday(s) && s.redrill !== "none")
    .sort((a, b) => a.lastReviewedAt!.getTime() - b.lastReviewedAt!.getTime() || a.position - b.position);
  return { due, fresh, redrill };
}

export type SessionSummary = Pick<ReviewSessionView, "dayKey" | "remaining" | "doneToday" | "nextWorkAt"> & {
  current: { itemId: string; itemKind: string; version: number; section: string; reviewKind: string } | null;
};

/** The session fetchReviewSession should return: head, counts, today's work, when work resumes. */
export function referenceSession(world: World, userId: string): SessionSummary {
  const v = new LearnerView(world, userId);
  const { due, fresh, redrill } = queueParts(v);
  const { newLimit, reviewLimit } = v.limits();
  const done = v.doneToday();
  const queue = [
    ...due.slice(0, reviewLimit).map((s) => ({ s, section: "due" })),
    ...fresh.slice(0, newLimit).map((s) => ({ s, section: "new" })),
    ...redrill.map((s) => ({ s, section: "redrill" })),
  ];
  const remaining = {
    due: Math.min(due.length, reviewLimit),
    new: Math.min(fresh.length, newLimit),
    redrill: redrill.length,
  };
  const head = queue[0];
  let nextWorkAt: string | null = null;
  if (!head) {
    const now = v.now.getTime();
    const future = v.states
      .filter((s) => s.status === "active" && s.dueAt !== null && s.dueAt.getTime() > now)
      .map((s) => s.dueAt!.getTime());
    const waiting =
      (newLimit === 0 && v.states.some((s) => s.status === "new")) ||
      (reviewLimit === 0 &&
        v.states.some((s) => s.status === "active" && s.dueAt !== null && s.dueAt.getTime() <= now));
    const candidates = [...future, ...(waiting ? [v.start(1)] : [])];
    nextWorkAt = candidates.length > 0 ? new Date(Math.min(...candidates)).toISOString() : null;
  }
  return {
    dayKey: v.key(0),
    current: head
      ? {
          itemId: head.s.itemId,
          itemKind: v.item(head.s.itemId).kind,
          version: head.s.version,
          section: head.section,
          reviewKind: head.s.status === "new" ? "new" : head.section === "redrill" ? head.s.redrill : "review",
        }
      : null,
    remaining: { ...remaining, total: remaining.due + remaining.new + remaining.redrill },
    doneToday: done.new + done.review + done.relearn + done.practice,
    nextWorkAt,
  };
}

// ---------------------------------------------------------------- exercise accuracy (/exercises)

export interface GeneratorAccuracy {
  generatorId: string;
  attempts: number;
  firstTry: number;
  accuracy: number | null;
  recent: number[];
}

export function referenceExerciseAccuracy(world: World, userId: string, generatorId: string): GeneratorAccuracy {
  const v = new LearnerView(world, userId);
  const rows = v.logs
    .filter((l) => l.itemId === `exercise:${generatorId}`)
    .sort((a, b) => b.reviewedAt.getTime() - a.reviewedAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const firstTry = rows.filter((l) => l.quality >= FIRST_TRY).length;
  return {
    generatorId,
    attempts: rows.length,
    firstTry,
    accuracy: rows.length > 0 ? firstTry / rows.length : null,
    recent: rows.slice(0, RECENT_RESULTS).map((l) => l.quality),
  };
}

// ---------------------------------------------------------------- the dashboard

function leastSquares(values: (number | null)[]) {
  const points = values.flatMap((y, x) => (y === null ? [] : [{ x, y }]));
  if (points.length < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const intercept = my - slope * mx;
  return { slopePerWeek: slope, intercept, fitted: values.map((_, x) => intercept + slope * x) };
}

function streaksOf(v: LearnerView) {
  const active = new Set(v.logs.map((l) => v.dayOf(l.reviewedAt)));
  const days = [...active].sort((a, b) => a - b);
  let longest = 0;
  let run = 0;
  days.forEach((d, i) => {
    run = i > 0 && days[i - 1] === d - 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
  });
  let current = 0;
  for (let d = active.has(0) ? 0 : -1; active.has(d); d--) current++;
  return { current, longest, activeDays: days.length };
}

function activityOf(v: LearnerView) {
  const days = Array.from({ length: ACTIVITY_DAYS }, (_, i) => {
    const offset = i - (ACTIVITY_DAYS - 1);
    return { offset, key: v.key(offset), total: 0, counts: new Array<number>(18).fill(0) };
  });
  const gradeTotals = { card: [0, 0, 0, 0, 0, 0], exercise: [0, 0, 0, 0, 0, 0], code: [0, 0, 0, 0, 0, 0] };
  const today = { reviews: 0, durationMs: 0 };
  let totalReviews = 0;
  let totalDurationMs = 0;
  for (const l of v.logs) {
    const o = v.dayOf(l.reviewedAt);
    const day = days[o + ACTIVITY_DAYS - 1];
    if (!day) continue;
    const kind = v.item(l.itemId).kind;
    const i = KINDS.indexOf(kind) * 6 + l.quality;
    day.counts[i] = (day.counts[i] ?? 0) + 1;
    day.total++;
    gradeTotals[kind][l.quality] = (gradeTotals[kind][l.quality] ?? 0) + 1;
    totalReviews++;
    totalDurationMs += l.durationMs;
    if (o === 0) {
      today.reviews++;
      today.durationMs += l.durationMs;
    }
  }
  return { days, today, gradeTotals, totalReviews, totalDurationMs };
}

function retentionOf(v: LearnerView) {
  const weeks = Array.from({ length: RETENTION_WEEKS }, (_, i) => {
    const weeksAgo = RETENTION_WEEKS - 1 - i;
    return { weeksAgo, startKey: v.key(-(weeksAgo * 7 + 6)), young: none(), mature: none(), all: none() };
  });
  let last30 = { young: none(), mature: none(), all: none() };
  let lastYear = { young: none(), mature: none(), all: none() };
  for (const l of v.logs) {
    // A retention test is a scheduled review: the scheduler gives the kind "review" only to the
    // item's first review of a learner day that is due by its interval (Anki's revlog type "review").
    if (l.kind !== "review") continue;
    const o = v.dayOf(l.reviewedAt);
    if (o < 1 - ACTIVITY_DAYS) continue;
    const cls = l.intervalBefore >= MATURE_DAYS ? "mature" : "young";
    const passed = l.quality >= PASS;
    const week = weeks[RETENTION_WEEKS - 1 - Math.floor(-o / 7)];
    if (week) {
      week[cls] = add(week[cls], passed);
      week.all = add(week.all, passed);
    }
    if (o > -30) last30 = { ...last30, [cls]: add(last30[cls], passed), all: add(last30.all, passed) };
    if (o > -365) lastYear = { ...lastYear, [cls]: add(lastYear[cls], passed), all: add(lastYear.all, passed) };
  }
  return {
    weeks,
    trend: {
      young: leastSquares(weeks.map((w) => rate(w.young))),
      mature: leastSquares(weeks.map((w) => rate(w.mature))),
      all: leastSquares(weeks.map((w) => rate(w.all))),
    },
    last30Days: last30,
    lastYear,
  };
}

function forecastOf(v: LearnerView) {
  const due = new Array<number>(FORECAST_DAYS + 1).fill(0);
  for (const s of v.states) {
    if (s.status !== "active" || s.dueAt === null) continue;
    const o = Math.max(0, v.dayOf(s.dueAt));
    if (o <= FORECAST_DAYS) due[o]!++;
  }
  const done = v.doneToday();
  const { maxReviewsPerDay, newPerDay } = v.learner;
  let backlog = 0;
  let newLeft = v.states.filter((s) => s.status === "new").length;
  let daysOverLimit = 0;
  const days = due.map((n, offset) => {
    const cap = offset === 0 ? Math.max(0, maxReviewsPerDay - done.review) : maxReviewsPerDay;
    const reviews = Math.min(cap, n + backlog);
    backlog = n + backlog - reviews;
    if (backlog > 0) daysOverLimit++;
    const newItems = Math.min(offset === 0 ? Math.max(0, newPerDay - done.new) : newPerDay, newLeft);
    newLeft -= newItems;
    return { offset, due: n, reviews, carried: backlog, newItems };
  });
  const dueNextDays = due.slice(1).reduce((a, b) => a + b, 0);
  return {
    days,
    dueNextDays,
    averagePerDay: dueNextDays / FORECAST_DAYS,
    daysOverLimit,
    dayKeys: due.map((_, o) => v.key(o)),
    limits: { newPerDay, maxReviewsPerDay },
  };
}

function distributionsOf(v: LearnerView) {
  const active = v.states.filter((s) => s.status === "active");
  const intervals = INTERVAL_LABELS.map((label) => ({ label, count: 0 }));
  const ease = Array.from({ length: 18 }, (_, i) => ({
    label: i === 17 ? "3.0+" : ((1300 + i * 100) / 1000).toFixed(1),
    count: 0,
  }));
  for (const s of active) {
    const i = INTERVAL_MAX.findIndex((max) => s.intervalDays <= max);
    intervals[i < 0 ? INTERVAL_LABELS.length - 1 : i]!.count++;
    ease[Math.min(17, Math.max(0, Math.floor((s.easePermille - 1300) / 100)))]!.count++;
  }
  const n = active.length;
  return {
    intervals,
    ease,
    meanIntervalDays: n === 0 ? null : active.reduce((a, s) => a + s.intervalDays, 0) / n,
    meanEase: n === 0 ? null : active.reduce((a, s) => a + s.easePermille, 0) / n / 1000,
  };
}

function practiceHrefOf(item: WorldItem): string {
  if (item.kind === "exercise") return `/exercises/${encodeURIComponent(item.contentId)}`;
  if (item.kind === "code") return `/code/${encodeURIComponent(item.contentId)}`;
  return `/practice/${encodeURIComponent(item.id)}`;
}

/** The chapter is the top heading of the item's section of the notes ("" without one). */
function chapterOf(item: WorldItem): string {
  return item.source.split(" › ")[0] ?? "";
}

/**
 * The title as the dashboard shows it: plain, and as HTML. The world's titles
 * are plain text without markup, entities or formulas, so both are the text.
 */
function titlesOf(item: WorldItem) {
  return { title: item.title, titleHtml: item.title };
}

function trendOf(recent: PassCount, prior: PassCount) {
  const a = rate(recent);
  const b = rate(prior);
  if (a === null || b === null) return "unknown" as const;
  if (a - b > TREND_BAND) return "up" as const;
  if (b - a > TREND_BAND) return "down" as const;
  return "flat" as const;
}

function masteryOf(v: LearnerView) {
  type Cls = "new" | "learning" | "mature";
  const counts = { new: 0, learning: 0, mature: 0, total: 0 };
  const chapters = new Map<
    string,
    {
      chapter: string;
      topics: {
        kind: WorldItemKind;
        topicKey: string;
        topic: { zh: string; en: string };
        new: number;
        learning: number;
        mature: number;
        total: number;
      }[];
      new: number;
      learning: number;
      mature: number;
      total: number;
    }
  >();
  for (const s of v.states) {
    if (s.status === "retired") continue;
    const cls: Cls = s.status === "new" ? "new" : s.intervalDays >= MATURE_DAYS ? "mature" : "learning";
    counts[cls]++;
    counts.total++;
    const item = v.item(s.itemId);
    const heading = chapterOf(item);
    let chapter = chapters.get(heading);
    if (!chapter) {
      chapter = { chapter: heading, topics: [], new: 0, learning: 0, mature: 0, total: 0 };
      chapters.set(heading, chapter);
    }
    let topic = chapter.topics.find((t) => t.kind === item.kind && t.topicKey === item.deck);
    if (!topic) {
      topic = { kind: item.kind, topicKey: item.deck, topic: item.topic, new: 0, learning: 0, mature: 0, total: 0 };
      chapter.topics.push(topic);
    }
    topic[cls]++;
    topic.total++;
    chapter[cls]++;
    chapter.total++;
  }
  const list = [...chapters.values()];
  for (const c of list)
    c.topics.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.topicKey.localeCompare(b.topicKey));
  // By chapter number, not by name; items without a chapter last.
  list.sort((a, b) => {
    if ((a.chapter === "") !== (b.chapter === "")) return a.chapter === "" ? 1 : -1;
    return CHAPTER_ORDER[a.chapter]! - CHAPTER_ORDER[b.chapter]!;
  });

  const recentStart = v.start(1 - RECENT_DAYS);
  const priorStart = v.start(1 - 2 * RECENT_DAYS);
  const stats = new Map<string, { all: PassCount; recent: PassCount; prior: PassCount }>();
  for (const l of v.logs) {
    if (v.item(l.itemId).kind === "card") continue;
    const s = stats.get(l.itemId) ?? { all: none(), recent: none(), prior: none() };
    const ok = l.quality >= FIRST_TRY;
    const t = l.reviewedAt.getTime();
    s.all = add(s.all, ok);
    if (t >= recentStart) s.recent = add(s.recent, ok);
    else if (t >= priorStart) s.prior = add(s.prior, ok);
    stats.set(l.itemId, s);
  }
  const exercises = [...stats.entries()]
    .map(([itemId, s]) => {
      const item = v.item(itemId);
      return {
        itemId,
        kind: item.kind,
        ...titlesOf(item),
        href: practiceHrefOf(item),
        attempts: s.all.total,
        accuracy: rate(s.all),
        recentAccuracy: rate(s.recent),
        priorAccuracy: rate(s.prior),
        trend: trendOf(s.recent, s.prior),
      };
    })
    .sort((a, b) => (a.accuracy ?? 1) - (b.accuracy ?? 1) || a.itemId.localeCompare(b.itemId));
  return { chapters: list, counts, exercises };
}

function hardestOf(v: LearnerView) {
  const since = v.start(1 - HARD_FAILURE_DAYS);
  const failures = new Map<string, number>();
  for (const l of v.logs)
    if (l.quality < PASS && l.reviewedAt.getTime() >= since) failures.set(l.itemId, (failures.get(l.itemId) ?? 0) + 1);
  const failed = (s: WorldState) => failures.get(s.itemId) ?? 0;
  return v.states
    .filter((s) => s.status === "active" && (s.lapses > 0 || failed(s) > 0 || s.easePermille < INITIAL_EASE))
    .sort(
      (a, b) =>
        b.lapses - a.lapses ||
        failed(b) - failed(a) ||
        a.easePermille - b.easePermille ||
        (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0),
    )
    .slice(0, HARDEST)
    .map((s) => {
      const item = v.item(s.itemId);
      return {
        itemId: s.itemId,
        kind: item.kind,
        ...titlesOf(item),
        lapses: s.lapses,
        recentFailures: failed(s),
        ease: s.easePermille / 1000,
        intervalDays: s.intervalDays,
        practiceHref: practiceHrefOf(item),
        historyHref: `/items/${encodeURIComponent(s.itemId)}`,
      };
    });
}

const localHourFormats = new Map<string, Intl.DateTimeFormat>();

/** The hour the learner's wall clock showed at `at`. */
function localHour(at: Date, timeZone: string): number {
  let f = localHourFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "numeric", hourCycle: "h23" });
    localHourFormats.set(timeZone, f);
  }
  return Number(f.format(at));
}

function hourlyOf(v: LearnerView) {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, total: 0, passes: 0 }));
  const from = v.start(1 - HOURLY_DAYS);
  for (const l of v.logs) {
    if (l.reviewedAt.getTime() < from) continue;
    const h = hours[localHour(l.reviewedAt, v.day.timeZone)]!;
    h.total++;
    if (l.quality >= PASS) h.passes++;
  }
  return hours;
}

/** Every figure of the learner's dashboard at the world's `now`. */
export function referenceDashboard(world: World, userId: string): Dashboard {
  const v = new LearnerView(world, userId);
  const { due, fresh } = queueParts(v);
  const { newLimit, reviewLimit } = v.limits();
  const activity = activityOf(v);
  const streaks = streaksOf(v);
  const done = v.doneToday();
  return {
    today: {
      dayKey: v.key(0),
      dueNow: Math.min(due.length, reviewLimit),
      newAvailable: Math.min(fresh.length, newLimit),
      // Grades of the daily review, as the review page counts them; drills apart.
      reviewsDone: done.new + done.review + done.relearn + done.practice,
      practiceDone: done.drill,
      durationMs: activity.today.durationMs,
      streaks,
    },
    activity,
    retention: retentionOf(v),
    streaks,
    forecast: forecastOf(v),
    distributions: distributionsOf(v),
    mastery: masteryOf(v),
    hardest: hardestOf(v),
    hourly: hourlyOf(v),
  };
}

/** Non-integers rounded, so sums taken in another order compare equal. */
export function roundFloats<T>(value: T): T {
  if (typeof value === "number") return (Number.isInteger(value) ? value : Number(value.toFixed(9))) as T;
  if (Array.isArray(value)) return value.map((x: unknown) => roundFloats(x)) as T;
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, roundFloats(x)])) as T;
  return value;
}
