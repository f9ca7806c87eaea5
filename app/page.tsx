import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchScopedReviewSession } from "@/lib/server/decks";
import { ReviewSession } from "./components/review-session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("title") };
}

export default async function ReviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const deckKey = typeof params.deck === "string" && params.deck !== "" ? params.deck.slice(0, 200) : null;
  const [t, td, { session, deck }] = await Promise.all([
    getTranslations("review"),
    getTranslations("decks"),
    fetchScopedReviewSession(getDb(), user.id, new Date(), deckKey),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {deck ? (
        <p className="flex flex-wrap gap-2 text-sm" data-review-deck={deck.name}>
          <span>{td("studying", { deck: deck.name })}</span>
          <Link className="underline" href="/">
            {td("studyAll")}
          </Link>
        </p>
      ) : (
        <p className="text-sm">
          <Link className="underline" href="/decks">
            {td("studyOne")}
          </Link>
        </p>
      )}
      <ReviewSession initial={session} deck={deck ? deckKey : null} />
    </div>
  );
}
