import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { BrowseTable } from "@/app/components/browse/browse-table";
import { SearchErrorMessage } from "@/app/components/browse/search-error";
import { toLocale } from "@/app/i18n/locale";
import { BROWSE_SORTS, type BrowseSort } from "@/lib/browse/bulk";
import { requireUser } from "@/lib/server/auth";
import { fetchBrowsePage } from "@/lib/server/browse";
import { getDb } from "@/lib/server/db";

export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("browse"))("title") };
}

function one(value: string | string[] | undefined): string {
  return typeof value === "string" ? value : (value?.[0] ?? "");
}

function hrefOf(q: string, sort: BrowseSort, descending: boolean, page: number): string {
  const params = new URLSearchParams({ q, sort, dir: descending ? "desc" : "asc", page: String(page) });
  return `/browse?${params.toString()}`;
}

export default async function BrowsePage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const q = one(params.q);
  const sortParam = one(params.sort);
  const sort: BrowseSort = (BROWSE_SORTS as readonly string[]).includes(sortParam)
    ? (sortParam as BrowseSort)
    : "added";
  const descending = one(params.dir) !== "asc";
  const page = Math.max(1, Math.floor(Number(one(params.page)) || 1));
  const [t, locale, result] = await Promise.all([
    getTranslations("browse"),
    getLocale(),
    fetchBrowsePage(getDb(), user.id, q, { sort, descending, page }, new Date()),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <nav className="flex gap-3 text-sm">
          <Link className="underline" href="/notes/new">
            {t("newNote")}
          </Link>
          <Link className="underline" href="/decks">
            {t("decks")}
          </Link>
          <Link className="underline" href="/notes/trash">
            {t("trash")}
          </Link>
        </nav>
      </div>
      <form method="get" action="/browse" className="flex flex-col gap-2" role="search">
        <label htmlFor="browse-q" className="text-sm font-medium">
          {t("searchLabel")}
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            id="browse-q"
            name="q"
            defaultValue={q}
            maxLength={1000}
            aria-describedby="browse-q-hint"
            aria-invalid={result.ok ? undefined : true}
            className="min-h-11 min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-3 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <label className="flex items-center gap-1 text-sm">
            <span>{t("sort")}</span>
            <select
              name="sort"
              defaultValue={sort}
              className="min-h-11 rounded-lg border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900"
            >
              {BROWSE_SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`sorts.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" name="dir" value="desc" defaultChecked={descending} />
            <span>{t("descending")}</span>
          </label>
          <input type="hidden" name="dir" value="asc" />
          <button
            type="submit"
            className="min-h-11 rounded-lg bg-accent px-4 text-sm font-medium text-white hover:bg-accent-strong"
          >
            {t("search")}
          </button>
        </div>
        <p id="browse-q-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
          {t("searchHint")}
        </p>
      </form>
      {result.ok ? (
        <>
          <p role="status" className="flex flex-wrap gap-3 text-sm">
            <span>{t("total", { count: result.total })}</span>
            {result.total > 0 ? (
              <Link className="underline" href={`/study?${new URLSearchParams({ q }).toString()}`}>
                {t("practise")}
              </Link>
            ) : null}
          </p>
          <BrowseTable
            key={`${q}|${sort}|${descending}|${result.page}`}
            rows={result.rows}
            query={q}
            locale={toLocale(locale)}
            timeZone={result.timeZone}
          />
          {result.pageCount > 1 ? (
            <nav
              aria-label={t("page", { page: result.page, pages: result.pageCount })}
              className="flex items-center gap-3 text-sm"
            >
              {result.page > 1 ? (
                <Link className="underline" href={hrefOf(q, sort, descending, result.page - 1)} rel="prev">
                  {t("previous")}
                </Link>
              ) : null}
              <span>{t("page", { page: result.page, pages: result.pageCount })}</span>
              {result.page < result.pageCount ? (
                <Link className="underline" href={hrefOf(q, sort, descending, result.page + 1)} rel="next">
                  {t("next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : (
        <SearchErrorMessage query={q} error={result.error} />
      )}
    </div>
  );
}
