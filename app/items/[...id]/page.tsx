import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { practiceHref, replayHref } from "@/lib/progress/items";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { HISTORY_LIMIT, fetchItemHistory } from "@/lib/server/progress/item-history";
import { toLocale } from "@/app/i18n/locale";

export const dynamic = "force-dynamic";

/** Ids look like "card:norm-l0"; links encode them, and a single segment may still arrive encoded. */
function itemIdOf(segments: readonly string[]): string {
  const joined = segments.join("/");
  try {
    return joined.includes("%") ? decodeURIComponent(joined) : joined;
  } catch {
    return joined;
  }
}

export default async function ItemHistoryPage({ params }: { params: Promise<{ id: string[] }> }) {
  const user = await requireUser();
  const { id } = await params;
  const itemId = itemIdOf(id);
  const [t, tk, rawLocale, history] = await Promise.all([
    getTranslations("itemHistory"),
    getTranslations("progress.kinds"),
    getLocale(),
    fetchItemHistory(getDb(), user.id, itemId),
  ]);
  if (!history) notFound();
  const locale = toLocale(rawLocale);
  const { item, state, reviews } = history;
  const title = item.title[locale] || item.title.en;
  const dt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const intervals = reviews.map((r) => r.intervalAfter);
  const maxInterval = Math.max(1, ...intervals);
  return (
    <div className="flex flex-col gap-4">
      <Link href="/progress" className="text-sm underline">
        {t("back")}
      </Link>
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("kind")}: {tk(item.kind)} · <code>{item.id}</code> ·{" "}
        <Link className="underline" href={practiceHref(item)}>
          {t("practise")}
        </Link>
      </p>
      {state ? (
        <section aria-labelledby="state-title" className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800">
          <h2 id="state-title" className="mb-2 font-semibold">
            {t("state")}
          </h2>
          <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-zinc-600 dark:text-zinc-400">{t("interval")}</dt>
              <dd>{state.intervalDays} d</dd>
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
              <dt className="text-zinc-600 dark:text-zinc-400">{t("due")}</dt>
              <dd>{state.dueAt ? dt.format(new Date(state.dueAt)) : "—"}</dd>
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
              <svg
                role="img"
                aria-label={t("chartSummary", {
                  count: reviews.length,
                  first: intervals[0] ?? 0,
                  last: intervals[intervals.length - 1] ?? 0,
                })}
                viewBox={`0 0 ${Math.max(1, reviews.length) * 12} 60`}
                className="h-16 w-full"
                preserveAspectRatio="none"
              >
                {intervals.map((v, i) => (
                  <rect
                    key={i}
                    x={i * 12 + 1}
                    y={60 - (v / maxInterval) * 58 - 1}
                    width={10}
                    height={(v / maxInterval) * 58 + 1}
                    className="fill-sky-500 dark:fill-sky-400"
                  />
                ))}
              </svg>
            </figure>
            {history.truncated ? <p className="text-xs">{t("truncated", { count: HISTORY_LIMIT })}</p> : null}
            <div className="overflow-x-auto" tabIndex={0} role="region" aria-labelledby="reviews-title">
              <table className="w-full text-left text-sm tabular-nums">
                <thead>
                  <tr>
                    <th scope="col" className="font-medium">
                      {t("when")}
                    </th>
                    <th scope="col" className="font-medium">
                      {t("reviewKind")}
                    </th>
                    <th scope="col" className="font-medium">
                      {t("grade")}
                    </th>
                    <th scope="col" className="font-medium">
                      {t("intervalAfter")}
                    </th>
                    <th scope="col" className="font-medium">
                      {t("ease")}
                    </th>
                    <th scope="col" className="font-medium">
                      {t("attempt")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...reviews].reverse().map((r) => (
                    <tr
                      key={r.id}
                      className="border-t border-zinc-200 align-top dark:border-zinc-800"
                      data-review-id={r.id}
                    >
                      <td className="py-1 pr-2">{dt.format(new Date(r.reviewedAt))}</td>
                      <td className="pr-2">{r.kind}</td>
                      <td className="pr-2">{r.quality}</td>
                      <td className="pr-2">{r.intervalAfter} d</td>
                      <td className="pr-2">{r.easeAfter.toFixed(2)}</td>
                      <td>
                        {r.attempt ? (
                          <div className="flex flex-col gap-1">
                            <span>
                              {r.attempt.seed !== null ? t("seed", { seed: r.attempt.seed }) : null} ·{" "}
                              {t(`verdict.${r.attempt.verdict}`)}
                            </span>
                            {r.attempt.inputs.length > 0 ? (
                              <span>
                                {t("inputs")}:{" "}
                                {r.attempt.inputs
                                  .map(
                                    (a) => `${a.input}${a.correct === true ? " ✓" : a.correct === false ? " ✗" : ""}`,
                                  )
                                  .join(", ")}
                              </span>
                            ) : null}
                            {r.attempt.seed !== null && item.kind === "exercise" ? (
                              <Link
                                className="underline"
                                href={replayHref(r.attempt.generatorId ?? item.contentId, r.attempt.seed)}
                              >
                                {t("replay")}
                              </Link>
                            ) : null}
                          </div>
                        ) : (
                          "—"
                        )}
                      </td>
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
