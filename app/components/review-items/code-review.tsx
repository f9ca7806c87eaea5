"use client";

import Link from "next/link";
import type { CodePayload } from "@/lib/content/schedulable";
import type { ReviewItemProps } from "./shared";

/** A coding exercise in the daily queue: it is solved on its own page, where the editor and TF.js load. */
export function CodeReview({ current, locale }: ReviewItemProps) {
  const exercise = current.payload as CodePayload;
  return (
    <article className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800" data-item-id={current.itemId}>
      <h2 className="font-semibold">{exercise.title[locale]}</h2>
      <Link className="underline" href={`/code/${exercise.exerciseId}`}>
        {exercise.exerciseId}
      </Link>
    </article>
  );
}
