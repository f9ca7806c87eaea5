"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  type Attempt,
  type AttemptEnd,
  type Grade,
  type GradeReason,
  QUALITY_FIRST_TRY,
  QUALITY_WITH_HELP,
  type RecordedGrade,
  describeActions,
  detailOf,
  gradeOf,
  startAttempt,
} from "@/lib/codecheck/browser/attempt";
import { draftKey, openDraftStorage, readDraft, writeDraft } from "@/lib/codecheck/browser/drafts";
import { DEFAULT_RUN_LIMIT_MS, SandboxClient } from "@/lib/codecheck/browser/sandbox-client";
import { SANDBOX_PATH } from "@/lib/codecheck/browser/sandbox-document";
import type { CheckResult } from "@/lib/codecheck/types";
import { gradeAction } from "../../review/actions";
import { recordDrillAction, revealCodeSolutionAction } from "../../code/actions";
import { Button } from "../ui/button";
import { CheckResults } from "./check-results";
import { type CodeEditorHandle, CodeEditor } from "./code-editor";

/** What the page sends; the reference solution is not part of it (revealCodeSolutionAction hands it out). */
export interface WorkbenchExercise {
  id: string;
  starter: string;
  timeoutMs: number | null;
  hintsHtml: string[];
}

interface Props {
  exercise: WorkbenchExercise;
  /** The signed-in learner: drafts are kept per learner in this browser. */
  userId: string;
  taskHtml: string;
  originalHtml: string;
  originalFrom: string | null;
  /** "review": graded into SM-2; otherwise practice logged as a drill. */
  mode: "review" | "not-due" | "practice";
  schedule: { itemId: string; version: number } | null;
}

type Recorded = { kind: "review" | "drill"; quality: number } | { kind: "none" } | { kind: "failed"; detail: string };

/** The attempt's end as the page shows it: what was recorded, and why that grade. */
interface Ending {
  recorded: Recorded;
  reason: GradeReason | null;
}

type Solution =
  { kind: "hidden" } | { kind: "loading" } | { kind: "shown"; source: string } | { kind: "failed"; detail: string };

/** Margin over the checker's own time budget before the page kills a run. */
const KILL_MARGIN_MS = 1000;

