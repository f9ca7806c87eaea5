"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type Attempt,
  type AttemptEnd,
  detailOf,
  hasFailedRun,
  hasPassed,
  qualityOf,
  startAttempt,
} from "@/lib/codecheck/browser/attempt";
import { DEFAULT_RUN_LIMIT_MS, SandboxClient } from "@/lib/codecheck/browser/sandbox-client";
import { SANDBOX_PATH } from "@/lib/codecheck/browser/sandbox-document";
import type { CheckResult } from "@/lib/codecheck/types";
import { gradeAction } from "../../review/actions";
import { recordDrillAction, revealCodeSolutionAction } from "../../code/actions";
import { Button } from "../ui/button";
import { CodeEditor } from "./code-editor";

/** What the page sends; the reference solution is not part of it (revealCodeSolutionAction hands it out). */
export interface WorkbenchExercise {
  id: string;
  starter: string;
  timeoutMs: number | null;
  hintsHtml: string[];
}

interface Props {
  exercise: WorkbenchExercise;
  taskHtml: string;
  originalHtml: string;
  originalFrom: string | null;
  /** "review": graded into SM-2; otherwise practice logged as a drill. */
  mode: "review" | "not-due" | "practice";
  schedule: { itemId: string; version: number } | null;
}

type Recorded = { kind: "review" | "drill"; quality: number } | { kind: "none" } | { kind: "failed"; detail: string };

type Solution =
  { kind: "hidden" } | { kind: "loading" } | { kind: "shown"; source: string } | { kind: "failed"; detail: string };

const STATUS_STYLE: Record<string, string> = {
  pass: "text-emerald-700 dark:text-emerald-400",
  fail: "text-amber-700 dark:text-amber-400",
  error: "text-red-700 dark:text-red-400",
  "not-attempted": "text-zinc-600 dark:text-zinc-400",
};

/** Margin over the checker's own time budget before the page kills a run. */
const KILL_MARGIN_MS = 1000;

