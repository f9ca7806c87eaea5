import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ForecastChart } from "@/app/components/progress/forecast-chart";
import { HourlyChart, SimpleBarChart } from "@/app/components/progress/bar-chart";
import { RetentionChart } from "@/app/components/progress/retention-chart";
import { ReviewsChart } from "@/app/components/progress/reviews-chart";
import type { BilingualText } from "@/lib/progress/items";
import { ITEM_KINDS, rateOf } from "@/lib/progress/types";
import type { ProgressLoader } from "@/lib/server/progress/dashboard";
import { Heatmap } from "./heatmap";
import { Section } from "./section";

import type { Locale } from "@/lib/locale";
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
  const summary = t("summary", { reviews: n.format(activity.totalReviews), days: activeDays, max: n.format(max) });
  return (
    <Section id="calendar" title={t("title")} wide>
      <Heatmap
        days={activity.days}
        summary={summary}
        cellLabel={(date, count) => t("cell", { date, count })}
        less={t("less")}
        more={t("more")}
      />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{summary}</p>
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
  return (
    <Section id="forecast" title={t("title")}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="forecast-summary">
        {t("summary", {
          today: n.format(f.days[0]?.due ?? 0),
          tomorrow: n.format(f.days[1]?.due ?? 0),
          total: n.format(f.dueNextDays),
          average: n.format(f.averagePerDay),
        })}{" "}
        {t("overLimit", { count: f.daysOverLimit, limit: f.limits.maxReviewsPerDay })}
      </p>
      <ForecastChart points={points} />
    </Section>
  );
}

