import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { topicTitle } from "@/lib/codecheck/topics";
import { sectionTitle } from "@/lib/content/section-names";
import { toLocale } from "@/lib/locale";
import { requireUser } from "@/lib/server/auth";
import { fetchCodeExerciseList } from "@/lib/server/code-exercises";
import { getDb } from "@/lib/server/db";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("code");
  return { title: t("listTitle") };
}

export default async function CodeExercisesPage() {
  const user = await requireUser();
  const now = new Date();
  const [t, locale, exercises] = await Promise.all([
    getTranslations("code"),
    getLocale(),
    fetchCodeExerciseList(getDb(), user.id, now),
  ]);
  const lang = toLocale(locale);
  const formatWhen = new Intl.DateTimeFormat(lang === "zh" ? "zh-CN" : "en", { dateStyle: "medium" });
  // Only the exercise most likely opened next is prefetched: the first one due today.
  const nextId = exercises.find((exercise) => exercise.due)?.id;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("listTitle")}</h1>
      <p className="text-zinc-600 dark:text-zinc-400">{t("listIntro")}</p>
      <ul
        className="flex flex-col divide-y divide-zinc-200 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
        aria-label={t("listTitle")}
      >
        {exercises.map((exercise) => {
          const last = exercise.last;
          const when = last ? formatWhen.format(new Date(last.reviewedAt)) : "";
          const lastText = last
            ? `${t(last.outcome === "passed" ? "lastPassed" : "lastNotPassed", { quality: last.quality, when })}${last.kind === "drill" ? ` · ${t("drillSuffix")}` : ""}`
            : t("never");
          return (
            <li
              key={exercise.id}
              className="flex flex-col gap-1 p-4 sm:flex-row sm:items-center sm:justify-between"
              data-exercise-id={exercise.id}
            >
              <div className="flex flex-col">
                <Link
                  href={`/code/${exercise.id}${exercise.due ? "?review=1" : ""}`}
                  prefetch={exercise.id === nextId ? null : false}
                  className="font-medium underline-offset-2 hover:underline"
                >
                  {exercise.title[lang]}
                </Link>
                <span className="text-xs text-zinc-500">
                  {topicTitle(exercise.topic, lang)} · {sectionTitle(exercise.source, lang)}
                </span>
              </div>
              <div className="flex items-center gap-2 text-sm">
                {exercise.due ? (
                  <span className="rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900 dark:bg-amber-900/40 dark:text-amber-200">
                    {t("due")}
                  </span>
                ) : null}
                <span
                  className={
                    last?.outcome === "passed"
                      ? "text-emerald-700 dark:text-emerald-400"
                      : "text-zinc-600 dark:text-zinc-400"
                  }
                >
                  {lastText}
                </span>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
