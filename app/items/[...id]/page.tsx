import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { type ItemReviewPoint, ItemReviewsChart } from "@/app/components/progress/item-reviews-chart";
import { sectionTitle } from "@/lib/content/section-names";
import { type AttemptView, type CodeAttemptView, formatInstant } from "@/lib/progress/history";
import { itemIdOfSegments, itemMetaOf, parsePayload, practiceHref, replayHref } from "@/lib/progress/items";
import { GRADES, PASS_QUALITY } from "@/lib/progress/types";
import type { Locale } from "@/lib/locale";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import {
  HISTORY_LIMIT,
  type HistoryReview,
  type ItemContent,
  fetchItemHistory,
} from "@/lib/server/progress/item-history";
import { toLocale } from "@/app/i18n/locale";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string[] }> };
type Translate = Awaited<ReturnType<typeof getTranslations<"itemHistory">>>;

const REVIEW_KINDS = ["new", "review", "relearn", "practice", "drill"] as const;
const RUN_STATUSES = ["pass", "fail", "error", "not-attempted", "unknown"] as const;

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const [t, locale, itemId] = await Promise.all([
    getTranslations("itemHistory"),
    getLocale(),
    params.then((p) => itemIdOfSegments(p.id)),
  ]);
  // The item's title is shared content: naming the page needs no learner.
  // Built-in content only: a learner's own card is named by its page, never to whoever guesses its id.
  const item = await getDb().item.findFirst({
    where: { id: itemId, ownerId: null },
    select: { id: true, deck: true, payload: true },
  });
  if (!item) return { title: t("title") };
  const meta = itemMetaOf(item.id, item.deck, parsePayload(item.payload));
  return { title: t("pageTitle", { title: meta.title[toLocale(locale)] }) };
}

function kindLabel(t: Translate, kind: string): string {
  return (REVIEW_KINDS as readonly string[]).includes(kind)
    ? t(`reviewKinds.${kind as (typeof REVIEW_KINDS)[number]}`)
    : t("reviewKinds.other");
}

function ExerciseAttempt({ attempt, t, replay }: { attempt: AttemptView; t: Translate; replay: string | null }) {
  const facts = [
    attempt.seed !== null ? t("seed", { seed: attempt.seed }) : null,
    t(`verdict.${attempt.verdict}`),
    attempt.hintsShown > 0 ? t("hints", { count: attempt.hintsShown }) : null,
    attempt.solutionShown ? t("solutionShown") : null,
  ].filter((f): f is string => f !== null);
  return (
    <div className="flex flex-col gap-1">
      <span>{facts.join(" · ")}</span>
      {attempt.inputs.length > 0 ? (
        <span>
          {t("inputs")}:{" "}
          {attempt.inputs
            .map((a) => `${a.input}${a.correct === true ? " ✓" : a.correct === false ? " ✗" : ""}`)
            .join(", ")}
        </span>
      ) : null}
      {replay ? (
        <Link className="underline" href={replay} prefetch={false}>
          {t("replay")}
        </Link>
      ) : null}
    </div>
  );
}

function CodeAttempt({ attempt, t }: { attempt: CodeAttemptView; t: Translate }) {
  const facts = [
    t(`codeVerdict.${attempt.verdict}`),
    attempt.hintsShown > 0 ? t("hints", { count: attempt.hintsShown }) : null,
    attempt.solutionShown ? t("solutionShown") : null,
  ].filter((f): f is string => f !== null);
  return (
    <div className="flex flex-col gap-1">
      <span>{facts.join(" · ")}</span>
      {attempt.runs.length > 0 ? (
        <ol className="flex flex-col gap-0.5" aria-label={t("runs", { count: attempt.runs.length })}>
          {attempt.runs.map((run, i) => {
            const status = (RUN_STATUSES as readonly string[]).includes(run.status) ? run.status : "unknown";
            return (
              <li key={i} data-run-status={status}>
                {t("run", { n: i + 1 })}: {t(`runStatus.${status}`)}
                {run.failedCases.length > 0 ? ` ${t("failedCases", { cases: run.failedCases.join(", ") })}` : ""}
              </li>
            );
          })}
        </ol>
      ) : null}
    </div>
  );
}

