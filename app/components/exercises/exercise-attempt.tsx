"use client";

import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState, useTransition } from "react";
import { readAnswer } from "@/lib/answers/read-answer";
import { EXERCISE_GRADES, SLOW_SOLVE_MS } from "@/lib/exercises/grading";
import type { AttemptState, ExerciseView, GradeReason } from "@/lib/server/exercises";
import { checkExerciseAction, revealSolutionAction, showHintAction } from "@/app/exercises/actions";
import type { Locale } from "../review-items/shared";
import { Button } from "../ui/button";

/** An attempt that ended (solved, or the solution shown), with the grade the server derived. */
export interface EndedAttempt {
  attemptId: string;
  grade: GradeReason;
}

interface Feedback {
  tone: "correct" | "wrong" | "error";
  text: string;
}

export interface ExerciseAttemptProps {
  view: ExerciseView;
  locale: Locale;
  /** Called once, when the attempt ends: solved, or the solution was shown. */
  onEnd: (ended: EndedAttempt) => void;
  /** Shown once the attempt ended (e.g. "Next" or "Another one"); give its button autoFocus. */
  endActions?: (ended: EndedAttempt) => ReactNode;
  /** Shown while answering, beside hint and solution (e.g. "Another one"); gets the attempt's state. */
  extraActions?: (state: AttemptState) => ReactNode;
}

const TONES: Record<Feedback["tone"], string> = {
  correct: "text-emerald-700 dark:text-emerald-400",
  wrong: "text-rose-700 dark:text-rose-400",
  error: "text-amber-700 dark:text-amber-400",
};