function Html({ html, className = "" }: { html: string; className?: string }) {
  return <div className={`prose-card !text-base ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

function recordedGrade(recorded: Recorded): RecordedGrade {
  return recorded.kind === "review" || recorded.kind === "drill" ? { quality: recorded.quality } : null;
}

function elapsedSince(startedAtMs: number): number {
  return Math.max(0, Math.round(Date.now() - startedAtMs));
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The editor, the runner and the attempt's grading on /code/[id]. */
export function CodeWorkbench({ exercise, userId, taskHtml, originalHtml, originalFrom, mode, schedule }: Props) {
  const t = useTranslations("code");
  const locale = useLocale() === "zh" ? "zh" : "en";
  const source = useRef(exercise.starter);
  const editor = useRef<CodeEditorHandle>(null);
  const [draftRestored, setDraftRestored] = useState(false);
  /** The code before "reset to starter", while the learner may still take the reset back. */
  const [beforeReset, setBeforeReset] = useState<string | null>(null);
  const resetting = useRef(false);
  // The attempt is state for rendering and mirrored in a ref for the async steps that extend it.
  const [attempt, setAttempt] = useState<Attempt>(() => startAttempt(exercise.id));
  const attemptNow = useRef(attempt);
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<CheckResult | null>(null);
  const [runCount, setRunCount] = useState(0);
  const [hintsShown, setHintsShown] = useState(0);
  const [solution, setSolution] = useState<Solution>({ kind: "hidden" });
  /** Undefined while the attempt is open; null while its end is being recorded. */
  const [ending, setEnding] = useState<Ending | null | undefined>(undefined);
  const ended = useRef(false);
  const solutionRequested = useRef(false);
  const sandbox = useRef<SandboxClient | null>(null);
  const openedAt = useRef(0);
  const reviewId = useRef("");

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

  const updateAttempt = useCallback((change: (current: Attempt) => Attempt) => {
    attemptNow.current = change(attemptNow.current);
    setAttempt(attemptNow.current);
  }, []);

  const graded = mode === "review" && schedule !== null;
  const draft = draftKey(userId, exercise.id);

  const end = useCallback(
    async (how: AttemptEnd): Promise<Recorded | null> => {
      if (ended.current) return null;
      const grade: Grade | null = gradeOf(attemptNow.current, how);
      if (grade === null) return null;
      ended.current = true;
      setEnding(null);
      const { quality } = grade;
      const detail = detailOf(attemptNow.current);
      const durationMs = elapsedSince(openedAt.current);
      let outcome: Recorded;
      try {
        if (graded) {
          const answer = await gradeAction({
            reviewId: reviewId.current,
            itemId: schedule.itemId,
            quality,
            expectedVersion: schedule.version,
            durationMs,
            detail,
          });
          outcome = answer.ok ? { kind: "review", quality } : { kind: "failed", detail: answer.detail };
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
        outcome = { kind: "failed", detail: describeError(error) };
      }
      setEnding({ recorded: outcome, reason: grade.reason });
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
    if (endsAttempt) setEnding(null);
    const reason = gradeOf(attemptNow.current, "solution-shown")?.reason ?? null;
    const undo = (detail: string) => {
      if (endsAttempt) {
        ended.current = false;
        setEnding(undefined);
      }
      solutionRequested.current = false;
      setSolution({ kind: "failed", detail });
    };
    try {
      const outcome = await revealCodeSolutionAction({
        reviewId: reviewId.current,
        exerciseId: exercise.id,
        review: graded ? { itemId: schedule.itemId, expectedVersion: schedule.version } : null,
        durationMs: elapsedSince(openedAt.current),
        detail: detailOf(attemptNow.current),
      });
      if (!outcome.ok) {
        undo(outcome.detail);
        return;
      }
      setSolution({ kind: "shown", source: outcome.reference });
      if (endsAttempt) setEnding({ recorded: outcome.recorded, reason });
    } catch (error) {
      undo(describeError(error));
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
        updateAttempt((current) => ({
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
  }, [exercise.id, exercise.timeoutMs, locale, running, updateAttempt, end, reveal]);

  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  }, [run]);
  const runFromEditor = useCallback(() => void runRef.current(), []);

  const loadDocument = useCallback(() => {
    const saved = readDraft(openDraftStorage(), draft);
    const doc = saved ?? exercise.starter;
    source.current = doc;
    if (saved !== null && saved !== exercise.starter) setDraftRestored(true);
    return doc;
  }, [draft, exercise.starter]);

  const onChange = useCallback(
    (next: string) => {
      source.current = next;
      writeDraft(openDraftStorage(), draft, next, exercise.starter);
      // Typing after a reset makes the reset final: its undo would throw the new typing away.
      if (!resetting.current) setBeforeReset(null);
    },
    [draft, exercise.starter],
  );

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

  const replaceCode = (text: string) => {
    resetting.current = true;
    try {
      editor.current?.replaceDocument(text);
    } finally {
      resetting.current = false;
    }
  };

  const reset = () => {
    const previous = source.current;
    if (previous === exercise.starter) return;
    replaceCode(exercise.starter);
    setBeforeReset(previous);
    setDraftRestored(false);
  };

  const undoReset = () => {
    if (beforeReset === null) return;
    replaceCode(beforeReset);
    setBeforeReset(null);
  };

  const showHint = () => {
    if (hintsShown >= exercise.hintsHtml.length) return;
    setHintsShown(hintsShown + 1);
    if (!ended.current) updateAttempt((current) => ({ ...current, hintsShown: current.hintsShown + 1 }));
  };

  const actions = describeActions(attempt, ending === undefined ? undefined : ending && recordedGrade(ending.recorded));
  const pending = ending === null;
  const target = graded ? "Review" : "Practice";
  const solutionLabel =
    actions.solution.effect === "grades"
      ? t(`showSolutionGrades${target}`, { quality: actions.solution.quality })
      : actions.solution.effect === "keeps"
        ? t(`showSolutionKeeps${target}`, { quality: actions.solution.quality })
        : t("showSolution");

  return (
    <div className="flex flex-col gap-4">
      <p className="rounded-lg bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-900" data-code-mode={mode}>
        {mode === "review" ? t("reviewMode") : mode === "not-due" ? t("notDue") : t("practiceMode")}
      </p>

      <section aria-labelledby="task-title" className="flex flex-col gap-1">
        <h2 id="task-title" className="text-lg font-semibold">
          {t("task")}
        </h2>
        <Html html={taskHtml} />
      </section>

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
          ref={editor}
          loadDocument={loadDocument}
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
          <Button variant="ghost" onClick={reset} disabled={running} data-reset>
            {t("reset")}
          </Button>
        </div>
        <div aria-live="polite" className="text-sm text-zinc-600 dark:text-zinc-400">
          {beforeReset !== null ? (
            <p className="flex flex-wrap items-center gap-2" data-reset-done>
              {t("resetDone")}
              <Button variant="ghost" onClick={undoReset}>
                {t("undoReset")}
              </Button>
            </p>
          ) : draftRestored ? (
            <p data-draft-restored>{t("draftRestored")}</p>
          ) : null}
        </div>
      </section>

      <CheckResults result={result} running={running} runCount={runCount} />

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
              {actions.hintLowersGrade
                ? t("showHintCosts", {
                    next: hintsShown + 1,
                    total: exercise.hintsHtml.length,
                    withHelp: QUALITY_WITH_HELP,
                    firstTry: QUALITY_FIRST_TRY,
                  })
                : t("showHint", { next: hintsShown + 1, total: exercise.hintsHtml.length })}
            </Button>
          ) : (
            <span className="text-sm text-zinc-500">{t("noMoreHints")}</span>
          )}
          {actions.giveUp !== null && !pending ? (
            <Button onClick={() => void end("gave-up")} data-give-up>
              {t(`giveUp${target}`, { quality: actions.giveUp.quality })}
            </Button>
          ) : null}
          {solution.kind === "shown" ? null : (
            <Button
              variant="ghost"
              onClick={() => void reveal()}
              disabled={solution.kind === "loading" || pending}
              data-show-solution={actions.solution.effect}
            >
              {solutionLabel}
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

      {ending ? <EndingNote ending={ending} mode={mode} /> : null}
    </div>
  );
}

/** What the attempt's end recorded, and why that grade. */
function EndingNote({ ending, mode }: { ending: Ending; mode: Props["mode"] }) {
  const t = useTranslations("code");
  const { recorded, reason } = ending;
  const because = reason === null ? "" : t(`gradeReason.${reason.kind}`, reasonCounts(reason));
  return (
    <p
      className="rounded-lg border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
      data-recorded={recorded.kind}
      data-grade-reason={reason?.kind}
    >
      {recorded.kind === "none"
        ? t("notRecorded")
        : recorded.kind === "failed"
          ? t("gradeFailed", { detail: recorded.detail })
          : `${t(recorded.kind === "review" ? "recordedReview" : "recordedDrill", { quality: recorded.quality, reason: because })} ${t("runsNotGraded")}`}{" "}
      {mode !== "practice" ? (
        <Link href="/" className="underline">
          {t("backToReview")}
        </Link>
      ) : null}
    </p>
  );
}

function reasonCounts(reason: GradeReason): { failedRuns: number; hints: number } {
  return reason.kind === "first-try"
    ? { failedRuns: 0, hints: 0 }
    : { failedRuns: reason.failedRuns, hints: reason.hintsShown };
}
