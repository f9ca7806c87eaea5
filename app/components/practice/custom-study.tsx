"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import type { Locale } from "@/lib/locale";
import type { StudyCard } from "@/lib/server/browse";
import { isTyping } from "../review-items/shared";
import { Button } from "../ui/button";
import { CardDrill } from "./card-drill";

/** Custom study: the chosen cards one after another, each practised as a drill (n or the button: the next one). */
export function CustomStudy({ cards, total, locale }: { cards: StudyCard[]; total: number; locale: Locale }) {
  const t = useTranslations("study");
  const [index, setIndex] = useState(0);
  const card = cards[index];
  const last = index >= cards.length - 1;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "n" && !last) {
        event.preventDefault();
        setIndex((i) => i + 1);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [last]);

  if (!card) return null;
  return (
    <div className="flex flex-col gap-3" data-custom-study>
      <p className="text-sm">{t("position", { n: index + 1, count: cards.length, total })}</p>
      <CardDrill
        key={card.itemId}
        itemId={card.itemId}
        frontHtml={card.front[locale]}
        backHtml={card.back[locale]}
        sourceLine={null}
      />
      <div className="flex items-center gap-2">
        <Button onClick={() => setIndex((i) => i + 1)} disabled={last} aria-keyshortcuts="n">
          {t("next")}
        </Button>
        <span className="key-hint text-xs text-zinc-600 dark:text-zinc-400">{last ? t("done") : t("nextHint")}</span>
      </div>
    </div>
  );
}