function Html({ html, className = "prose-card" }: { html: string; className?: string }) {
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** "1 min 40 s", "12 s": a duration as a learner reads it. */
function formatDuration(ms: number, locale: Locale): string {
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (locale === "zh") return m > 0 ? `${m} 分 ${rest} 秒` : `${rest} 秒`;
  return m > 0 ? `${m} min ${rest} s` : `${rest} s`;
}

/** The grade that showing the solution now would give (server rule: 0 before any answer, 1 after one). */
function revealGrade(state: AttemptState): number {
  return state.answers.length === 0 ? EXERCISE_GRADES.blackout : EXERCISE_GRADES.wrong;
}

/**
 * One computed exercise from showing to the end of the attempt: answer field
 * (Enter submits) with a live "read as" preview, checking, hints and the
 * worked solution. The server stores the attempt: every answer, hint and
 * reveal goes through it, and it derives the grade; this component shows
 * the state the server returns. Used by the practice page and the daily
 * review.
 */
export function ExerciseAttempt({ view, locale, onEnd, endActions, extraActions }: ExerciseAttemptProps) {
  const t = useTranslations("exercises");
  const tq = useTranslations("review");
  const te = useTranslations("errors");
  const ids = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [input, setInput] = useState("");
  const [state, setState] = useState<AttemptState>(view.state);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [pending, startTransition] = useTransition();
  const endedOnce = useRef(view.state.reveal !== null);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const preview = useMemo(
    () => (input.trim() === "" ? null : readAnswer(input, view.expectation)),
    [input, view.expectation],
  );
  const ended: EndedAttempt | null =
    state.reveal !== null && state.grade !== null ? { attemptId: view.attemptId, grade: state.grade } : null;
  const answering = ended === null;
  const outOfTries = answering && state.closed;

  function apply(next: AttemptState) {
    setState(next);
    if (next.reveal !== null && next.grade !== null && !endedOnce.current) {
      endedOnce.current = true;
      onEnd({ attemptId: view.attemptId, grade: next.grade });
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const typed = input;
    if (pending || !answering || outOfTries || typed.trim() === "") return;
    startTransition(async () => {
      try {
        const res = await checkExerciseAction({ attemptId: view.attemptId, input: typed });
        if (!res.ok) {
          setFeedback({ tone: "error", text: te(res.code, { detail: res.detail }) });
          return;
        }
        const r = res.result;
        if (r.error !== undefined) {
          setFeedback({ tone: "error", text: r.error });
          return;
        }
        setFeedback({ tone: r.correct ? "correct" : "wrong", text: r.feedback ?? "" });
        apply(r.state);
        if (!r.correct) inputRef.current?.select();
      } catch {
        setFeedback({ tone: "error", text: te("network") });
      }
    });
  }

  function request(action: typeof showHintAction) {
    if (pending || !answering) return;
    startTransition(async () => {
      try {
        const res = await action({ attemptId: view.attemptId });
        if (!res.ok) {
          setFeedback({ tone: "error", text: te(res.code, { detail: res.detail }) });
          return;
        }
        apply(res.state);
      } catch {
        setFeedback({ tone: "error", text: te("network") });
      }
    });
  }

  const why = (reason: GradeReason) =>
    t(`why.${reason.outcome}`, {
      time: formatDuration(reason.durationMs, locale),
      limit: formatDuration(SLOW_SOLVE_MS, locale),
    });

  const hintsShown = state.hintsHtml.length;
  const hintsLeft = view.hintCount - hintsShown;
  const reveal = state.reveal;
  const attempts = state.answers;
  const previewId = `${ids}-preview`;
  const helpId = `${ids}-help`;
  const titleId = `${ids}-title`;

  return (
    <section
      className="flex flex-col gap-4"
      aria-labelledby={titleId}
      data-exercise={view.generatorId}
      data-seed={String(view.seed)}
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {view.title[locale]}
      </h2>
      <Html html={view.promptHtml[locale]} />

      {hintsShown > 0 ? (
        <ol className="flex flex-col gap-2" aria-label={t("hintTitle", { n: hintsShown })}>
          {state.hintsHtml.map((hint, i) => (
            <li key={i} className="rounded-lg bg-sky-50 px-3 py-2 dark:bg-sky-950/40">
              <span className="text-xs font-medium uppercase tracking-wide text-sky-800 dark:text-sky-300">
                {t("hintTitle", { n: i + 1 })}
              </span>
              <Html html={hint[locale]} className="prose-card text-base" />
            </li>
          ))}
        </ol>
      ) : null}

      <form onSubmit={submit} className="flex flex-col gap-1">
        <label htmlFor={`${ids}-answer`} className="text-sm font-medium">
          {t("answerLabel")}
        </label>
        <div className="flex flex-wrap gap-2">
          <input
            ref={inputRef}
            id={`${ids}-answer`}
            name="answer"
            type="text"
            inputMode="text"
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={200}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            readOnly={!answering || outOfTries}
            aria-describedby={`${previewId} ${helpId}`}
            aria-invalid={preview !== null && !preview.ok}
            className="min-h-11 min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-3 py-2 font-mono text-base focus-visible:outline-2 focus-visible:outline-accent dark:border-zinc-700 dark:bg-zinc-900"
          />
          <Button type="submit" variant="primary" disabled={pending || !answering || outOfTries || input.trim() === ""}>
            {pending ? t("checking") : t("submit")}
          </Button>
        </div>
        <p id={previewId} className="min-h-5 font-mono text-sm text-zinc-600 dark:text-zinc-400" data-preview>
          {preview === null ? null : preview.ok ? t("readAs", { value: preview.interpretedAs }) : preview.error[locale]}
        </p>
        <p id={helpId} className="text-xs text-zinc-500">
          {t("answerHint")}
          {view.expectation.unit ? ` ${t("unitHint", { unit: view.expectation.unit })}` : ""}
          {view.expectation.vectorLength !== undefined
            ? ` ${t("vectorHint", { count: view.expectation.vectorLength })}`
            : ""}
        </p>
      </form>

      <p
        role="status"
        aria-live="polite"
        className={`min-h-5 text-sm font-medium ${feedback ? TONES[feedback.tone] : ""}`}
        data-feedback={feedback?.tone}
      >
        {feedback?.text}
        {answering && outOfTries ? ` ${t("tooManyAttempts")}` : ""}
      </p>

      {answering ? (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => request(showHintAction)} disabled={pending || hintsLeft <= 0}>
            {hintsLeft > 0 ? t("hintCost", { left: hintsLeft }) : t("noHints")}
          </Button>
          <Button onClick={() => request(revealSolutionAction)} disabled={pending}>
            {t("showSolutionGrade", { grade: revealGrade(state) })}
          </Button>
          {extraActions ? extraActions(state) : null}
        </div>
      ) : null}

      {attempts.length > 0 ? (
        <section aria-label={t("yourAnswers")} className="text-sm">
          <h3 className="font-medium">{t("yourAnswers")}</h3>
          <ol className="mt-1 flex flex-col gap-0.5">
            {attempts.map((a, i) => (
              <li key={i} className="font-mono">
                <span aria-hidden className={a.correct ? TONES.correct : TONES.wrong}>
                  {a.correct ? "✓" : "✗"}
                </span>{" "}
                {a.input} <span className="sr-only">{a.correct ? t("verdictCorrect") : t("verdictWrong")}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      {reveal ? (
        <section
          aria-label={t("solutionTitle")}
          className="flex flex-col gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
        >
          <h3 className="font-medium">{t("solutionTitle")}</h3>
          <ol className="list-decimal pl-6">
            {reveal.stepsHtml.map((step, i) => (
              <li key={i}>
                <Html html={step[locale]} className="prose-card text-base" />
              </li>
            ))}
          </ol>
          <p className="font-semibold" data-answer>
            {t("answerIs", { answer: reveal.answerText })}
          </p>
        </section>
      ) : null}

      {ended ? (
        <div className="flex flex-col items-start gap-2">
          <p className="text-sm" data-grade={ended.grade.grade}>
            {t("gradeGiven", { quality: ended.grade.grade, label: tq(`quality.${ended.grade.grade}`) })}
          </p>
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-grade-reason={ended.grade.outcome}>
            {why(ended.grade)}
          </p>
          {endActions ? endActions(ended) : null}
        </div>
      ) : null}
    </section>
  );
}
