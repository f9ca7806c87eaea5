"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRef, useState, useTransition } from "react";
import type { AttemptState, ExerciseView } from "@/lib/server/exercises";
import { recordDrillAction, startExerciseAction } from "@/app/exercises/actions";
import { Button } from "../ui/button";
import { ExerciseAttempt } from "./exercise-attempt";
import { toLocale } from "@/app/i18n/locale";

/**
 * Practice on demand: one instance after another. Every finished attempt is
 * logged as a drill (never changes the schedule), graded by the server from
 * the attempt it stored; the review id is drawn once per showing, so a
 * retried save is recorded once.
 */
export function ExercisePractice({ initial }: { initial: ExerciseView }) {
  const t = useTranslations("exercises");
  const te = useTranslations("errors");
  const locale = toLocale(useLocale());
  const [view, setView] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const reviewId = useRef<string | null>(null);

  function save(attemptId: string) {
    reviewId.current ??= crypto.randomUUID();
    const input = { reviewId: reviewId.current, attemptId };
    void (async () => {
      try {
        const res = await recordDrillAction(input);
        setMessage(res.ok ? t("saved") : te(res.code, { detail: res.detail }));
      } catch {
        setMessage(te("network"));
      }
    })();
  }

  function another(unfinished: AttemptState | null) {
    // Moving on after answering counts as a finished (unsolved) attempt.
    if (unfinished && unfinished.answers.length > 0) save(view.attemptId);
    startLoading(async () => {
      try {
        const res = await startExerciseAction({ generatorId: view.generatorId, mode: "practice" });
        if (!res.ok) {
          setMessage(te(res.code, { detail: res.detail }));
          return;
        }
        reviewId.current = null;
        setMessage(null);
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
        key={view.attemptId}
        view={view}
        locale={locale}
        onEnd={({ attemptId }) => save(attemptId)}
        extraActions={(state) => (
          <Button variant="ghost" onClick={() => another(state)} disabled={loading}>
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
