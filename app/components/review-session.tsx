"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useOptimistic, useRef, useState, useTransition } from "react";
import type { CurrentItem, ReviewSessionView } from "@/lib/server/reviews";
import { type ActionResult, changeItemAction, gradeAction, raiseNewLimitAction, undoAction } from "../review/actions";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ReviewItem } from "./review-items/review-item";
import { isTyping } from "./review-items/shared";
import { Button } from "./ui/button";
import { ProgressBar } from "./ui/progress-bar";
import { useHydrated } from "./ui/use-client-value";
import { toLocale } from "@/app/i18n/locale";

/** New items one click on the done screen adds to today's limit. */
const EXTRA_NEW_STEP = 10;
const linkButton =
  "inline-flex min-h-11 items-center rounded-lg border border-zinc-300 px-4 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

type GradeInput = {
  reviewId: string;
  itemId: string;
  quality: number;
  expectedVersion: number;
  durationMs: number;
  detail?: unknown;
};

function newReviewId(): string {
  return crypto.randomUUID();
}

type ItemChange = "suspend" | "unsuspend" | "bury" | "unbury" | "flag" | "unflag";
const REVERSE: Record<ItemChange, ItemChange> = {
  suspend: "unsuspend",
  unsuspend: "suspend",
  bury: "unbury",
  unbury: "bury",
  flag: "unflag",
  unflag: "flag",
};

