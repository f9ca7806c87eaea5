"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { recordCardDrillAction } from "@/app/practice/[...id]/actions";
import { GRADES } from "@/lib/progress/types";
import { PASS_QUALITY } from "@/lib/srs/sm2";
import { isTyping } from "../review-items/shared";
import { Button } from "../ui/button";
import { useHydrated } from "../ui/use-client-value";

type Outcome = { kind: "open" } | { kind: "saved"; quality: number } | { kind: "failed"; message: string };

function CardFace({ html, label }: { html: string; label: string }) {
  return <section aria-label={label} className="prose-card" dangerouslySetInnerHTML={{ __html: html }} />;
}

/**
 * One card practised outside the schedule, as the daily review shows it:
 * Space or Enter reveals the answer, 0–5 grades it, and the grade is
 * recorded as a drill. Each showing has its own review id, so a retry after
 * a failed save is recorded once; after a save, Enter shows the card again.
 */
export function CardDrill({
  itemId,
  frontHtml,
  backHtml,
  sourceLine,
}: {
  itemId: string;
  frontHtml: string;
  backHtml: string;
  sourceLine: string | null;
}) {
  const t = useTranslations("cardPractice");
  const tr = useTranslations("review");
  const te = useTranslations("errors");
  const hydrated = useHydrated();
  const [showing, setShowing] = useState(0);
  const [revealed, setRevealed] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "open" });
  const [pending, startTransition] = useTransition();
  const reviewId = useRef("");
  const shownAt = useRef(0);

  useEffect(() => {
    reviewId.current = crypto.randomUUID();
    shownAt.current = Date.now();
  }, [showing]);

  const grade = useCallback(
    (quality: number) => {
      if (pending || outcome.kind === "saved") return;
      const input = {
        reviewId: reviewId.current,
        itemId,
        quality,
        durationMs: Math.max(0, Date.now() - shownAt.current),
      };
      startTransition(async () => {
        try {
          const result = await recordCardDrillAction(input);
          setOutcome(
            result.ok
              ? { kind: "saved", quality: result.quality }
              : { kind: "failed", message: te(result.code, { detail: result.detail }) },
          );
        } catch {
          setOutcome({ kind: "failed", message: te("network") });
        }
      });
    },
    [itemId, outcome.kind, pending, te],
  );

  const again = useCallback(() => {
    setShowing((n) => n + 1);
    setRevealed(false);
    setOutcome({ kind: "open" });
  }, []);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === " " || event.key === "Enter") {
        // A focused button answers Enter and Space itself.
        if (event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement) return;
        if (!revealed) {
          event.preventDefault();
          setRevealed(true);
        } else if (outcome.kind === "saved") {
          event.preventDefault();
          again();
        }
      } else if (/^[0-5]$/.test(event.key) && revealed && outcome.kind !== "saved" && !pending) {
        event.preventDefault();
        grade(Number(event.key));
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [revealed, outcome.kind, pending, grade, again]);

  return (
    <article
      className="flex flex-col gap-4 rounded-xl border border-zinc-200 p-4 shadow-sm sm:p-6 dark:border-zinc-800"
      data-item-id={itemId}
      data-practice-ready={hydrated}
    >
      <CardFace html={frontHtml} label={tr("front")} />
      {revealed ? (
        <>
          <hr className="border-zinc-200 dark:border-zinc-800" />
          <CardFace html={backHtml} label={tr("back")} />
          {sourceLine ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{sourceLine}</p> : null}
          {outcome.kind === "saved" ? (
            <div className="flex flex-col items-start gap-2">
              <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400" data-testid="drill-saved">
                {t("saved", { quality: outcome.quality, label: tr(`quality.${outcome.quality}` as "quality.0") })}
              </p>
              <Button variant="primary" onClick={again} aria-keyshortcuts="Enter">
                {t("again")}
              </Button>
              <span className="key-hint text-xs text-zinc-600 dark:text-zinc-400">{t("againHint")}</span>
            </div>
          ) : (
            <fieldset className="flex flex-col gap-2" data-grade-buttons>
              <legend className="mb-1 text-sm font-medium sm:mb-2">{tr("gradePrompt")}</legend>
              <div className="grid grid-cols-3 gap-2">
                {GRADES.map((q) => {
                  const label = tr(`quality.${q}`);
                  return (
                    <Button
                      key={q}
                      variant={q >= PASS_QUALITY ? "primary" : "secondary"}
                      disabled={pending}
                      aria-label={t("gradeButton", { quality: q, label })}
                      aria-keyshortcuts={String(q)}
                      onClick={() => grade(q)}
                      className="min-h-12 flex-col !items-start px-2 text-left sm:px-3"
                    >
                      <span className="font-semibold">q{q}</span>
                      <span className="text-xs opacity-80">{label}</span>
                    </Button>
                  );
                })}
              </div>
              <p className="key-hint text-xs text-zinc-600 dark:text-zinc-400">{t("gradeHint")}</p>
              {pending ? (
                <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
                  {tr("saving")}
                </p>
              ) : null}
              {outcome.kind === "failed" ? (
                <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
                  {outcome.message} {t("retryHint")}
                </p>
              ) : null}
            </fieldset>
          )}
        </>
      ) : (
        <div className="flex flex-col items-start gap-1">
          <Button variant="primary" onClick={() => setRevealed(true)} aria-keyshortcuts="Space Enter">
            {tr("show")}
          </Button>
          <span className="key-hint text-xs text-zinc-600 dark:text-zinc-400">{tr("showHint")}</span>
        </div>
      )}
    </article>
  );
}
