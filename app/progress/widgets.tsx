import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ForecastChart } from "@/app/components/progress/forecast-chart";
import { HourlyChart, SimpleBarChart } from "@/app/components/progress/bar-chart";
import { RetentionChart } from "@/app/components/progress/retention-chart";
import { ReviewsChart } from "@/app/components/progress/reviews-chart";
import { sectionTitle } from "@/lib/content/section-names";
import type { BilingualText } from "@/lib/progress/items";
import type { MasteryTopic } from "@/lib/progress/mastery";
import { ITEM_KINDS, rateOf } from "@/lib/progress/types";
import type { Locale } from "@/lib/locale";
import { HARD_FAILURE_DAYS, HOURLY_DAYS, type ProgressLoader } from "@/lib/server/progress/dashboard";
import { Heatmap } from "./heatmap";
import { Section } from "./section";

interface WidgetProps {
  loader: ProgressLoader;
  locale: Locale;
}

const MS_PER_MINUTE = 60_000;

function formats(locale: Locale) {
  return {
    n: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    pct: (v: number | null) =>
      v === null ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(v),
  };
}

const text = (b: BilingualText, locale: Locale) => b[locale] || b.en || b.zh;

/** Rendered HTML of our own content (a title with KaTeX), never learner input. */
function Html({ html, className }: { html: string; className?: string }) {
  return <span className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-lg bg-zinc-50 p-3 dark:bg-zinc-900">
      <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export async function TodayWidget({ loader, locale }: WidgetProps) {
  const [t, today, ctx] = await Promise.all([getTranslations("progress.today"), loader.today(), loader.context()]);
  const { n } = formats(locale);
  return (
    <Section id="today" title={t("title")} wide>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        <Stat label={t("dueNow")} value={n.format(today.dueNow)} testId="today-due" />
        <Stat label={t("newAvailable")} value={n.format(today.newAvailable)} testId="today-new" />
        <Stat label={t("done")} value={n.format(today.reviewsDone)} testId="today-done" />
        <Stat label={t("practiceDone")} value={n.format(today.practiceDone)} testId="today-practice" />
        <Stat
          label={t("time")}
          value={t("duration", { minutes: n.format(today.durationMs / MS_PER_MINUTE) })}
          testId="today-time"
        />
        <Stat label={t("streak")} value={t("days", { count: today.streaks.current })} testId="today-streak" />
        <Stat label={t("longest")} value={t("days", { count: today.streaks.longest })} testId="today-longest" />
      </dl>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {t("limitsNote", { reviews: ctx.limits.maxReviewsPerDay, fresh: ctx.limits.newPerDay })}
      </p>
    </Section>
  );
}

export async function CalendarWidget({ loader, locale }: WidgetProps) {
  const [t, { activity }] = await Promise.all([getTranslations("progress.calendar"), loader.activity()]);
  const { n } = formats(locale);
  const activeDays = activity.days.filter((d) => d.total > 0).length;
  const max = activity.days.reduce((m, d) => Math.max(m, d.total), 0);
  const summary =
    activity.totalReviews === 0
      ? t("empty")
      : t("summary", { reviews: activity.totalReviews, days: activeDays, max: n.format(max) });
  return (
    <Section id="calendar" title={t("title")} wide>
      <Heatmap
        days={activity.days}
        locale={locale}
        summary={summary}
        regionLabel={t("region")}
        cellLabel={(date, count) => t("cell", { date, count })}
        less={t("less")}
        more={t("more")}
      />
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="calendar-summary">
        {summary}
      </p>
    </Section>
  );
}

export async function ReviewsWidget({ loader, locale }: WidgetProps) {
  const [t, { activity }] = await Promise.all([getTranslations("progress"), loader.activity()]);
  const { n } = formats(locale);
  return (
    <Section id="reviews" title={t("reviews.title")} wide>
      <ReviewsChart days={activity.days} locale={locale} />
      <details className="text-sm">
        <summary className="cursor-pointer">{t("reviews.buttons")}</summary>
        <table className="mt-2 w-full text-left text-sm tabular-nums">
          <thead>
            <tr>
              <th scope="col" className="py-1 font-medium">
                {t("reviews.items")}
              </th>
              {[0, 1, 2, 3, 4, 5].map((g) => (
                <th key={g} scope="col" className="py-1 font-medium">
                  {t("grade", { grade: g })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ITEM_KINDS.map((k) => (
              <tr key={k}>
                <th scope="row" className="py-1 font-normal">
                  {t(`kinds.${k}`)}
                </th>
                {activity.gradeTotals[k].map((c, g) => (
                  <td key={g}>{n.format(c)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </Section>
  );
}

export async function ForecastWidget({ loader, locale }: WidgetProps) {
  const [t, f] = await Promise.all([getTranslations("progress.forecast"), loader.forecast()]);
  const { n } = formats(locale);
  const points = f.days.map((d, i) => ({
    label: i === 0 ? t("today") : (f.dayKeys[i] ?? "").slice(5),
    due: d.due,
    reviews: d.reviews,
  }));
  const nothingDue = f.days.every((d) => d.due === 0);
  return (
    <Section id="forecast" title={t("title")}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="forecast-summary">
        {nothingDue ? (
          t("empty", { days: f.days.length - 1 })
        ) : (
          <>
            {t("summary", {
              today: n.format(f.days[0]?.due ?? 0),
              tomorrow: n.format(f.days[1]?.due ?? 0),
              total: n.format(f.dueNextDays),
              average: n.format(f.averagePerDay),
            })}{" "}
            {t("overLimit", { count: f.daysOverLimit, limit: f.limits.maxReviewsPerDay })}
          </>
        )}
      </p>
      {nothingDue ? null : <ForecastChart points={points} />}
    </Section>
  );
}

export async function RetentionWidget({ loader, locale }: WidgetProps) {
  const [t, { retention }] = await Promise.all([getTranslations("progress.retention"), loader.activity()]);
  const { pct, n } = formats(locale);
  if (retention.lastYear.all.total === 0)
    return (
      <Section id="retention" title={t("title")}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("explain")}</p>
        <p className="text-sm" data-testid="retention-summary">
          {t("empty")}
        </p>
      </Section>
    );
  const trend = retention.trend.all;
  const points = retention.weeks.map((w, i) => ({
    label: w.startKey.slice(5),
    young: rateOf(w.young),
    mature: rateOf(w.mature),
    all: rateOf(w.all),
    trend: trend ? Math.min(1, Math.max(0, trend.fitted[i] ?? 0)) : null,
  }));
  const slopePoints = trend ? trend.slopePerWeek * 100 : 0;
  const trendText = !trend
    ? t("trendNone")
    : Math.abs(slopePoints) < 0.05
      ? t("trendFlat")
      : slopePoints > 0
        ? t("trendUp", { points: n.format(slopePoints) })
        : t("trendDown", { points: n.format(-slopePoints) });
  const cell = (c: { passes: number; total: number }) =>
    c.total > 0 ? `${pct(rateOf(c))} (${n.format(c.passes)}/${n.format(c.total)})` : t("none");
  const last30 = retention.last30Days;
  return (
    <Section id="retention" title={t("title")}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("explain")}</p>
      <p className="text-sm" data-testid="retention-summary">
        {last30.all.total === 0
          ? t("noneRecent")
          : t("summary", {
              all: cell(last30.all),
              young: cell(last30.young),
              mature: cell(last30.mature),
            })}{" "}
        {trendText}
      </p>
      <RetentionChart points={points} />
      <table className="w-full text-left text-sm tabular-nums">
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              {t("period")}
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              {t("young")}
            </th>
            <th scope="col" className="py-1 pr-3 font-medium">
              {t("mature")}
            </th>
            <th scope="col" className="py-1 font-medium">
              {t("all")}
            </th>
          </tr>
        </thead>
        <tbody>
          {(
            [
              ["last30", retention.last30Days],
              ["lastYear", retention.lastYear],
            ] as const
          ).map(([k, p]) => (
            <tr key={k} className="border-t border-zinc-200 align-top dark:border-zinc-800">
              <th scope="row" className="py-1 pr-3 font-normal">
                {t(k)}
              </th>
              <td className="py-1 pr-3">{cell(p.young)}</td>
              <td className="py-1 pr-3">{cell(p.mature)}</td>
              <td className="py-1">{cell(p.all)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

export async function DistributionsWidget({ loader, locale }: WidgetProps) {
  const [t, d] = await Promise.all([getTranslations("progress.distributions"), loader.distributions()]);
  const { n } = formats(locale);
  const biggest = (b: { label: string; count: number }[]) =>
    b.reduce((m, x) => (x.count > m.count ? x : m), { label: "", count: 0 });
  const count = d.intervals.reduce((s, b) => s + b.count, 0);
  const bi = biggest(d.intervals);
  const be = biggest(d.ease);
  if (count === 0 || d.meanIntervalDays === null || d.meanEase === null)
    return (
      <>
        <Section id="intervals" title={t("intervals")}>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intervalsEmpty")}</p>
        </Section>
        <Section id="ease" title={t("ease")}>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("easeEmpty")}</p>
        </Section>
      </>
    );
  return (
    <>
      <Section id="intervals" title={t("intervals")}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t("intervalsSummary", {
            count,
            mean: n.format(d.meanIntervalDays),
            label: bi.label,
            max: bi.count,
          })}
        </p>
        <SimpleBarChart data={d.intervals} name={t("items")} />
      </Section>
      <Section id="ease" title={t("ease")}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t("easeSummary", {
            mean: d.meanEase.toFixed(2),
            label: be.label,
            max: be.count,
          })}
        </p>
        <SimpleBarChart data={d.ease} name={t("items")} />
      </Section>
    </>
  );
}

function MasteryBar({
  mature,
  learning,
  fresh,
  total,
  label,
}: {
  mature: number;
  learning: number;
  fresh: number;
  total: number;
  label: string;
}) {
  const w = (x: number) => `${total > 0 ? (x / total) * 100 : 0}%`;
  return (
    <div
      className="flex h-3 w-full min-w-20 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      role="img"
      aria-label={label}
    >
      <div className="bg-emerald-600 dark:bg-emerald-400" style={{ width: w(mature) }} />
      <div className="bg-amber-500 dark:bg-amber-400" style={{ width: w(learning) }} />
      <div className="bg-zinc-400 dark:bg-zinc-600" style={{ width: w(fresh) }} />
    </div>
  );
}

type TopicTranslate = Awaited<ReturnType<typeof getTranslations<"exercises.topics">>>;

/** A topic in the UI language: a deck's own title; an exercise topic's name from the messages, never its id. */
function topicName(topic: MasteryTopic, locale: Locale, tt: TopicTranslate, kindName: string): string {
  if (topic.kind === "card") return text(topic.topic, locale);
  const key = topic.topic.en;
  return tt.has(key) ? tt(key) : kindName;
}

export async function MasteryWidget({ loader, locale }: WidgetProps) {
  const [t, tk, tt, m] = await Promise.all([
    getTranslations("progress.mastery"),
    getTranslations("progress.kinds"),
    getTranslations("exercises.topics"),
    loader.mastery(),
  ]);
  const { n } = formats(locale);
  const num = "py-1 px-2 text-right";
  return (
    <Section id="mastery" title={t("title")} wide>
      <p className="text-sm" data-testid="mastery-counts">
        {t("counts", {
          total: n.format(m.counts.total),
          mature: n.format(m.counts.mature),
          learning: n.format(m.counts.learning),
          fresh: n.format(m.counts.new),
        })}
      </p>
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t("title")}>
        <table className="w-full text-left text-sm tabular-nums">
          <thead>
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">
                {t("topic")}
              </th>
              <th scope="col" className={`${num} font-medium`}>
                {t("mature")}
              </th>
              <th scope="col" className={`${num} font-medium`}>
                {t("learning")}
              </th>
              <th scope="col" className={`${num} font-medium`}>
                {t("new")}
              </th>
              <th scope="col" className="hidden w-1/4 py-1 pl-2 font-medium sm:table-cell">
                {t("share")}
              </th>
            </tr>
          </thead>
          {m.chapters.map((c) => (
            <tbody key={c.chapter} data-chapter={c.chapter}>
              <tr className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="rowgroup" colSpan={5} className="pt-3 pb-1 font-semibold">
                  {c.chapter ? sectionTitle(c.chapter, locale) : t("noChapter")}
                </th>
              </tr>
              {c.topics.map((topic) => {
                const label = t("bar", { mature: topic.mature, learning: topic.learning, fresh: topic.new });
                const bar = (
                  <MasteryBar
                    mature={topic.mature}
                    learning={topic.learning}
                    fresh={topic.new}
                    total={topic.total}
                    label={label}
                  />
                );
                return (
                  <tr key={`${topic.kind}:${topic.topicKey}`} data-topic={topic.topicKey} className="align-top">
                    <th scope="row" className="min-w-36 py-1 pr-2 font-normal">
                      <span className="block">{topicName(topic, locale, tt, tk(topic.kind))}</span>
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{tk(topic.kind)}</span>
                      {/* On a phone the bar sits under the name, leaving the name the width of the table. */}
                      <span className="mt-1 block sm:hidden">{bar}</span>
                    </th>
                    <td className={num}>{n.format(topic.mature)}</td>
                    <td className={num}>{n.format(topic.learning)}</td>
                    <td className={num}>{n.format(topic.new)}</td>
                    <td className="hidden py-2 pl-2 sm:table-cell">{bar}</td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
    </Section>
  );
}

export async function ExercisesWidget({ loader, locale }: WidgetProps) {
  const [t, tk, m] = await Promise.all([
    getTranslations("progress.exercises"),
    getTranslations("progress.kinds"),
    loader.mastery(),
  ]);
  const { n, pct } = formats(locale);
  return (
    <Section id="exercises" title={t("title")} wide>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("explain")}</p>
      {m.exercises.length === 0 ? (
        <p className="text-sm">{t("none")}</p>
      ) : (
        <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t("title")}>
          <table className="w-full text-left text-sm tabular-nums">
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  {t("item")}
                </th>
                <th scope="col" className="px-2 py-1 text-right font-medium">
                  {t("attempts")}
                </th>
                <th scope="col" className="px-2 py-1 text-right font-medium">
                  {t("accuracy")}
                </th>
                <th scope="col" className="px-2 py-1 text-right font-medium">
                  {t("recent")}
                </th>
                <th scope="col" className="py-1 pl-2 font-medium">
                  {t("trend")}
                </th>
              </tr>
            </thead>
            <tbody>
              {m.exercises.map((e) => (
                <tr key={e.itemId} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                  <th scope="row" className="min-w-36 py-1 pr-2 font-normal">
                    <Link href={e.href} className="underline" prefetch={false}>
                      <Html html={e.titleHtml[locale]} />
                    </Link>{" "}
                    <span className="text-xs text-zinc-600 dark:text-zinc-400">({tk(e.kind)})</span>
                  </th>
                  <td className="px-2 py-1 text-right">{n.format(e.attempts)}</td>
                  <td className="px-2 py-1 text-right">{pct(e.accuracy)}</td>
                  <td className="px-2 py-1 text-right">{pct(e.recentAccuracy)}</td>
                  <td className="py-1 pl-2">{t(e.trend)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export async function HardestWidget({ loader, locale }: WidgetProps) {
  const [t, tk, items] = await Promise.all([
    getTranslations("progress.hardest"),
    getTranslations("progress.kinds"),
    loader.hardest(),
  ]);
  return (
    <Section id="hardest" title={t("title")}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("explain", { days: HARD_FAILURE_DAYS })}</p>
      {items.length === 0 ? (
        <p className="text-sm">{t("none")}</p>
      ) : (
        <ol className="flex flex-col gap-2 text-sm">
          {items.map((item) => (
            <li
              key={item.itemId}
              className="flex flex-col gap-1 border-b border-zinc-200 pb-2 dark:border-zinc-800"
              data-item-id={item.itemId}
            >
              <span>
                <Html html={item.titleHtml[locale]} />{" "}
                <span className="text-xs text-zinc-600 dark:text-zinc-400">({tk(item.kind)})</span>
              </span>
              <span className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
                <span>{t("lapses", { count: item.lapses })}</span>
                {item.recentFailures > 0 ? (
                  <span>{t("failures", { count: item.recentFailures, days: HARD_FAILURE_DAYS })}</span>
                ) : null}
                <span>{t("ease", { ease: item.ease.toFixed(2) })}</span>
                <Link
                  className="text-accent underline dark:text-sky-300"
                  href={item.practiceHref}
                  prefetch={false}
                  aria-label={t("practiseNamed", { title: item.title[locale] })}
                >
                  {t("practise")}
                </Link>
                <Link
                  className="text-accent underline dark:text-sky-300"
                  href={item.historyHref}
                  prefetch={false}
                  aria-label={t("historyNamed", { title: item.title[locale] })}
                >
                  {t("history")}
                </Link>
              </span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

export async function HourlyWidget({ loader, locale }: WidgetProps) {
  const [t, hours, ctx] = await Promise.all([getTranslations("progress.hourly"), loader.hourly(), loader.context()]);
  const { pct } = formats(locale);
  const data = hours.map((h) => ({ hour: h.hour, total: h.total, rate: h.total > 0 ? h.passes / h.total : null }));
  const rated = data.filter((h): h is { hour: number; total: number; rate: number } => h.rate !== null);
  const best = rated.reduce<(typeof rated)[number] | null>((m, h) => (!m || h.rate > m.rate ? h : m), null);
  const worst = rated.reduce<(typeof rated)[number] | null>((m, h) => (!m || h.rate < m.rate ? h : m), null);
  let summary: string;
  if (!best || !worst) summary = t("none", { days: HOURLY_DAYS });
  else if (rated.length === 1)
    summary = t("oneHour", { count: best.total, hour: hourLabel(best.hour), rate: pct(best.rate), days: HOURLY_DAYS });
  else if (best.rate === worst.rate) summary = t("even", { hours: rated.length, rate: pct(best.rate) });
  else
    summary = t("summary", {
      best: hourLabel(best.hour),
      bestRate: pct(best.rate),
      worst: hourLabel(worst.hour),
      worstRate: pct(worst.rate),
    });
  return (
    <Section id="hourly" title={t("title")} wide>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("explain", { timeZone: ctx.day.timeZone, days: HOURLY_DAYS })}
      </p>
      <p className="text-sm" data-testid="hourly-summary">
        {summary}
      </p>
      {rated.length > 0 ? <HourlyChart data={data} reviews={t("reviews")} rate={t("rate")} /> : null}
    </Section>
  );
}