function AttemptCell({
  review,
  t,
  itemKind,
  contentId,
}: {
  review: HistoryReview;
  t: Translate;
  itemKind: string;
  contentId: string;
}) {
  if (review.attempt) {
    const replay =
      review.attempt.seed !== null && itemKind === "exercise"
        ? replayHref(review.attempt.generatorId ?? contentId, review.attempt.seed)
        : null;
    return <ExerciseAttempt attempt={review.attempt} t={t} replay={replay} />;
  }
  if (review.codeAttempt) return <CodeAttempt attempt={review.codeAttempt} t={t} />;
  return <span aria-label={t("noAttempt")}>—</span>;
}

function Content({ content, locale, t }: { content: ItemContent; locale: Locale; t: Translate }) {
  const face = "prose-card rounded-lg border border-zinc-200 p-3 dark:border-zinc-800";
  if (content.kind === "card")
    return (
      <div className="grid gap-3 sm:grid-cols-2">
        <section aria-labelledby="front-title" className="flex flex-col gap-1">
          <h3 id="front-title" className="text-sm font-medium text-zinc-600 dark:text-zinc-400">
            {t("frontFace")}
          </h3>
          <div className={face} dangerouslySetInnerHTML={{ __html: content.frontHtml[locale] }} />
        </section>
        <section aria-labelledby="back-title" className="flex flex-col gap-1">
          <h3 id="back-title" className="text-sm font-medium text-zinc-600 dark:text-zinc-400">
            {t("backFace")}
          </h3>
          <div className={face} dangerouslySetInnerHTML={{ __html: content.backHtml[locale] }} />
        </section>
      </div>
    );
  if (content.kind === "exercise")
    return content.promptHtml ? (
      <figure className="flex flex-col gap-1">
        <figcaption className="text-sm text-zinc-600 dark:text-zinc-400">
          {content.seedOf === "latest" ? t("promptLatest", { seed: content.seed }) : t("promptExample")}
        </figcaption>
        <div className={face} dangerouslySetInnerHTML={{ __html: content.promptHtml[locale] }} />
      </figure>
    ) : null;
  return content.taskHtml ? (
    <div className={face} dangerouslySetInnerHTML={{ __html: content.taskHtml[locale] }} />
  ) : null;
}

