"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { RestoreSummary } from "@/lib/server/account-restore";
import { Button } from "../ui/button";

const RESTORE_URL = "/api/v1/account/restore";

export const SUMMARY_ROWS = [
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
] as const satisfies readonly Exclude<keyof RestoreSummary, "version">[];

/** Why nothing was restored: the file (its first bad field), a non-fresh account, its size, or anything else. */
export const REFUSALS = ["invalid-input", "conflict", "too-large", "form", "failed"] as const;
type Refusal = (typeof REFUSALS)[number];

type RestoreState =
  | { ok: null }
  | { ok: "pending" }
  | { ok: true; summary: RestoreSummary }
  | { ok: false; code: Refusal; detail: string };

function refusalOf(code: unknown): Refusal {
  return code === "invalid-input" || code === "conflict" || code === "too-large" ? code : "failed";
}

/**
 * The backup upload: the file goes as it is, as the JSON body of the restore
 * route (a server action's body is bounded far below a backup's size), and
 * the answer shows what was restored or why nothing was.
 */
export function RestoreForm({ maxBytes }: { maxBytes: number }) {
  const t = useTranslations("restore");
  const router = useRouter();
  const [state, setState] = useState<RestoreState>({ ok: null });
  const maxMb = Math.round(maxBytes / (1024 * 1024));

  async function restore(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) return setState({ ok: false, code: "form", detail: "" });
    if (file.size > maxBytes) return setState({ ok: false, code: "too-large", detail: "" });
    setState({ ok: "pending" });
    try {
      const response = await fetch(RESTORE_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: file,
      });
      const body = (await response.json()) as RestoreSummary | { error?: { code?: unknown; message?: unknown } };
      if (response.ok) {
        setState({ ok: true, summary: body as RestoreSummary });
        router.refresh();
        return;
      }
      const error = "error" in body ? body.error : undefined;
      setState({
        ok: false,
        code: refusalOf(error?.code),
        detail: typeof error?.message === "string" ? error.message : String(response.status),
      });
    } catch (error) {
      setState({ ok: false, code: "failed", detail: (error as Error).message });
    }
  }

  return (
    <div className="flex max-w-xl flex-col gap-4">
      <form
        onSubmit={(event) => void restore(event)}
        className="flex flex-col gap-3 rounded-lg border border-zinc-300 p-4 dark:border-zinc-700"
      >
        <label className="flex flex-col gap-1 text-sm">
          {t("file", { maxMb })}
          <input name="file" type="file" accept="application/json,.json" required className="text-sm" />
        </label>
        <Button type="submit" variant="primary" disabled={state.ok === "pending"}>
          {state.ok === "pending" ? t("pending") : t("submit")}
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
