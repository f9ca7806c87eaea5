import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { CreateDeckForm, DeckLimitsForm, DeckManageForm } from "@/app/components/decks/deck-forms";
import { toLocale } from "@/app/i18n/locale";
import { DECK_SEPARATOR, leafName } from "@/lib/decks/deck-names";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchDeckList } from "@/lib/server/decks";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("decks"))("title") };
}

const deckQuery = (name: string) => `"deck:${name.replace(/["\\*_]/g, "\\$&")}"`;
const studyHref = (name: string) => `/study?${new URLSearchParams({ q: deckQuery(name) }).toString()}`;
const browseHref = (name: string) => `/browse?${new URLSearchParams({ q: deckQuery(name) }).toString()}`;
const exportHref = (key: string, format: "apkg" | "csv", scheduling = false) =>
  `/decks/${encodeURIComponent(key)}/export?${new URLSearchParams({ format, ...(scheduling ? { scheduling: "1" } : {}) }).toString()}`;

/** A deck's downloads for Anki: the package without and with the learner's schedules, and the text file. */
async function AnkiExportLinks({ deckKey }: { deckKey: string }) {
  const t = await getTranslations("ankiExport");
  return (
    <span className="flex flex-wrap gap-3 text-sm" title={t("hint")}>
      <span className="text-zinc-600 dark:text-zinc-400">{t("label")}</span>
      <a className="underline" href={exportHref(deckKey, "apkg")} download>
        {t("apkg")}
      </a>
      <a className="underline" href={exportHref(deckKey, "apkg", true)} download>
        {t("apkgWithScheduling")}
      </a>
      <a className="underline" href={exportHref(deckKey, "csv")} download>
        {t("csv")}
      </a>
    </span>
  );
}

/** A deck's name, its counts and its three links (review it, browse it, practise it), own or built in. */
async function DeckHeader({
  label,
  title,
  deckKey,
  searchName,
  counts,
  exportable,
}: {
  label: string;
  title?: string;
  deckKey: string;
  /** How the deck is named in a search (an own deck by its full name, a built-in one by its key). */
  searchName: string;
  counts: { total: number; fresh: number; due: number };
  /** A deck of cards (not exercises): it can go to Anki. */
  exportable: boolean;
}) {
  const t = await getTranslations("decks");
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-2">
      <span className="font-medium" title={title}>
        {label}
      </span>
      <span className="text-sm text-zinc-600 dark:text-zinc-400">{t("cards", counts)}</span>
      <span className="flex gap-3 text-sm">
        <Link className="underline" href={`/?deck=${encodeURIComponent(deckKey)}`}>
          {t("study")}
        </Link>
        <Link className="underline" href={browseHref(searchName)}>
          {t("browse")}
        </Link>
        <Link className="underline" href={studyHref(searchName)}>
          {t("practise")}
        </Link>
      </span>
      {exportable ? <AnkiExportLinks deckKey={deckKey} /> : null}
    </div>
  );
}

export default async function DecksPage() {
  const user = await requireUser();
  const [t, tx, ti, locale, list] = await Promise.all([
    getTranslations("decks"),
    getTranslations("exercises"),
    getTranslations("ankiImport"),
    getLocale(),
    fetchDeckList(getDb(), user.id, new Date()),
  ]);
  const lang = toLocale(locale);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <CreateDeckForm />
      <p className="text-sm">
        <Link className="underline" href="/import">
          {ti("title")}
        </Link>
      </p>
      <section aria-labelledby="own-decks" className="flex flex-col gap-3">
        <h2 id="own-decks" className="text-lg font-semibold">
          {t("own")}
        </h2>
        {list.own.length === 0 ? <p>{t("none")}</p> : null}
        <ul className="flex flex-col gap-2">
          {list.own.map((d) => {
            const depth = d.name.split(DECK_SEPARATOR).length - 1;
            return (
              <li
                key={d.key}
                data-deck={d.name}
                className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
                style={{ marginInlineStart: `${depth * 1.5}rem` }}
              >
                <DeckHeader
                  label={leafName(d.name)}
                  title={d.name}
                  deckKey={d.key}
                  searchName={d.name}
                  counts={{ total: d.total, fresh: d.fresh, due: d.due }}
                  exportable
                />
                <DeckLimitsForm deckKey={d.key} newPerDay={d.newPerDay} maxReviewsPerDay={d.maxReviewsPerDay} />
                <DeckManageForm deckKey={d.key} name={d.name} />
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="built-in-decks" className="flex flex-col gap-3">
        <h2 id="built-in-decks" className="text-lg font-semibold">
          {t("builtIn")}
        </h2>
        <ul className="flex flex-col gap-2">
          {list.builtIn.map((d) => (
            <li
              key={`${d.key}:${d.kind}`}
              className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
            >
              <DeckHeader
                label={
                  d.title
                    ? d.title[lang]
                    : tx.has(`topics.${d.topic}`)
                      ? tx(`topics.${d.topic}` as "topics.norms")
                      : d.topic
                }
                deckKey={d.key}
                searchName={d.key}
                counts={{ total: d.total, fresh: d.fresh, due: d.due }}
                exportable={d.kind === "card"}
              />
              <DeckLimitsForm deckKey={d.key} newPerDay={d.newPerDay} maxReviewsPerDay={d.maxReviewsPerDay} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
