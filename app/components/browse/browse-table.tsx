"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { type BulkState, bulkAction } from "@/app/browse/actions";
import { BULK_ACTIONS, type BulkActionName } from "@/lib/browse/bulk";
import type { Locale } from "@/lib/locale";
import { historyHref } from "@/lib/progress/items";
import type { BrowseRow } from "@/lib/server/browse";
import { Button } from "../ui/button";
import { SearchErrorMessage } from "./search-error";

const NEEDS_ARGUMENT: readonly BulkActionName[] = ["set-due", "move", "add-tag", "remove-tag"];
const field = "min-h-11 rounded-lg border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** The browser's table: rows to tick, and one bulk action on the ticked rows or on the whole search. */
export function BrowseTable({
  rows,
  query,
  locale,
  timeZone,
}: {
  rows: BrowseRow[];
  query: string;
  locale: Locale;
  timeZone: string;
}) {
  const t = useTranslations("browse");
  const router = useRouter();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [action, setAction] = useState<BulkActionName>("suspend");
  const [argument, setArgument] = useState("");
  const [target, setTarget] = useState<"selected" | "query">("selected");
  const [result, setResult] = useState<BulkState | null>(null);
  const [pending, startTransition] = useTransition();
  // Due dates in the learner's zone, not the browser's.
  const formatDay = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeZone });
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.itemId));

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function run() {
    if (target === "selected" && selected.size === 0) {
      setResult({ ok: false, code: "invalid-input", detail: t("nothingSelected") });
      return;
    }
    const selection = target === "selected" ? { itemIds: [...selected] } : { query };
    startTransition(async () => {
      const r = await bulkAction({ action, argument, selection });
      setResult(r);
      if (r.ok) router.refresh();
    });
  }

  const message = (() => {
    if (!result) return null;
    if (result.ok)
      return result.action === "delete"
        ? t("deleted", { count: result.changed })
        : t("changed", { count: result.changed });
    switch (result.code) {
      case "bad-due":
        return t("badDue");
      case "bad-tag":
        return t("badTag");
      case "bad-deck":
        return t("badDeck");
      case "invalid-input":
        return result.detail ?? "";
      case "bad-search":
        return null;
    }
  })();

  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">{t("bulk")}</legend>
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1 text-sm">
            <span>{t("target")}</span>
            <select
              className={field}
              value={target}
              onChange={(e) => setTarget(e.target.value === "query" ? "query" : "selected")}
            >
              <option value="selected">{t("targetSelected", { count: selected.size })}</option>
              <option value="query">{t("targetQuery")}</option>
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span>{t("action")}</span>
            <select
              className={field}
              value={action}
              onChange={(e) => setAction(BULK_ACTIONS.find((a) => a === e.target.value) ?? "suspend")}
            >
              {BULK_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`actions.${a}`)}
                </option>
              ))}
            </select>
          </label>
          {NEEDS_ARGUMENT.includes(action) ? (
            <label className="flex flex-col gap-1 text-sm">
              <span>{t("argument")}</span>
              <input
                className={`${field} px-3`}
                value={argument}
                onChange={(e) => setArgument(e.target.value)}
                aria-describedby="bulk-argument-hint"
                maxLength={300}
              />
            </label>
          ) : null}
          <Button variant="primary" onClick={run} disabled={pending}>
            {t("run")}
          </Button>
        </div>
        {NEEDS_ARGUMENT.includes(action) ? (
          <p id="bulk-argument-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("argumentHint")}
          </p>
        ) : null}
        <p role="status" aria-live="polite" className="min-h-5 text-sm">
          {message}
        </p>
        {result && !result.ok && result.code === "bad-search" ? (
          <SearchErrorMessage query={query} error={result.error} />
        ) : null}
      </fieldset>

      <div className="overflow-x-auto">
        <table className="w-full min-w-[40rem] text-left text-sm">
          <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className="p-2">
                <input
                  type="checkbox"
                  aria-label={t("selectAll")}
                  checked={allOnPage}
                  onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.itemId)))}
                />
              </th>
              <th className="p-2">{t("columns.card")}</th>
              <th className="p-2">{t("columns.deck")}</th>
              <th className="p-2">{t("columns.type")}</th>
              <th className="p-2">{t("columns.due")}</th>
              <th className="p-2">{t("columns.interval")}</th>
              <th className="p-2">{t("columns.ease")}</th>
              <th className="p-2">{t("columns.lapses")}</th>
              <th className="p-2">{t("columns.state")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const states = [
                r.status === "new" ? t("new") : null,
                r.suspended ? t("suspended") : null,
                r.buried ? t("buried") : null,
                r.flagged ? t("flagged") : null,
              ].filter((s): s is string => s !== null);
              return (
                <tr
                  key={r.itemId}
                  data-item-id={r.itemId}
                  className="border-b border-zinc-100 align-top dark:border-zinc-900"
                >
                  <td className="p-2">
                    <input
                      type="checkbox"
                      aria-label={t("selectRow", { title: r.title[locale] })}
                      checked={selected.has(r.itemId)}
                      onChange={() => toggle(r.itemId)}
                    />
                  </td>
                  <td className="p-2">
                    <span dangerouslySetInnerHTML={{ __html: r.titleHtml[locale] }} />
                    <span className="ml-2 inline-flex gap-2 text-xs">
                      {r.noteId ? (
                        <Link className="underline" href={`/notes/${r.noteId}/edit`}>
                          {t("edit")}
                        </Link>
                      ) : null}
                      <Link className="underline" href={historyHref(r.itemId)}>
                        {t("history")}
                      </Link>
                    </span>
                    {r.tags.length > 0 ? (
                      <div className="text-xs text-zinc-600 dark:text-zinc-400">{r.tags.join(" ")}</div>
                    ) : null}
                  </td>
                  <td className="p-2">{r.deckName[locale]}</td>
                  <td className="p-2">{r.cardType}</td>
                  <td className="p-2">{r.dueAt ? formatDay.format(new Date(r.dueAt)) : "—"}</td>
                  <td className="p-2">{r.status === "new" ? "—" : t("days", { days: r.intervalDays })}</td>
                  <td className="p-2">{r.status === "new" ? "—" : r.ease.toFixed(2)}</td>
                  <td className="p-2">{r.lapses}</td>
                  <td className="p-2">{states.join(", ")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
