import { useTranslations } from "next-intl";
import type { SearchError } from "@/lib/search/types";

/** A search that does not parse: the query with the failing part marked, where (1-based) and what was expected. */
export function SearchErrorMessage({ query, error }: { query: string; error: SearchError }) {
  const t = useTranslations("browse");
  const before = query.slice(0, error.position);
  const marked = query.slice(error.position, error.position + error.length);
  const after = query.slice(error.position + error.length);
  return (
    <div role="alert" className="flex flex-col gap-2 rounded-lg border border-red-300 p-3 text-sm dark:border-red-800">
      <p>
        {t("badSearch", {
          position: error.position + 1,
          expected: error.expected.join(", "),
          found: error.found === "" ? t("endOfQuery") : `“${error.found}”`,
        })}
      </p>
      <pre className="overflow-x-auto font-mono text-sm" data-search-error-position={error.position}>
        {before}
        <mark className="rounded bg-red-200 px-0.5 text-red-950 dark:bg-red-900 dark:text-red-50">
          {marked === "" ? " " : marked}
        </mark>
        {after}
      </pre>
    </div>
  );
}