export default async function ItemHistoryPage({ params }: Params) {
  const user = await requireUser();
  const itemId = itemIdOfSegments((await params).id);
  const [t, tk, rawLocale, history] = await Promise.all([
    getTranslations("itemHistory"),
    getTranslations("progress.kinds"),
    getLocale(),
    fetchItemHistory(getDb(), user.id, itemId),
  ]);
  if (!history) notFound();
  const locale = toLocale(rawLocale);
  const { item, state, reviews, timeZone, content } = history;
  const when = (iso: string) => formatInstant(iso, locale, timeZone);
  const shortDate = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", {
    month: "short",
    day: "numeric",
    timeZone,
  });
  const gradeLabels = GRADES.map((g) => t("gradeN", { grade: g }));
  const points: ItemReviewPoint[] = reviews.map((r) => ({
    label: shortDate.format(new Date(r.reviewedAt)),
    when: when(r.reviewedAt),
    intervalAfter: r.intervalAfter,
    quality: r.quality,
  }));
  const first = reviews[0];
  const last = reviews[reviews.length - 1];
  const failed = reviews.filter((r) => r.quality < PASS_QUALITY).length;
  const chartSummary =
    first && last
      ? t("chartSummary", {
          count: reviews.length,
          first: when(first.reviewedAt),
          last: when(last.reviewedAt),
          zone: timeZone,
          firstInterval: first.intervalAfter,
          lastInterval: last.intervalAfter,
          failed,
        })
      : "";
  const source = content.source ? sectionTitle(content.source, locale) : "";
  // A card's review records no attempt: its table has no column for one.
  const attempts = item.kind !== "card";
  return (
    <div className="flex flex-col gap-4">
      <Link href="/progress" className="text-sm underline">
        {t("back")}
      </Link>
      <header className="flex flex-col gap-1">
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("title")}</p>
        <h1 className="text-2xl font-semibold" dangerouslySetInnerHTML={{ __html: item.titleHtml[locale] }} />
        <p className="flex flex-wrap gap-x-2 text-sm text-zinc-600 dark:text-zinc-400">
          <span>
            {t("kind")}: {tk(item.kind)}
          </span>
          {source ? (
            <>
              <span aria-hidden>·</span>
              <span>{t("source", { source })}</span>
            </>
          ) : null}
          {history.retired ? (
            <>
              <span aria-hidden>·</span>
              <span>{t("status.retired")}</span>
            </>
          ) : (
            <>
              <span aria-hidden>·</span>
              <Link className="text-accent underline dark:text-sky-300" href={practiceHref(item)} prefetch={false}>
                {t(`practise.${item.kind}`)}
              </Link>
            </>
          )}
        </p>
      </header>
      <section aria-labelledby="content-title" className="flex flex-col gap-2">
        <h2 id="content-title" className="text-lg font-semibold">
          {t(`content.${item.kind}`)}
        </h2>
        <Content content={content} locale={locale} t={t} />
      </section>
      {state ? (
        <section aria-labelledby="state-title" className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="state-title" className="mb-2 font-semibold">
            {t("state")}
          </h2>
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t("statusLabel")}</dt>
              <dd data-testid="item-status">
                {t(`status.${state.status === "new" || state.status === "retired" ? state.status : "active"}`)}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t("interval")}</dt>
              <dd data-testid="item-interval">{t("days", { count: state.intervalDays })}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t("ease")}</dt>
              <dd>{state.ease.toFixed(2)}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t("lapses")}</dt>
              <dd>{state.lapses}</dd>
            </div>
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t("due", { zone: timeZone })}</dt>
              <dd data-testid="item-due">{state.dueAt ? when(state.dueAt) : t("notScheduled")}</dd>
            </div>
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="reviews-title" className="flex flex-col gap-3">
        <h2 id="reviews-title" className="text-lg font-semibold">
          {t("reviews")}
        </h2>
        {reviews.length === 0 ? (
          <p className="text-sm">{t("none")}</p>
        ) : (
          <>
            <figure className="flex flex-col gap-1">
              <ItemReviewsChart
                points={points}
                xLabel={t("chartX", { zone: timeZone })}
                yLabel={t("chartY")}
                gradeLabels={gradeLabels}
              />
              <figcaption className="text-sm text-zinc-600 dark:text-zinc-400">{chartSummary}</figcaption>
            </figure>
            {history.truncated ? <p className="text-xs">{t("truncated", { count: HISTORY_LIMIT })}</p> : null}
            <div className="overflow-x-auto" tabIndex={0} role="region" aria-labelledby="reviews-title">
              {/* Wide enough that a phone scrolls the table rather than stacking each cell's words. */}
              <table
                className={`w-full text-left text-sm tabular-nums ${attempts ? "min-w-[44rem]" : "min-w-[30rem]"}`}
              >
                <thead>
                  <tr>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("when", { zone: timeZone })}
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("reviewKind")}
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("grade")}
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("intervalAfter")}
                    </th>
                    <th scope="col" className="py-1 pr-3 font-medium">
                      {t("ease")}
                    </th>
                    {attempts ? (
                      <th scope="col" className="py-1 font-medium">
                        {t("attempt")}
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {[...reviews].reverse().map((r) => (
                    <tr
                      key={r.id}
                      className="border-t border-zinc-200 align-top dark:border-zinc-800"
                      data-review-id={r.id}
                      data-review-kind={r.kind}
                    >
                      <td className="py-1 pr-3 whitespace-nowrap">
                        <time dateTime={r.reviewedAt}>{when(r.reviewedAt)}</time>
                      </td>
                      <td className="pr-3">{kindLabel(t, r.kind)}</td>
                      <td className="pr-3">{r.quality}</td>
                      <td className="pr-3 whitespace-nowrap">{t("days", { count: r.intervalAfter })}</td>
                      <td className="pr-3">{r.easeAfter.toFixed(2)}</td>
                      {attempts ? (
                        <td className="py-1">
                          <AttemptCell review={r} t={t} itemKind={item.kind} contentId={item.contentId} />
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