export async function RetentionWidget({ loader, locale }: WidgetProps) {
  const [t, { retention }] = await Promise.all([getTranslations("progress.retention"), loader.activity()]);
  const { pct, n } = formats(locale);
  const trend = retention.trend.all;
  const points = retention.weeks.map((w, i) => ({
    label: w.startKey.slice(5),
    young: rateOf(w.young),
    mature: rateOf(w.mature),
    all: rateOf(w.all),
    trend: trend ? Math.min(1, Math.max(0, trend.fitted[i] ?? 0)) : null,
  }));
  const slopePoints = trend ? trend.slopePerWeek * 100 : 0;
  const trendText =
    !trend || Math.abs(slopePoints) < 0.05
      ? t("trendFlat")
      : slopePoints > 0
        ? t("trendUp", { points: n.format(slopePoints) })
        : t("trendDown", { points: n.format(-slopePoints) });
  const cell = (c: { passes: number; total: number }) =>
    c.total > 0 ? `${pct(rateOf(c))} (${n.format(c.passes)}/${n.format(c.total)})` : t("none");
  return (
    <Section id="retention" title={t("title")}>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("explain")}</p>
      <p className="text-sm" data-testid="retention-summary">
        {t("summary", {
          all: pct(rateOf(retention.last30Days.all)),
          young: pct(rateOf(retention.last30Days.young)),
          mature: pct(rateOf(retention.last30Days.mature)),
          trend: trendText,
        })}
      </p>
      <RetentionChart points={points} />
      <table className="w-full text-left text-sm tabular-nums">
        <thead>
          <tr>
            <th scope="col" className="font-medium">
              {t("period")}
            </th>
            <th scope="col" className="font-medium">
              {t("young")}
            </th>
            <th scope="col" className="font-medium">
              {t("mature")}
            </th>
            <th scope="col" className="font-medium">
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
            <tr key={k}>
              <th scope="row" className="font-normal">
                {t(k)}
              </th>
              <td>{cell(p.young)}</td>
              <td>{cell(p.mature)}</td>
              <td>{cell(p.all)}</td>
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
    b.reduce((m, x) => (x.count > m.count ? x : m), { label: "—", count: 0 });
  const count = d.intervals.reduce((s, b) => s + b.count, 0);
  const bi = biggest(d.intervals);
  const be = biggest(d.ease);
  return (
    <>
      <Section id="intervals" title={t("intervals")}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t("intervalsSummary", {
            count: n.format(count),
            mean: d.meanIntervalDays === null ? "—" : n.format(d.meanIntervalDays),
            label: bi.label,
            max: n.format(bi.count),
          })}
        </p>
        <SimpleBarChart data={d.intervals} name={t("items")} />
      </Section>
      <Section id="ease" title={t("ease")}>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {t("easeSummary", {
            mean: d.meanEase === null ? "—" : d.meanEase.toFixed(2),
            label: be.label,
            max: n.format(be.count),
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

export async function MasteryWidget({ loader, locale }: WidgetProps) {
  const [t, tk, m] = await Promise.all([
    getTranslations("progress.mastery"),
    getTranslations("progress.kinds"),
    loader.mastery(),
  ]);
  const { n } = formats(locale);
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
              <th scope="col" className="py-1 font-medium">
                {t("topic")}
              </th>
              <th scope="col" className="py-1 font-medium">
                {t("mature")}
              </th>
              <th scope="col" className="py-1 font-medium">
                {t("learning")}
              </th>
              <th scope="col" className="py-1 font-medium">
                {t("new")}
              </th>
              <th scope="col" className="w-1/3 py-1 font-medium">
                <span className="sr-only">%</span>
              </th>
            </tr>
          </thead>
          {m.chapters.map((c) => (
            <tbody key={c.chapter}>
              <tr className="border-t border-zinc-200 dark:border-zinc-800">
                <th scope="rowgroup" colSpan={5} className="pt-2 font-semibold">
                  {t("chapter")}: {c.chapter || t("noChapter")}
                </th>
              </tr>
              {c.topics.map((topic) => {
                const label = t("bar", { mature: topic.mature, learning: topic.learning, fresh: topic.new });
                return (
                  <tr key={`${topic.kind}:${topic.topicKey}`}>
                    <th scope="row" className="py-1 pr-2 font-normal">
                      {text(topic.topic, locale)}{" "}
                      <span className="text-xs text-zinc-600 dark:text-zinc-400">({tk(topic.kind)})</span>
                    </th>
                    <td>{n.format(topic.mature)}</td>
                    <td>{n.format(topic.learning)}</td>
                    <td>{n.format(topic.new)}</td>
                    <td>
                      <MasteryBar
                        mature={topic.mature}
                        learning={topic.learning}
                        fresh={topic.new}
                        total={topic.total}
                        label={label}
                      />
                    </td>
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
                <th scope="col" className="font-medium">
                  {t("item")}
                </th>
                <th scope="col" className="font-medium">
                  {t("attempts")}
                </th>
                <th scope="col" className="font-medium">
                  {t("accuracy")}
                </th>
                <th scope="col" className="font-medium">
                  {t("recent")}
                </th>
                <th scope="col" className="font-medium">
                  {t("trend")}
                </th>
              </tr>
            </thead>
            <tbody>
              {m.exercises.map((e) => (
                <tr key={e.itemId}>
                  <th scope="row" className="py-1 pr-2 font-normal">
                    <Link href={e.href} className="underline">
                      {text(e.title, locale)}
                    </Link>{" "}
                    <span className="text-xs text-zinc-600 dark:text-zinc-400">({tk(e.kind)})</span>
                  </th>
                  <td>{n.format(e.attempts)}</td>
                  <td>{pct(e.accuracy)}</td>
                  <td>{pct(e.recentAccuracy)}</td>
                  <td>{t(e.trend)}</td>
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
      {items.length === 0 ? (
        <p className="text-sm">{t("none")}</p>
      ) : (
        <ol className="flex flex-col gap-2 text-sm">
          {items.map((item) => (
            <li key={item.itemId} className="flex flex-col gap-1 border-b border-zinc-200 pb-2 dark:border-zinc-800">
              <span>
                {text(item.title, locale)}{" "}
                <span className="text-xs text-zinc-600 dark:text-zinc-400">({tk(item.kind)})</span>
              </span>
              <span className="flex flex-wrap gap-3 text-xs text-zinc-600 dark:text-zinc-400">
                <span>
                  {t("lapses")}: {item.lapses}
                </span>
                <span>
                  {t("ease")}: {item.ease.toFixed(2)}
                </span>
                <Link className="text-accent underline dark:text-sky-300" href={item.practiceHref}>
                  {t("practise")}
                </Link>
                {item.kind !== "card" ? (
                  <Link className="text-accent underline dark:text-sky-300" href={item.historyHref}>
                    {t("history")}
                  </Link>
                ) : null}
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
  const rated = data.filter((h) => h.rate !== null && h.total > 0);
  const best = rated.reduce<(typeof data)[number] | null>(
    (m, h) => (!m || (h.rate ?? 0) > (m.rate ?? 0) ? h : m),
    null,
  );
  const worst = rated.reduce<(typeof data)[number] | null>(
    (m, h) => (!m || (h.rate ?? 1) < (m.rate ?? 1) ? h : m),
    null,
  );
  return (
    <Section id="hourly" title={t("title")} wide>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("explain", { timeZone: ctx.day.timeZone })}</p>
      {best && worst ? (
        <>
          <p className="text-sm">
            {t("summary", { best: best.hour, bestRate: pct(best.rate), worst: worst.hour, worstRate: pct(worst.rate) })}
          </p>
          <HourlyChart data={data} reviews={t("reviews")} rate={t("rate")} />
        </>
      ) : (
        <p className="text-sm">{t("none")}</p>
      )}
    </Section>
  );
}
