import type { Metadata } from "next";
import { randomBytes } from "node:crypto";
import { getLocale, getTranslations } from "next-intl/server";
import { SearchErrorMessage } from "@/app/components/browse/search-error";
import { CustomStudy } from "@/app/components/practice/custom-study";
import { toLocale } from "@/app/i18n/locale";
import { createRng } from "@/lib/random";
import { requireUser } from "@/lib/server/auth";
import { fetchStudyCards } from "@/lib/server/browse";
import { getDb } from "@/lib/server/db";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("study"))("title") };
}

/** Custom study: the cards of a deck, a tag or any search, practised outside the schedule. */
export default async function StudyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const q = typeof params.q === "string" ? params.q : "";
  // A fresh order each visit, drawn from a generator the data layer is handed.
  const rng = createRng(randomBytes(8).toString("hex"));
  const [t, locale, result] = await Promise.all([
    getTranslations("study"),
    getLocale(),
    fetchStudyCards(getDb(), user.id, q, new Date(), rng),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <form method="get" action="/study" className="flex flex-wrap gap-2" role="search">
        <label htmlFor="study-q" className="sr-only">
          {t("searchLabel")}
        </label>
        <input
          id="study-q"
          name="q"
          defaultValue={q}
          maxLength={1000}
          className="min-h-11 min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-3 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button type="submit" className="min-h-11 rounded-lg bg-accent px-4 text-sm font-medium text-white">
          {t("start")}
        </button>
      </form>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("hint")}</p>
      {result.ok ? (
        result.cards.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <CustomStudy key={q} cards={result.cards} total={result.total} locale={toLocale(locale)} />
        )
      ) : (
        <SearchErrorMessage query={q} error={result.error} />
      )}
    </div>
  );
}
