"use client";

import { useTranslations } from "next-intl";
import { sectionTitle } from "@/lib/content/section-names";
import type { Locale } from "@/lib/locale";

/** "From the notes: …", the section in the UI language; in English the notes' own heading is the tooltip. */
export function SourceLine({ source, locale }: { source: string; locale: Locale }) {
  const t = useTranslations("review");
  const title = sectionTitle(source, locale);
  return (
    <p className="text-xs text-zinc-500" {...(title !== source ? { title: source } : {})}>
      {t("source", { source: title })}
    </p>
  );
}
