"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import type { CardPayload } from "@/lib/content/deck";
import type { GradeOption, ReviewSessionView } from "@/lib/server/reviews";
import { type ActionResult, gradeAction, undoAction } from "../review/actions";
import { Button } from "./ui/button";
import { ProgressBar } from "./ui/progress-bar";

type Locale = "zh" | "en";

function newReviewId(): string {
  return crypto.randomUUID();
}

function CardFace({ html, label }: { html: string; label: string }) {
  return (
    <section aria-label={label} className="prose-card" dangerouslySetInnerHTML={{ __html: html }} />
  );
}

export function ReviewSession({ initial }: { initial: ReviewSessionView }) {
  const t = useTranslations("review");
  const te = useTranslations("errors");
  const locale = useLocale() as Locale;
  const [session, setSession] = useState(initial);
  const [revealed, setRevealed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const shownAt = useRef(Date.now());
  // One id per showing of an item: a retried submission reuses it, so the
  // server records the review once.
  const reviewId = useRef(newReviewId());
  const current = session.current;

  useEffect(() => {
    shownAt.current = Date.now();
    reviewId.current = newReviewId();
    setRevealed(false);
  }, [current?.itemId, current?.version]);

  const apply = useCallback(
    (result: ActionResult, success: string | null) => {
      if (result.ok) {
        setSession(result.session);
        setMessage(success);
      } else {
        if (result.session) setSession(result.session);
        setMessage(te(result.code, { detail: result.detail }));
      }
    },
    [te],
  );

  const grade = useCallback(
    (quality: number) => {
      if (!current || !revealed || pending) return;
      const input = {
        reviewId: reviewId.current,
        itemId: current.itemId,
        quality,
        expectedVersion: current.version,
        durationMs: Date.now() - shownAt.current,
      };
      startTransition(async () => {
        try {
          apply(await gradeAction(input), null);
        } catch {
          setMessage(te("network"));
        }
      });
    },
    [current, revealed, pending, apply, te],
  );

  const undo = useCallback(() => {
    if (pending) return;
    startTransition(async () => {
      try {
        apply(await undoAction(), t("undone"));
      } catch {
        setMessage(te("network"));
      }
    });
  }, [pending, apply, t, te]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      if ((event.key === " " || event.key === "Enter") && current && !revealed) {
        event.preventDefault();
        setRevealed(true);
      } else if (/^[0-5]$/.test(event.key)) {
        event.preventDefault();
        grade(Number(event.key));
      } else if (event.key === "u" || event.key === "U") {
        event.preventDefault();
        undo();
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [current, revealed, grade, undo]);

  const formatWhen = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", { dateStyle: "medium", timeStyle: "short" });
    return (iso: string) => fmt.format(new Date(iso));
  }, [locale]);

  const intervalLabel = (o: GradeOption) => (o.againToday && o.intervalDays === 0 ? t("againToday") : t("interval", { days: o.intervalDays }));
  const done = session.doneToday;
  const total = done + session.remaining.total;

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <div className="flex justify-between text-sm text-zinc-600 dark:text-zinc-400">
          <span>{t("progress", { done, left: session.remaining.total })}</span>
          <span>{t("counts", session.remaining)}</span>
        </div>
        <ProgressBar value={done} max={total} label={t("progressLabel")} />
      </div>

      <p role="status" aria-live="polite" className="min-h-5 text-sm text-amber-700 dark:text-amber-400">
        {message}
      </p>

      {current ? (
        <article className="flex flex-col gap-4 rounded-xl border border-zinc-200 p-4 shadow-sm sm:p-6 dark:border-zinc-800" data-item-id={current.itemId}>
          <div className="flex flex-wrap gap-2 text-xs uppercase tracking-wide text-zinc-500">
            <span>{t(`section.${current.section}`)}</span>
            {current.reviewKind !== "new" && current.reviewKind !== "review" ? (
              <>
                <span aria-hidden>·</span>
                <span>{t(`kind.${current.reviewKind}`)}</span>
              </>
            ) : null}
          </div>
          <ItemFront payload={current.payload} locale={locale} label={t("front")} />
          {revealed ? (
            <>
              <hr className="border-zinc-200 dark:border-zinc-800" />
              <ItemBack payload={current.payload} locale={locale} label={t("back")} />
              <p className="text-xs text-zinc-500">{t("source", { source: (current.payload as CardPayload).source })}</p>
              <fieldset className="flex flex-col gap-2">
                <legend className="mb-2 text-sm font-medium">{t("gradePrompt")}</legend>
                <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                  {current.options.map((o) => {
                    const label = t(`quality.${o.quality}`);
                    const when = intervalLabel(o);
                    return (
                      <Button
                        key={o.quality}
                        variant={o.quality >= 3 ? "primary" : "secondary"}
                        disabled={pending}
                        aria-label={t("gradeButton", { quality: o.quality, label, when })}
                        aria-keyshortcuts={String(o.quality)}
                        onClick={() => grade(o.quality)}
                        className="flex-col !items-start text-left"
                      >
                        <span className="font-semibold">
                          q{o.quality} · {when}
                        </span>
                        <span className="text-xs opacity-80">{label}</span>
                      </Button>
                    );
                  })}
                </div>
                <p className="text-xs text-zinc-500">{t("gradeHint")}</p>
              </fieldset>
            </>
          ) : (
            <div className="flex flex-col items-start gap-1">
              <Button variant="primary" onClick={() => setRevealed(true)} aria-keyshortcuts="Space Enter">
                {t("show")}
              </Button>
              <span className="text-xs text-zinc-500">{t("showHint")}</span>
            </div>
          )}
        </article>
      ) : (
        <section className="rounded-xl border border-zinc-200 p-6 text-center dark:border-zinc-800" aria-labelledby="done-title">
          <h2 id="done-title" className="text-xl font-semibold">
            {t("doneTitle")}
          </h2>
          <p className="mt-2">{t("doneBody", { count: done })}</p>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">
            {session.nextWorkAt ? t("nextDue", { when: formatWhen(session.nextWorkAt) }) : t("nothingScheduled")}
          </p>
        </section>
      )}

      <div className="flex justify-end">
        <Button variant="ghost" onClick={undo} disabled={pending || done === 0} aria-keyshortcuts="u">
          {pending ? t("saving") : t("undo")}
        </Button>
      </div>
    </div>
  );
}

function ItemFront({ payload, locale, label }: { payload: unknown; locale: Locale; label: string }) {
  const card = payload as CardPayload;
  return <CardFace html={card.front[locale]} label={label} />;
}

function ItemBack({ payload, locale, label }: { payload: unknown; locale: Locale; label: string }) {
  const card = payload as CardPayload;
  return <CardFace html={card.back[locale]} label={label} />;
}
