import { getFormatter, getTranslations } from "next-intl/server";
import { WorkloadChart } from "@/app/components/progress/workload-chart";
import { ProgressBar } from "@/app/components/ui/progress-bar";
import { FIT_DEADLINE_MS, type FitJob, MIN_FIT_CARDS, MIN_FIT_REVIEWS } from "@/lib/server/fsrs-fit";
import type { SchedulerLabView } from "@/lib/server/scheduler-lab";
import type { SchedulerLabFigures } from "@/lib/srs/scheduler-lab";
import type { WorkloadPoint } from "@/lib/srs/simulate";
import { Section } from "../section";
import { FitButton, PollWhile } from "./fit-panel";

const fixed = (x: number, digits: number) => x.toFixed(digits);
const percent = (x: number) => `${Math.round(x * 100)}%`;
/** Differences in log loss below this are reported as a tie. */
const LOG_LOSS_TIE = 0.005;

/** The FSRS point nearest the learner's desired retention (the curve includes it). */
function nearestPoint(points: readonly WorkloadPoint[], retention: number): WorkloadPoint {
  return points.reduce((best, p) =>
    Math.abs(p.retention - retention) < Math.abs(best.retention - retention) ? p : best,
  );
}

async function CalibrationSection({ figures }: { figures: SchedulerLabFigures }) {
  const t = await getTranslations("lab.calibration");
  const c = figures.calibration;
  if (!c) {
    return (
      <Section id="calibration" title={t("title")} wide>
        <p className="text-sm">{t("tooFew")}</p>
      </Section>
    );
  }
  const diff = c.sm2.logLoss - c.fsrs.logLoss;
  const better = Math.abs(diff) < LOG_LOSS_TIE ? "tie" : diff > 0 ? "fsrs" : "sm2";
  const rows = [
    ["fsrs", c.fsrs],
    ["sm2", c.sm2],
  ] as const;
  return (
    <Section id="calibration" title={t("title")} wide>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("explain")}</p>
      <p className="text-sm" data-testid="calibration-summary">
        {t("summary", {
          fsrsLogLoss: fixed(c.fsrs.logLoss, 3),
          fsrsRmse: fixed(c.fsrs.rmseBins, 3),
          sm2LogLoss: fixed(c.sm2.logLoss, 3),
          sm2Rmse: fixed(c.sm2.rmseBins, 3),
          scored: c.fsrs.reviewsScored,
          better,
        })}
      </p>
      <table className="w-full text-left text-sm">
        <thead>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th scope="col" className="py-1 pr-4">
              {t("scheduler")}
            </th>
            <th scope="col" className="py-1 pr-4 text-right">
              {t("logLoss")}
            </th>
            <th scope="col" className="py-1 pr-4 text-right">
              {t("rmseBins")}
            </th>
            <th scope="col" className="py-1 text-right">
              {t("scored")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, m]) => (
            <tr key={name} className="border-b border-zinc-100 dark:border-zinc-900">
              <th scope="row" className="py-1 pr-4 font-medium">
                {t(name)}
              </th>
              <td className="py-1 pr-4 text-right tabular-nums">{fixed(m.logLoss, 4)}</td>
              <td className="py-1 pr-4 text-right tabular-nums">{fixed(m.rmseBins, 4)}</td>
              <td className="py-1 text-right tabular-nums">{m.reviewsScored}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {figures.calibrationReviews < figures.reviewCount && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {t("subset", { cards: figures.calibrationCards, reviews: figures.calibrationReviews })}
        </p>
      )}
    </Section>
  );
}

