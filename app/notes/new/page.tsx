import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NoteEditor } from "@/app/components/notes/note-editor";
import { DEFAULT_DECK_NAME } from "@/lib/decks/deck-names";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchDeckNames } from "@/lib/server/notes";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notes"))("newTitle") };
}

export default async function NewNotePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const [t, deckNames, params] = await Promise.all([
    getTranslations("notes"),
    fetchDeckNames(getDb(), user.id),
    searchParams,
  ]);
  const deck =
    typeof params.deck === "string" && params.deck !== "" ? params.deck : (deckNames[0] ?? DEFAULT_DECK_NAME);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("newTitle")}</h1>
      <NoteEditor noteId={null} initial={{ type: "basic", deck, tags: "", fields: {} }} deckNames={deckNames} />
    </div>
  );
}
