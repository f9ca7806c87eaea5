"use client";

import { useTranslations } from "next-intl";
import type { CheckResult } from "@/lib/codecheck/types";
import { CheckerText } from "./checker-text";

const STATUS_STYLE: Record<string, string> = {
  pass: "text-emerald-700 dark:text-emerald-400",
  fail: "text-amber-700 dark:text-amber-400",
  error: "text-red-700 dark:text-red-400",
  "not-attempted": "text-zinc-600 dark:text-zinc-400",
};

interface Props {
  result: CheckResult | null;
  running: boolean;
  runCount: number;
}

/** The verdict of the latest run: every case, the notes and the learner's console output. */
export function CheckResults({ result, running, runCount }: Props) {
  const t = useTranslations("code");
  return (
    <section aria-labelledby="results-title" className="flex flex-col gap-2">
      <h2 id="results-title" className="text-lg font-semibold">
        {t("results")}
      </h2>
      <div
        role="status"
        aria-live="polite"
        data-run-status={running ? "running" : (result?.status ?? "none")}
        data-run-count={runCount}
      >
        {result ? (
          <p className={`font-medium ${STATUS_STYLE[result.status] ?? ""}`}>{t(`status.${result.status}`)}</p>
        ) : null}
      </div>
      {result?.error ? (
        <p
          className="whitespace-pre-wrap break-words rounded-lg bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200"
          data-run-error
        >
          <CheckerText text={result.error} />
        </p>
      ) : null}
      {result && result.cases.length > 0 ? (
        <ul className="flex flex-col gap-1 text-sm" aria-label={t("results")}>
          {result.cases.map((c, index) => (
            <li
              key={`${index}-${c.id}`}
              className="rounded border border-zinc-200 p-2 dark:border-zinc-800"
              data-case-status={c.status}
            >
              <span className={`font-semibold ${STATUS_STYLE[c.status] ?? ""}`}>{t(`caseStatus.${c.status}`)}</span> ·{" "}
              {c.name}
              {c.status === "pass" ? null : (
                <p className="mt-1 whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300">
                  <CheckerText text={c.message} />
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {result?.notes && result.notes.length > 0 ? (
        <div className="text-sm">
          <h3 className="font-medium">{t("notes")}</h3>
          <ul className="list-disc pl-6">
            {result.notes.map((note, index) => (
              <li key={index}>
                <CheckerText text={note} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {result?.output ? (
        <div className="text-sm">
          <h3 className="font-medium">{t("output")}</h3>
          <pre
            className="max-h-64 overflow-auto whitespace-pre-wrap rounded-lg bg-zinc-100 p-3 dark:bg-zinc-900"
            data-run-output
          >
            {result.output}
          </pre>
        </div>
      ) : null}
    </section>
  );
}
