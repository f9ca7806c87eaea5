import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { findCodeExercise } from "@/lib/codecheck/catalog";
import { topicTitle } from "@/lib/codecheck/topics";
import { renderMarkdown } from "@/lib/content/markdown";
import { sectionTitle } from "@/lib/content/section-names";
import { toLocale } from "@/lib/locale";
import { requireUser } from "@/lib/server/auth";
import { fetchCodeSchedule } from "@/lib/server/code-exercises";
import { getDb } from "@/lib/server/db";
import { CodeWorkbench } from "../../components/code/code-workbench";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Pick<Props, "params">): Promise<Metadata> {
  const { id } = await params;
  const [t, locale] = await Promise.all([getTranslations("code"), getLocale()]);
  const exercise = findCodeExercise(id);
  return { title: exercise ? exercise.title[toLocale(locale)] : t("listTitle") };
}

export default async function CodeExercisePage({ params, searchParams }: Props) {
  const user = await requireUser();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const exercise = findCodeExercise(id);
  if (exercise === undefined) notFound();
  const [t, locale, schedule] = await Promise.all([
    getTranslations("code"),
    getLocale(),
    fetchCodeSchedule(getDb(), user.id, id, new Date()),
  ]);
  const lang = toLocale(locale);
  const fromReview = query.review === "1";
  const mode = fromReview && schedule?.due ? "review" : fromReview ? "not-due" : "practice";
  return (
    <div className="flex flex-col gap-4">
      <nav className="text-sm">
        <Link href="/code" className="underline-offset-2 hover:underline">
          ← {t("backToList")}
        </Link>
      </nav>
      <h1 className="text-2xl font-semibold">{exercise.title[lang]}</h1>
      <p className="text-xs text-zinc-500" data-exercise-meta>
        {topicTitle(exercise.topic, lang)} · {sectionTitle(exercise.source, lang)}
      </p>
      {/* Keyed by exercise: moving to another exercise starts a new attempt with its own draft. */}
      <CodeWorkbench
        key={exercise.id}
        exercise={{
          id: exercise.id,
          starter: exercise.starter,
          timeoutMs: exercise.timeoutMs ?? null,
          hintsHtml: exercise.hints.map((hint) => renderMarkdown(hint[lang])),
        }}
        userId={user.id}
        taskHtml={renderMarkdown(exercise.task[lang])}
        originalHtml={renderMarkdown(`\`\`\`python\n${exercise.original}\`\`\``)}
        originalFrom={exercise.originalFrom?.[lang] ?? null}
        mode={mode}
        schedule={schedule === null ? null : { itemId: schedule.itemId, version: schedule.version }}
      />
    </div>
  );
}
