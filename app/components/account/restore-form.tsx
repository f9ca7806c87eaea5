"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { type RestoreState, restoreAccountAction } from "../../account/restore/actions";
import { Button } from "../ui/button";

const SUMMARY_ROWS = [
  "decks",
  "deckLimits",
  "notes",
  "trashedNotes",
  "cards",
  "schedule",
  "reviews",
  "personalNotes",
  "media",
  "exerciseAttempts",
  "skipped",
  "remapped",
] as const;

/** The backup upload, and what was restored or why the file was refused. */
export function RestoreForm({ maxMb }: { maxMb: number }) {
  const t = useTranslations("restore");
  const [state, action, pending] = useActionState<RestoreState, FormData>(restoreAccountAction, { ok: null });
  return (
    <div className="flex max-w-xl flex-col gap-4">
      <form action={action} className="flex flex-col gap-3 rounded-lg border border-zinc-300 p-4 dark:border-zinc-700">
        <label className="flex flex-col gap-1 text-sm">
          {t("file", { maxMb })}
          <input name="file" type="file" accept="application/json,.json" required className="text-sm" />
        </label>
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? t("pending") : t("submit")}
        </Button>
      </form>
      <div role="status" aria-live="polite">
        {state.ok === true ? (
          <div className="flex flex-col gap-2 text-sm" data-restore-summary>
            <p className="font-medium">{t("done", { version: state.summary.version })}</p>
            <ul className="list-disc pl-5">
              {SUMMARY_ROWS.filter((key) => !(key === "skipped" || key === "remapped") || state.summary[key] > 0).map(
                (key) => (
                  <li key={key} data-restored={key}>
                    {t(`summary.${key}`, { count: state.summary[key] })}
                  </li>
                ),
              )}
            </ul>
            <Link className="underline" href="/">
              {t("study")}
            </Link>
          </div>
        ) : null}
      </div>
      <p role="alert" className="text-sm break-words text-red-700 dark:text-red-400">
        {state.ok === false ? t(`errors.${state.code}`, { detail: state.detail, maxMb }) : null}
      </p>
    </div>
  );
}
