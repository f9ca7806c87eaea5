"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import type { ExerciseAttemptRecord } from "@/lib/exercises/grading";
import type { ExerciseView } from "@/lib/server/exercises";
import { recordDrillAction, startExerciseAction } from "@/app/exercises/actions";
import type { Locale } from "../review-items/shared";
import { Button } from "../ui/button";
import { ExerciseAttempt } from "./exercise-attempt";

/**
 * Practice on demand: one instance after another. Every finished attempt is
 * logged as a drill (never changes the schedule); its id is drawn once per
 * showing, so a retried save is recorded once.
 */
export function ExercisePractice({ initial }: { initial: ExerciseView }) {
  const t = useTranslations("exercises");
  const te = useTranslations("errors");
  const locale = useLocale() as Locale;
  const [view, setView] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const reviewId = useRef<string | null>(null);

  function save(record: ExerciseAttemptRecord) {
    reviewId.current ??= crypto.randomUUID();
    const input = { reviewId: reviewId.current, attempt: record };
    void (async () => {
      try {
        const res = await recordDrillAction(input);
        setMessage(res.ok ? t("saved") : te(res.code, { detail: res.detail }));
      } catch {
        setMessage(te("network"));
      }
    })();
  }

  function another(unfinished: ExerciseAttemptRecord | null) {
    // Moving on after answering counts as a finished (unsolved) attempt.
    if (unfinished && unfinished.attempts.length > 0) save(unfinished);
    startLoading(async () => {
      try {
        const res = await startExerciseAction({ generatorId: view.generatorId });
        if (!res.ok) {
          setMessage(te(res.code, { detail: res.detail }));
          return;
        }
        reviewId.current = null;
        setView(res.view);
      } catch {
        setMessage(te("network"));
      }
    });
  }

  return (
    <article
      className="flex flex-col gap-3 rounded-xl border border-zinc-200 p-4 shadow-sm sm:p-6 dark:border-zinc-800"
      data-item-id={`exercise:${view.generatorId}`}
    >
      <ExerciseAttempt
        key={view.seed}
        view={view}
        locale={locale}
        onEnd={({ record }) => save(record)}
        extraActions={(snapshot) => (
          <Button variant="ghost" onClick={() => another(snapshot())} disabled={loading}>
            {t("another")}
          </Button>
        )}
        endActions={() => (
          <Button variant="primary" autoFocus onClick={() => another(null)} disabled={loading}>
            {t("another")}
          </Button>
        )}
      />
      <p
        role="status"
        aria-live="polite"
        className="min-h-5 text-sm text-zinc-600 dark:text-zinc-400"
        data-drill-status
      >
        {message}
      </p>
    </article>
  );
}
