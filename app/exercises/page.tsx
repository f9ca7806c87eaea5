import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { type GeneratorStats, fetchExerciseOverview } from "@/lib/server/exercises";
import { FIRST_TRY_MIN_GRADE } from "@/lib/exercises/grading";
import { PASS_QUALITY } from "@/lib/srs/sm2";
import { toLocale } from "@/app/i18n/locale";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("exercises"))("title") };
}

type Translate = Awaited<ReturnType<typeof getTranslations<"exercises">>>;

function percent(accuracy: number): number {
  return Math.round(accuracy * 100);
}

function resultKey(grade: number): "firstTry" | "helped" | "wrong" {
  if (grade >= FIRST_TRY_MIN_GRADE) return "firstTry";
  return grade >= PASS_QUALITY ? "helped" : "wrong";
}

const DOT: Record<ReturnType<typeof resultKey>, string> = {
  firstTry: "bg-emerald-500",
  helped: "bg-amber-400",
  wrong: "bg-rose-500",
};

function Recent({ grades, t }: { grades: number[]; t: Translate }) {
  if (grades.length === 0) return null;
  return (
    <ol aria-label={t("recent")} className="flex gap-1">
      {grades.map((g, i) => {
        const key = resultKey(g);
        return (
          <li key={i} title={t(`result.${key}`)} className={`size-2.5 rounded-full ${DOT[key]}`}>
            <span className="sr-only">{t(`result.${key}`)}</span>
          </li>
        );
      })}
    </ol>
  );
}

function Generator({ g, locale, t }: { g: GeneratorStats; locale: "zh" | "en"; t: Translate }) {
  const title = g.title[locale];
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2" data-generator-id={g.generatorId}>
      <div className="flex flex-col gap-1">
        <span className="font-medium">{title}</span>
        <span className="flex flex-wrap items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
          {g.accuracy === null ? (
            <span>{t("noAttempts")}</span>
          ) : (
            <>
              <span>{t("accuracy", { percent: percent(g.accuracy) })}</span>
              <span aria-hidden>·</span>
              <span>{t("count", { count: g.attempts })}</span>
            </>
          )}
          <Recent grades={g.recent} t={t} />
        </span>
      </div>
      <Link
        href={`/exercises/${g.generatorId}`}
        prefetch={false}
        aria-label={t("practiseNamed", { title })}
        className="inline-flex min-h-11 items-center rounded-lg border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {t("practise")}
      </Link>
    </li>
  );
}

export default async function ExercisesPage() {
  const user = await requireUser();
  const [t, locale, topics] = await Promise.all([
    getTranslations("exercises"),
    getLocale(),
    fetchExerciseOverview(getDb(), user.id),
  ]);
  const lang = toLocale(locale);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      </div>
      {topics.map((topic) => (
        <section key={topic.topic} aria-labelledby={`topic-${topic.topic}`} className="flex flex-col gap-1">
          <h2
            id={`topic-${topic.topic}`}
            className="flex flex-wrap items-baseline justify-between gap-2 text-lg font-semibold"
          >
            <span>{t.has(`topics.${topic.topic}`) ? t(`topics.${topic.topic}` as "topics.norms") : t("title")}</span>
            <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
              {topic.accuracy === null
                ? t("topicSummary", { count: 0 })
                : `${t("accuracy", { percent: percent(topic.accuracy) })} · ${t("topicSummary", { count: topic.attempts })}`}
            </span>
          </h2>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {topic.generators.map((g) => (
              <Generator key={g.generatorId} g={g} locale={lang} t={t} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
