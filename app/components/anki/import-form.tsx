"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/app/components/ui/button";
import { ProgressBar } from "@/app/components/ui/progress-bar";

type Phase = "upload" | "reading" | "media" | "converting" | "notes" | "cards" | "reviews" | "totals" | "done";

interface Summary {
  notes: number;
  notesAdded: number;
  notesUpdated: number;
  cards: number;
  reviews: number;
  media: number;
  decks: string[];
  skipped: Record<string, number>;
  warnings: string[];
}

type State =
  | { step: "idle" }
  | { step: "running"; phase: Phase; done: number; total: number }
  | { step: "done"; summary: Summary }
  | { step: "failed"; message: string };

/** Warnings shown under the summary; the rest are counted. */
const SHOWN_WARNINGS = 20;

/** Reads the NDJSON lines of the answer as they arrive; calls `onLine` for each complete one. */
function lineReader(onLine: (line: unknown) => void): (text: string) => void {
  let consumed = 0;
  return (text) => {
    for (;;) {
      const end = text.indexOf("\n", consumed);
      if (end < 0) return;
      const line = text.slice(consumed, end);
      consumed = end + 1;
      if (line.trim() !== "") onLine(JSON.parse(line) as unknown);
    }
  };
}

export function AnkiImportForm() {
  const t = useTranslations("ankiImport");
  const [state, setState] = useState<State>({ step: "idle" });

  function upload(file: File) {
    setState({ step: "running", phase: "upload", done: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    const read = lineReader((line) => {
      const l = line as {
        progress?: { phase: Phase; done: number; total: number };
        summary?: Summary;
        error?: { message: string };
      };
      if (l.progress) setState({ step: "running", ...l.progress });
      else if (l.summary) setState({ step: "done", summary: l.summary });
      else if (l.error) setState({ step: "failed", message: l.error.message });
    });
    xhr.upload.onprogress = (e) => setState({ step: "running", phase: "upload", done: e.loaded, total: e.total });
    xhr.onprogress = () => read(xhr.responseText);
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let message = t("failed");
        try {
          message = (JSON.parse(xhr.responseText) as { error: { message: string } }).error.message;
        } catch {
          // Not our JSON (a proxy's page): the generic message stands.
        }
        setState({ step: "failed", message });
        return;
      }
      read(xhr.responseText);
    };
    xhr.onerror = () => setState({ step: "failed", message: t("network") });
    xhr.open("POST", "/import/upload");
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.send(file);
  }

  const running = state.step === "running";
  return (
    <div className="flex flex-col gap-4">
      <form
        className="flex flex-wrap items-center gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const input = e.currentTarget.elements.namedItem("package") as HTMLInputElement | null;
          const file = input?.files?.[0];
          if (file) upload(file);
          else setState({ step: "failed", message: t("choose") });
        }}
      >
        <label className="flex flex-col gap-1 text-sm">
          {t("file")}
          <input name="package" type="file" accept=".apkg,.colpkg,application/zip" disabled={running} />
        </label>
        <Button type="submit" disabled={running}>
          {t("import")}
        </Button>
      </form>
      {state.step === "running" && (
        <div className="flex flex-col gap-1" aria-live="polite">
          <span className="text-sm">{t(`phase.${state.phase}`, { done: state.done, total: state.total })}</span>
          <ProgressBar value={state.done} max={state.total} label={t("progress")} />
        </div>
      )}
      {state.step === "failed" && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {t("refused", { message: state.message })}
        </p>
      )}
      {state.step === "done" && (
        <section aria-labelledby="import-summary" className="flex flex-col gap-2">
          <h2 id="import-summary" className="text-lg font-medium">
            {t("summary.title")}
          </h2>
          <p data-testid="import-summary">
            {t("summary.counts", {
              notes: state.summary.notes,
              notesAdded: state.summary.notesAdded,
              notesUpdated: state.summary.notesUpdated,
              cards: state.summary.cards,
              reviews: state.summary.reviews,
              media: state.summary.media,
            })}
          </p>
          <p className="text-sm">{t("summary.decks", { decks: state.summary.decks.join(", ") })}</p>
          {Object.entries(state.summary.skipped)
            .filter(([, n]) => n > 0)
            .map(([why, n]) => (
              <p key={why} className="text-sm text-zinc-600 dark:text-zinc-400">
                {t(`skipped.${why}`, { count: n })}
              </p>
            ))}
          {state.summary.warnings.length > 0 && (
            <details className="text-sm">
              <summary>{t("summary.warnings", { count: state.summary.warnings.length })}</summary>
              <ul className="list-disc pl-5">
                {state.summary.warnings.slice(0, SHOWN_WARNINGS).map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          )}
          <p className="flex gap-3 text-sm">
            <Link className="underline" href="/">
              {t("summary.review")}
            </Link>
            <Link className="underline" href="/browse">
              {t("summary.browse")}
            </Link>
            <Link className="underline" href="/decks">
              {t("summary.decksLink")}
            </Link>
          </p>
        </section>
      )}
    </div>
  );
}
