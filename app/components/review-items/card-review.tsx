"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { CardPayload } from "@/lib/content/deck";
import type { GradeOption } from "@/lib/server/reviews";
import { Button } from "../ui/button";
import { SourceLine } from "./source-line";
import { type ReviewItemProps, gradeWhen, isTyping } from "./shared";

function CardFace({ html, label }: { html: string; label: string }) {
  return <section aria-label={label} className="prose-card" dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * A flashcard: Space or Enter reveals the answer, 0–5 grades it. A grade
 * given while the previous card's grade is still being saved is not refused
 * here: the session queues it (review-session.tsx), so a quick learner never
 * loses a key press.
 */
export function CardReview({ current, locale, onGrade }: ReviewItemProps) {
  const t = useTranslations("review");
  const [revealed, setRevealed] = useState(false);
  const card = current.payload as CardPayload;
  const intervalLabel = (o: GradeOption) => gradeWhen(t, o);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if ((event.key === " " || event.key === "Enter") && !revealed) {
        event.preventDefault();
        setRevealed(true);
      } else if (/^[0-5]$/.test(event.key) && revealed) {
        event.preventDefault();
        onGrade(Number(event.key));
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [revealed, onGrade]);

  return (
    <article
      className="flex flex-col gap-4 rounded-xl border border-zinc-200 p-4 shadow-sm sm:p-6 dark:border-zinc-800"
      data-item-id={current.itemId}
    >
      <div className="flex flex-wrap gap-2 text-xs uppercase tracking-wide text-zinc-500">
        <span>{t(`section.${current.section}`)}</span>
        {current.reviewKind !== "new" && current.reviewKind !== "review" ? (
          <>
            <span aria-hidden>·</span>
            <span>{t(`kind.${current.reviewKind}`)}</span>
          </>
        ) : null}
      </div>
      <CardFace html={card.front[locale]} label={t("front")} />
      {revealed ? (
        <>
          <hr className="border-zinc-200 dark:border-zinc-800" />
          <CardFace html={card.back[locale]} label={t("back")} />
          <SourceLine source={card.source} locale={locale} />
          {/* On a phone the grade buttons stay at the bottom of the screen, under the thumb. */}
          <fieldset
            className="sticky bottom-0 -mx-4 flex flex-col gap-2 border-t border-zinc-200 bg-white/95 px-4 pt-2 pb-[max(0.5rem,env(safe-area-inset-bottom))] backdrop-blur sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:p-0 dark:border-zinc-800 dark:bg-zinc-950/95 sm:dark:bg-transparent"
            data-grade-buttons
          >
            <legend className="float-left mb-1 text-sm font-medium sm:mb-2">{t("gradePrompt")}</legend>
            <div className="clear-both grid grid-cols-3 gap-2">
              {current.options.map((o) => {
                const label = t(`quality.${o.quality}`);
                const when = intervalLabel(o);
                return (
                  <Button
                    key={o.quality}
                    variant={o.quality >= 3 && !o.againToday ? "primary" : "secondary"}
                    aria-label={t("gradeButton", { quality: o.quality, label, when })}
                    aria-keyshortcuts={String(o.quality)}
                    onClick={() => onGrade(o.quality)}
                    className="min-h-12 flex-col !items-start px-2 text-left sm:px-3"
                  >
                    <span className="font-semibold">
                      q{o.quality} · {when}
                    </span>
                    <span className="text-xs opacity-80">{label}</span>
                  </Button>
                );
              })}
            </div>
            <p className="key-hint text-xs text-zinc-600 dark:text-zinc-400">{t("gradeHint")}</p>
          </fieldset>
        </>
      ) : (
        <div className="flex flex-col items-start gap-1">
          <Button variant="primary" onClick={() => setRevealed(true)} aria-keyshortcuts="Space Enter">
            {t("show")}
          </Button>
          <span className="key-hint text-xs text-zinc-600 dark:text-zinc-400">{t("showHint")}</span>
        </div>
      )}
    </article>
  );
}
