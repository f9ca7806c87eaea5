"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { fetchCodeTaskAction } from "../../code/actions";
import type { CodePayload } from "@/lib/content/schedulable";
import type { ReviewItemProps } from "./shared";
import { SourceLine } from "./source-line";

/**
 * A coding exercise in the daily queue. It is solved on its own page, where
 * the editor and the TF.js sandbox load; the result is graded there through
 * the same grading action, so this card only shows what is asked and links.
 */
export function CodeReview({ current, locale }: ReviewItemProps) {
  const t = useTranslations("code");
  const tr = useTranslations("review");
  const exercise = current.payload as CodePayload;
  const [taskHtml, setTaskHtml] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    fetchCodeTaskAction({ exerciseId: exercise.exerciseId, locale })
      .then((result) => {
        if (!cancelled && result.ok) setTaskHtml(result.taskHtml);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [exercise.exerciseId, locale]);

  return (
    <article
      className="flex flex-col gap-3 rounded-xl border border-zinc-200 p-4 shadow-sm sm:p-6 dark:border-zinc-800"
      data-item-id={current.itemId}
    >
      <div className="flex flex-wrap gap-2 text-xs uppercase tracking-wide text-zinc-500">
        <span>{tr(`section.${current.section}`)}</span>
        <span aria-hidden>·</span>
        <span>{t("reviewCardKind")}</span>
      </div>
      <h2 className="text-xl font-semibold">{exercise.title[locale]}</h2>
      {taskHtml === null ? null : (
        <section
          aria-label={t("task")}
          className="prose-card !text-base"
          dangerouslySetInnerHTML={{ __html: taskHtml }}
        />
      )}
      <SourceLine source={exercise.source} locale={locale} />
      <div className="flex flex-col items-start gap-1">
        <Link
          href={`/code/${encodeURIComponent(exercise.exerciseId)}?review=1`}
          className="inline-flex min-h-11 items-center rounded-lg bg-accent px-3 py-2 text-sm font-medium text-white hover:bg-accent-strong"
        >
          {t("reviewCardSolve")}
        </Link>
        <span className="text-xs text-zinc-500">{t("reviewCardHint")}</span>
      </div>
    </article>
  );
}
