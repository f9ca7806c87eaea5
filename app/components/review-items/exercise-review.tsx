"use client";

import Link from "next/link";
import type { ExercisePayload } from "@/lib/content/schedulable";
import type { ReviewItemProps } from "./shared";

/** A computed exercise in the daily queue. */
export function ExerciseReview({ current, locale }: ReviewItemProps) {
  const exercise = current.payload as ExercisePayload;
  return (
    <article className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" data-item-id={current.itemId}>
      <h2 className="font-semibold">{exercise.title[locale]}</h2>
      <Link className="underline" href={`/exercises/${exercise.generatorId}`}>
        {exercise.generatorId}
      </Link>
    </article>
  );
}