/** `deck`: the deck the review is limited to (with its children), or null for all decks. */
export function ReviewSession({ initial, deck = null }: { initial: ReviewSessionView; deck?: string | null }) {
  const t = useTranslations("review");
  const tk = useTranslations("reviewKeys");
  const router = useRouter();
  const te = useTranslations("errors");
  const locale = toLocale(useLocale());
  const [session, setSession] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  // Set once the keyboard handlers are attached (after hydration).
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const shownAt = useRef(0);
  // One id per showing of an item: a retried submission reuses it, so the
  // server records the review once.
  const reviewId = useRef(newReviewId());
  // The review this tab would undo: the one it graded last, else the latest the server knows of.
  const lastGraded = useRef<string | null>(initial.undoable);
  // The item on screen: the session's head, or, from the moment a grade is sent until the server
  // answers, the item the session said follows it (the answer then confirms or corrects it).
  const [current, showNext] = useOptimistic<CurrentItem | null, CurrentItem | null>(session.current, (_, next) => next);

  useEffect(() => {
    shownAt.current = Date.now();
    reviewId.current = newReviewId();
  }, [current?.itemId, current?.version]);

  const apply = useCallback(
    (result: ActionResult, success: string | null, graded: string | null = null) => {
      if (result.ok) {
        setSession(result.session);
        lastGraded.current = graded ?? result.session.undoable;
        setMessage(success);
      } else {
        if (result.session) {
          setSession(result.session);
          lastGraded.current = result.session.undoable;
        }
        setMessage(te(result.code, { detail: result.detail }));
      }
    },
    [te],
  );

  const send = useCallback(
    (input: GradeInput, upNext: CurrentItem | null) => {
      startTransition(async () => {
        if (upNext) showNext(upNext);
        lastChange.current = null;
        try {
          apply(await gradeAction(input, deck), null, input.reviewId);
        } catch {
          setMessage(te("network"));
        }
      });
    },
    [apply, te, showNext, deck],
  );

  // A grade given while the previous one is still being saved (the next card is already on screen)
  // is kept and sent as soon as the server has answered, never dropped.
  const queued = useRef<{ kind: "grade"; input: GradeInput } | { kind: "undo" } | null>(null);

  const grade = useCallback(
    (quality: number, detail?: unknown) => {
      if (!current) return;
      const input: GradeInput = {
        reviewId: reviewId.current,
        itemId: current.itemId,
        quality,
        expectedVersion: current.version,
        durationMs: Date.now() - shownAt.current,
        ...(detail === undefined ? {} : { detail }),
      };
      if (pending) {
        queued.current = { kind: "grade", input };
        return;
      }
      send(input, session.upNext);
    },
    [current, pending, send, session.upNext],
  );

  const undoNow = useCallback(() => {
    const target = lastGraded.current;
    if (target === null) {
      setMessage(te("nothing-to-undo"));
      return;
    }
    startTransition(async () => {
      try {
        apply(await undoAction({ reviewId: target }, deck), t("undone"));
      } catch {
        setMessage(te("network"));
      }
    });
  }, [apply, t, te, deck]);

  // u while a grade is being saved undoes that grade once it is saved.
  // The tab's latest suspend, bury or flag of the item on screen: u reverts it before any grade.
  const lastChange = useRef<{ itemId: string; change: ItemChange } | null>(null);

  const changeItem = useCallback(
    (itemId: string, change: ItemChange, revert: boolean) => {
      startTransition(async () => {
        try {
          const result = await changeItemAction({ itemId, change }, deck);
          apply(result, tk(revert ? "reverted" : `done.${change}`));
          lastChange.current = result.ok && !revert ? { itemId, change } : null;
        } catch {
          setMessage(te("network"));
        }
      });
    },
    [apply, deck, te, tk],
  );

  const undo = useCallback(() => {
    const change = lastChange.current;
    if (change && !pending) changeItem(change.itemId, REVERSE[change.change], true);
    else if (pending) queued.current = { kind: "undo" };
    else undoNow();
  }, [pending, undoNow, changeItem]);

  useEffect(() => {
    const next = queued.current;
    if (pending || next === null) return;
    queued.current = null;
    if (next.kind === "undo") {
      undoNow();
      return;
    }
    // Only if the server confirmed the card it was given on: otherwise it was a guess that did not hold.
    const { input } = next;
    if (session.current?.itemId === input.itemId && session.current.version === input.expectedVersion) {
      send(input, session.upNext);
    }
  }, [pending, send, session, undoNow]);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (event.key === "u" || event.key === "U") {
        event.preventDefault();
        undo();
        return;
      }
      if (!current || pending) return;
      // Anki's keys: e edits the note, @ suspends, - buries until tomorrow, * flags.
      if (event.key === "e") {
        event.preventDefault();
        router.push(`/notes/edit-item?${new URLSearchParams({ item: current.itemId }).toString()}`);
      } else if (event.key === "@") {
        event.preventDefault();
        changeItem(current.itemId, "suspend", false);
      } else if (event.key === "-") {
        event.preventDefault();
        changeItem(current.itemId, "bury", false);
      } else if (event.key === "*") {
        event.preventDefault();
        changeItem(current.itemId, current.flag > 0 ? "unflag" : "flag", false);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, current, pending, router, changeItem]);

  // In the learner's zone, not the browser's: the page names it.
  const formatWhen = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(locale === "zh" ? "zh-CN" : "en", {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: session.timeZone,
    });
    return (iso: string) => fmt.format(new Date(iso));
  }, [locale, session.timeZone]);

  const raiseNewLimit = useCallback(
    (extra: number) => {
      if (pending) return;
      startTransition(async () => {
        try {
          apply(await raiseNewLimitAction({ extra }, deck), null);
        } catch {
          setMessage(te("network"));
        }
      });
    },
    [pending, apply, te, deck],
  );

  const done = session.doneToday;
  const total = done + session.remaining.total;

  return (
    <div
      className="flex flex-col gap-4"
      data-review-ready={hydrated ? "true" : undefined}
      data-saving={pending ? "true" : undefined}
    >
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
        <>
          {current.flag > 0 ? (
            <p className="text-sm font-medium text-amber-700 dark:text-amber-400" data-flagged>
              {tk("flagged")}
            </p>
          ) : null}
          <ReviewItem
            key={`${current.itemId}:${current.version}`}
            current={current}
            locale={locale}
            pending={pending}
            onGrade={grade}
          />
          {current.personalNoteHtml ? (
            <section
              aria-label={tk("personalNote")}
              className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
            >
              <h2 className="text-xs uppercase tracking-wide text-zinc-500">{tk("personalNote")}</h2>
              <div className="prose-card" dangerouslySetInnerHTML={{ __html: current.personalNoteHtml }} />
            </section>
          ) : null}
          <p className="key-hint text-xs text-zinc-600 dark:text-zinc-400" data-review-key-hints>
            {tk(current.own ? "hintsOwn" : "hintsBuiltIn")}
          </p>
        </>
      ) : (
        <section
          className="rounded-xl border border-zinc-200 p-6 text-center dark:border-zinc-800"
          aria-labelledby="done-title"
        >
          <h2 id="done-title" className="text-xl font-semibold">
            {t("doneTitle")}
          </h2>
          <p className="mt-2">{t("doneBody", { count: done })}</p>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">
            {session.nextWorkAt
              ? t("nextDue", { when: formatWhen(session.nextWorkAt), zone: session.timeZone })
              : t("nothingScheduled")}
          </p>
          <nav aria-label={t("nextThings")} className="mt-4 flex flex-col items-center gap-2">
            <h3 className="text-sm font-medium">{t("nextThings")}</h3>
            <div className="flex flex-wrap justify-center gap-2">
              <Button onClick={() => raiseNewLimit(EXTRA_NEW_STEP)} disabled={pending}>
                {t("moreNew", { count: EXTRA_NEW_STEP })}
              </Button>
              <Link className={linkButton} href="/exercises">
                {t("goExercises")}
              </Link>
              <Link className={linkButton} href="/code">
                {t("goCode")}
              </Link>
              <Link className={linkButton} href="/progress">
                {t("goProgress")}
              </Link>
            </div>
          </nav>
        </section>
      )}

      <div className="flex justify-end">
        <Button variant="ghost" onClick={undo} disabled={pending || session.undoable === null} aria-keyshortcuts="u">
          {pending ? t("saving") : t("undo")}
        </Button>
      </div>
    </div>
  );
}
