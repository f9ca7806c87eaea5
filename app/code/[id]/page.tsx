import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { findCodeExercise } from "@/lib/codecheck/catalog";
import { renderMarkdown } from "@/lib/content/markdown";
import { requireUser } from "@/lib/server/auth";
import { fetchCodeSchedule } from "@/lib/server/code-exercises";
import { getDb } from "@/lib/server/db";
import { CodeWorkbench } from "../../components/code/code-workbench";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
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
  const lang = locale === "zh" ? "zh" : "en";
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
      <p className="text-xs text-zinc-500">
        {exercise.topic} · {exercise.source}
      </p>
      <CodeWorkbench
        exercise={{
          id: exercise.id,
          starter: exercise.starter,
          timeoutMs: exercise.timeoutMs ?? null,
          hintsHtml: exercise.hints.map((hint) => renderMarkdown(hint[lang])),
        }}
        taskHtml={renderMarkdown(exercise.task[lang])}
        originalHtml={renderMarkdown(`\`\`\`python\n${exercise.original}\`\`\``)}
        originalFrom={exercise.originalFrom?.[lang] ?? null}
        mode={mode}
        schedule={schedule === null ? null : { itemId: schedule.itemId, version: schedule.version }}
      />
    </div>
  );
}