async function WorkloadSection({
  figures,
  current,
}: {
  figures: SchedulerLabFigures;
  current: SchedulerLabView["current"];
}) {
  const t = await getTranslations("lab.workload");
  const { fsrs, sm2 } = figures.workload;
  const low = fsrs[0]!;
  const high = fsrs[fsrs.length - 1]!;
  const chosen = current.scheduler === "fsrs" ? nearestPoint(fsrs, current.desiredRetention) : sm2;
  const currentLabel =
    current.scheduler === "fsrs" ? `FSRS ${percent(current.desiredRetention)}` : `SM-2 ${percent(sm2.retention)}`;
  return (
    <Section id="workload" title={t("title")} wide>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("explain", { deck: figures.workload.deckSize, perDay: figures.workload.learnLimitPerDay })}
      </p>
      <p className="text-sm" data-testid="workload-summary">
        {t("summary", {
          low: percent(low.retention),
          lowReviews: fixed(low.reviewsPerDay, 1),
          lowMinutes: fixed(low.minutesPerDay, 1),
          high: percent(high.retention),
          highReviews: fixed(high.reviewsPerDay, 1),
          highMinutes: fixed(high.minutesPerDay, 1),
          sm2Retention: percent(sm2.retention),
          sm2Reviews: fixed(sm2.reviewsPerDay, 1),
          sm2Minutes: fixed(sm2.minutesPerDay, 1),
          current: currentLabel,
        })}
      </p>
      <WorkloadChart fsrs={fsrs} sm2={sm2} current={chosen} />
      <table className="sr-only">
        <caption>{t("tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("schedulerColumn")}</th>
            <th scope="col">{t("retention")}</th>
            <th scope="col">{t("reviewsPerDay")}</th>
            <th scope="col">{t("minutesPerDay")}</th>
          </tr>
        </thead>
        <tbody>
          {[...fsrs, sm2].map((p) => (
            <tr key={`${p.scheduler}-${p.retention}`}>
              <th scope="row">
                {p.scheduler === "fsrs" ? "FSRS" : "SM-2"}
                {p === chosen ? ` (${t("yourChoice")})` : ""}
              </th>
              <td>{percent(p.retention)}</td>
              <td>{fixed(p.reviewsPerDay, 1)}</td>
              <td>{fixed(p.minutesPerDay, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

async function FitSection({ job }: { job: FitJob | null }) {
  const [t, format] = await Promise.all([getTranslations("lab.fit"), getFormatter()]);
  const active = job !== null && (job.status === "queued" || job.status === "running");
  let status: string;
  if (!job) status = t("never");
  else if (job.status === "queued") status = t("queued");
  else if (job.status === "running") status = t("running", { percent: percent(job.progress) });
  else {
    const outcome =
      job.status === "done" ? (job.message ?? "fitted") : job.status === "failed" ? "failed" : "timed-out";
    status = t(`status.${outcome}`, { count: job.reviewCount, seconds: FIT_DEADLINE_MS / 1000 });
  }
  return (
    <Section id="fit" title={t("title")} wide>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("explain", { reviews: MIN_FIT_REVIEWS, cards: MIN_FIT_CARDS })}
      </p>
      <p className="text-sm" role="status" data-testid="fit-status">
        {status}
        {job?.finishedAt && !active
          ? ` ${t("finishedAt", { when: format.dateTime(job.finishedAt, { dateStyle: "medium", timeStyle: "short" }) })}`
          : ""}
      </p>
      {active && <ProgressBar value={Math.round(job.progress * 100)} max={100} label={status} />}
      <FitButton running={active} />
    </Section>
  );
}

export async function SchedulerLab({ lab }: { lab: SchedulerLabView }) {
  const [t, format] = await Promise.all([getTranslations("lab"), getFormatter()]);
  const figures = lab.figures;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <a href="/progress" className="text-sm text-accent underline dark:text-sky-300">
          {t("back")}
        </a>
      </div>
      <p className="text-sm">{t("intro")}</p>
      <p className="text-sm">
        {lab.current.scheduler === "fsrs"
          ? t("current.fsrs", { retention: percent(lab.current.desiredRetention) })
          : t("current.sm2")}{" "}
        {figures ? t(`weights.${figures.weightsSource}`) : ""}
      </p>
      <PollWhile active={lab.status === "computing"} />
      {lab.status === "computing" || !figures ? (
        <p role="status" className="rounded-lg bg-zinc-100 p-4 text-sm dark:bg-zinc-800" data-testid="lab-computing">
          {t("computing")}
        </p>
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <p className="text-xs text-zinc-600 md:col-span-2 dark:text-zinc-400">
            {t("computedAt", {
              when: lab.computedAt ? format.dateTime(lab.computedAt, { dateStyle: "medium", timeStyle: "short" }) : "",
              reviews: figures.reviewCount,
              cards: figures.cardCount,
            })}
          </p>
          <CalibrationSection figures={figures} />
          <WorkloadSection figures={figures} current={lab.current} />
        </div>
      )}
      <FitSection job={lab.fitJob} />
    </div>
  );
}