function Html({ html, className = "" }: { html: string; className?: string }) {
  return <div className={`prose-card !text-base ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The editor, the runner and the attempt's grading on /code/[id]. */
export function CodeWorkbench({ exercise, taskHtml, originalHtml, originalFrom, mode, schedule }: Props) {
  const t = useTranslations("code");
  const locale = useLocale() === "zh" ? "zh" : "en";
  const source = useRef(exercise.starter);
  const [editorKey, setEditorKey] = useState(0);
  const [starter, setStarter] = useState(exercise.starter);
  const attempt = useRef<Attempt>(startAttempt(exercise.id));
  const [, setAttemptVersion] = useState(0);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<CheckResult | null>(null);
  const [runCount, setRunCount] = useState(0);
  const [hintsShown, setHintsShown] = useState(0);
  const [solution, setSolution] = useState<Solution>({ kind: "hidden" });
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const ended = useRef(false);
  const solutionRequested = useRef(false);
  const sandbox = useRef<SandboxClient | null>(null);
  const openedAt = useRef(Date.now());
  const reviewId = useRef<string>("");

  useEffect(() => {
    reviewId.current = crypto.randomUUID();
    openedAt.current = Date.now();
    const client = new SandboxClient({ src: SANDBOX_PATH });
    sandbox.current = client;
    client.warmUp().catch(() => undefined);
    return () => {
      client.dispose();
      sandbox.current = null;
    };
  }, []);

  const touchAttempt = useCallback((change: (current: Attempt) => Attempt) => {
    attempt.current = change(attempt.current);
    setAttemptVersion((v) => v + 1);
  }, []);

  const graded = mode === "review" && schedule !== null;

  const end = useCallback(
    async (how: AttemptEnd): Promise<Recorded | null> => {
      if (ended.current) return null;
      const quality = qualityOf(attempt.current, how);
      if (quality === null) return null;
      ended.current = true;
      const detail = detailOf(attempt.current);
      const durationMs = Math.max(0, Math.round(Date.now() - openedAt.current));
      let outcome: Recorded;
      try {
        if (graded) {
          const result = await gradeAction({
            reviewId: reviewId.current,
            itemId: schedule.itemId,
            quality,
            expectedVersion: schedule.version,
            durationMs,
            detail,
          });
          outcome = result.ok ? { kind: "review", quality } : { kind: "failed", detail: result.detail };
        } else {
          const drill = await recordDrillAction({
            reviewId: reviewId.current,
            exerciseId: exercise.id,
            quality,
            durationMs,
            detail,
          });
          outcome = !drill.ok
            ? { kind: "failed", detail: drill.detail }
            : drill.recorded
              ? { kind: "drill", quality }
              : { kind: "none" };
        }
      } catch (error) {
        outcome = { kind: "failed", detail: error instanceof Error ? error.message : String(error) };
      }
      setRecorded(outcome);
      return outcome;
    },
    [graded, schedule, exercise.id],
  );

  /**
   * Asks the server for the solution. Before the attempt ended, the server
   * records it as ended by the solution (quality 0); afterwards it only hands
   * the solution out.
   */
  const reveal = useCallback(async () => {
    if (solutionRequested.current) return;
    solutionRequested.current = true;
    setSolution({ kind: "loading" });
    const endsAttempt = !ended.current;
    ended.current = true;
    try {
      const outcome = await revealCodeSolutionAction({
        reviewId: reviewId.current,
        exerciseId: exercise.id,
        review: graded ? { itemId: schedule.itemId, expectedVersion: schedule.version } : null,
        durationMs: Math.max(0, Math.round(Date.now() - openedAt.current)),
        detail: detailOf(attempt.current),
      });
      if (!outcome.ok) {
        if (endsAttempt) ended.current = false;
        solutionRequested.current = false;
        setSolution({ kind: "failed", detail: outcome.detail });
        return;
      }
      setSolution({ kind: "shown", source: outcome.reference });
      if (endsAttempt) setRecorded(outcome.recorded);
    } catch (error) {
      if (endsAttempt) ended.current = false;
      solutionRequested.current = false;
      setSolution({ kind: "failed", detail: error instanceof Error ? error.message : String(error) });
    }
  }, [graded, schedule, exercise.id]);

  const run = useCallback(async () => {
    const client = sandbox.current;
    if (client === null || running) return;
    setRunning(true);
    try {
      const limitMs = (exercise.timeoutMs ?? DEFAULT_RUN_LIMIT_MS) + KILL_MARGIN_MS;
      const { result: checked } = await client.run(exercise.id, source.current, locale, limitMs);
      setResult(checked);
      setRunCount((count) => count + 1);
      if (!ended.current) {
        touchAttempt((current) => ({
          ...current,
          runs: [
            ...current.runs,
            {
              status: checked.status,
              failedCases: checked.cases.filter((c) => c.status !== "pass").map((c) => c.id),
            },
          ],
        }));
      }
      if (checked.status === "pass") {
        // After the pass is recorded, so that asking for the solution records nothing more.
        const outcome = await end("passed");
        if (outcome?.kind !== "failed") await reveal();
      }
    } finally {
      setRunning(false);
    }
  }, [exercise.id, exercise.timeoutMs, locale, running, touchAttempt, end, reveal]);

  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  }, [run]);
  const runFromEditor = useCallback(() => void runRef.current(), []);
  const onChange = useCallback((next: string) => {
    source.current = next;
  }, []);

  // Ctrl/Cmd+Enter also works when the focus is outside the editor.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
        event.preventDefault();
        void runRef.current();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const showHint = () => {
    if (hintsShown >= exercise.hintsHtml.length) return;
    setHintsShown(hintsShown + 1);
    if (!ended.current) touchAttempt((current) => ({ ...current, hintsShown: current.hintsShown + 1 }));
  };

  const reset = () => {
    source.current = exercise.starter;
    setStarter(exercise.starter);
    setEditorKey((k) => k + 1);
  };

  const passed = hasPassed(attempt.current);
  const canGiveUp = !ended.current && !passed && hasFailedRun(attempt.current);

  return (
    <div className="relative left-1/2 flex w-[min(80rem,calc(100vw-2rem))] -translate-x-1/2 flex-col gap-4">
      <p className="rounded-lg bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-900" data-code-mode={mode}>
        {mode === "review" ? t("reviewMode") : mode === "not-due" ? t("notDue") : t("practiceMode")}
      </p>

      <section aria-labelledby="task-title" className="flex flex-col gap-1">
        <h2 id="task-title" className="text-lg font-semibold">
          {t("task")}
        </h2>
        <Html html={taskHtml} />
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <section aria-labelledby="original-title" className="flex min-w-0 flex-col gap-1">
          <h2 id="original-title" className="text-lg font-semibold">
            {t("original")}
          </h2>
          <Html html={originalHtml} />
          {originalFrom ? <p className="text-xs text-zinc-500">{t("originalFrom", { note: originalFrom })}</p> : null}
        </section>
        <section aria-labelledby="editor-title" className="flex min-w-0 flex-col gap-2">
          <h2 id="editor-title" className="text-lg font-semibold">
            {t("editor")}
          </h2>
          <CodeEditor
            key={editorKey}
            initial={starter}
            label={t("editor")}
            loadingLabel={t("editorLoading")}
            onChange={onChange}
            onRun={runFromEditor}
          />
          <div className="flex flex-wrap items-center gap-2">
            <Button
              variant="primary"
              onClick={() => void run()}
              disabled={running}
              aria-keyshortcuts="Control+Enter Meta+Enter"
            >
              {running ? t("running") : t("run")}
            </Button>
            <span className="text-xs text-zinc-500">{t("runHint")}</span>
            <Button variant="ghost" onClick={reset} disabled={running}>
              {t("reset")}
            </Button>
          </div>
        </section>
      </div>

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
          <pre
            className="overflow-x-auto whitespace-pre-wrap rounded-lg bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200"
            data-run-error
          >
            {result.error}
          </pre>
        ) : null}
        {result && result.cases.length > 0 ? (
          <ul className="flex flex-col gap-1 text-sm" aria-label={t("results")}>
            {result.cases.map((c, index) => (
              <li
                key={`${index}-${c.name}`}
                className="rounded border border-zinc-200 p-2 dark:border-zinc-800"
                data-case-status={c.status}
              >
                <span className={`font-semibold ${STATUS_STYLE[c.status] ?? ""}`}>{t(`caseStatus.${c.status}`)}</span> ·{" "}
                {c.name}
                {c.status === "pass" ? null : (
                  <p className="mt-1 whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300">{c.message}</p>
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
                <li key={index}>{note}</li>
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

      <section aria-labelledby="hints-title" className="flex flex-col gap-2">
        <h2 id="hints-title" className="text-lg font-semibold">
          {t("hints")}
        </h2>
        <ol className="flex list-decimal flex-col gap-1 pl-6">
          {exercise.hintsHtml.slice(0, hintsShown).map((html, index) => (
            <li key={index}>
              <Html html={html} />
            </li>
          ))}
        </ol>
        <div className="flex flex-wrap gap-2">
          {hintsShown < exercise.hintsHtml.length ? (
            <Button onClick={showHint}>
              {t("showHint", { next: hintsShown + 1, total: exercise.hintsHtml.length })}
            </Button>
          ) : (
            <span className="text-sm text-zinc-500">{t("noMoreHints")}</span>
          )}
          {canGiveUp ? (
            <Button onClick={() => void end("gave-up")}>{graded ? t("giveUp") : t("giveUpPlain")}</Button>
          ) : null}
          {solution.kind === "shown" ? null : (
            <Button variant="ghost" onClick={() => void reveal()} disabled={solution.kind === "loading"}>
              {graded && recorded === null ? t("showSolutionGraded") : t("showSolution")}
            </Button>
          )}
        </div>
      </section>

      {solution.kind === "loading" ? (
        <p className="text-sm text-zinc-500" data-solution-loading>
          {t("solutionLoading")}
        </p>
      ) : solution.kind === "failed" ? (
        <p className="text-sm text-red-700 dark:text-red-400" data-solution-error>
          {t("solutionFailed", { detail: solution.detail })}
        </p>
      ) : solution.kind === "shown" ? (
        <section aria-labelledby="solution-title" className="flex flex-col gap-1">
          <h2 id="solution-title" className="text-lg font-semibold">
            {t("solution")}
          </h2>
          <pre className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-sm dark:bg-zinc-900" data-solution>
            <code>{solution.source}</code>
          </pre>
        </section>
      ) : null}

      {recorded ? (
        <p
          className="rounded-lg border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
          data-recorded={recorded.kind}
        >
          {recorded.kind === "review"
            ? t("recordedReview", { quality: recorded.quality })
            : recorded.kind === "drill"
              ? t("recordedDrill", { quality: recorded.quality })
              : recorded.kind === "none"
                ? t("notRecorded")
                : t("gradeFailed", { detail: "detail" in recorded ? recorded.detail : "" })}{" "}
          {mode !== "practice" ? (
            <Link href="/" className="underline">
              {t("backToReview")}
            </Link>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
