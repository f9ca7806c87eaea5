"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { ExercisePayload } from "@/lib/content/schedulable";
import type { ExerciseView } from "@/lib/server/exercises";
import { startExerciseAction } from "@/app/exercises/actions";
import { ExerciseAttempt } from "../exercises/exercise-attempt";
import { Button } from "../ui/button";
import { SourceLine } from "./source-line";
import { type ReviewItemProps, gradeWhen } from "./shared";

/**
 * A computed exercise in the daily queue: the server draws the instance and
 * keeps showing the same one until it is graded (a reload never rerolls it);
 * when the attempt ends the learner sees the verdict, why, and the worked
 * solution, and "Next" (Enter) records the grade, which the server derives
 * from the attempt it stored (the browser only names the attempt).
 */
export function ExerciseReview({ current, locale, pending, onGrade }: ReviewItemProps) {
  const t = useTranslations("exercises");
  const tr = useTranslations("review");
  const exercise = current.payload as ExercisePayload;
  const [view, setView] = useState<ExerciseView | null>(null);
  const [failed, setFailed] = useState(false);
  // Bumped by "Try again": asks for the attempt once more.
  const [request, setRequest] = useState(0);

  useEffect(() => {
    let current = true;
    startExerciseAction({ generatorId: exercise.generatorId, mode: "review" }).then(
      (res) => {
        if (!current) return;
        if (res.ok) setView(res.view);
        else setFailed(true);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [exercise.generatorId, request]);

  const intervalOf = (grade: number) => {
    const o = current.options.find((option) => option.quality === grade);
    return o ? gradeWhen(tr, o) : "";
  };

  return (
    <article
      className="flex flex-col gap-4 rounded-xl border border-zinc-200 p-4 shadow-sm sm:p-6 dark:border-zinc-800"
      data-item-id={current.itemId}
    >
      <div className="flex flex-wrap gap-2 text-xs uppercase tracking-wide text-zinc-500">
        <span>{tr(`section.${current.section}`)}</span>
        <span aria-hidden>·</span>
        <span>{t("exercise")}</span>
        {current.reviewKind !== "new" && current.reviewKind !== "review" ? (
          <>
            <span aria-hidden>·</span>
            <span>{tr(`kind.${current.reviewKind}`)}</span>
          </>
        ) : null}
      </div>
      {view ? (
        <ExerciseAttempt
          key={view.attemptId}
          view={view}
          locale={locale}
          onEnd={() => undefined}
          endActions={({ attemptId, grade }) => (
            <div className="flex flex-col items-start gap-1">
              <Button
                variant="primary"
                autoFocus
                disabled={pending}
                onClick={() => onGrade(grade.grade, { attemptId })}
              >
                {t("next")} · {intervalOf(grade.grade)}
              </Button>
              <span className="key-hint text-xs text-zinc-600 dark:text-zinc-400">{t("nextHint")}</span>
            </div>
          )}
        />
      ) : failed ? (
        <div role="alert" className="flex flex-col items-start gap-2">
          <p>{t("loadFailed")}</p>
          <Button
            onClick={() => {
              setFailed(false);
              setRequest((n) => n + 1);
            }}
          >
            {t("retry")}
          </Button>
        </div>
      ) : (
        <p className="text-sm text-zinc-500" aria-busy="true">
          {t("loading")}
        </p>
      )}
      <SourceLine source={exercise.source} locale={locale} />
    </article>
  );
}
