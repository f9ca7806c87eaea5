import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PersonalNoteForm } from "@/app/components/notes/personal-note-form";
import { toLocale } from "@/app/i18n/locale";
import { itemMetaOf, parsePayload } from "@/lib/progress/items";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchPersonalNoteTarget } from "@/lib/server/item-state";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notes"))("personalTitle") };
}

/** The learner's personal note on one item they study (`e` during the review of a built-in card). */
export default async function PersonalNotePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const itemId = typeof params.item === "string" ? params.item : "";
  const [t, locale, target] = await Promise.all([
    getTranslations("notes"),
    getLocale(),
    fetchPersonalNoteTarget(getDb(), user.id, itemId),
  ]);
  if (!target) notFound();
  const meta = itemMetaOf(target.itemId, target.deck, parsePayload(target.payload));
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("personalTitle")}</h1>
      <p dangerouslySetInnerHTML={{ __html: meta.titleHtml[toLocale(locale)] }} />
      <PersonalNoteForm itemId={itemId} initial={target.text} />
    </div>
  );
}
