"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import {
  type DeckActionState,
  createDeckAction,
  deleteDeckAction,
  renameDeckAction,
  saveDeckLimitsAction,
} from "@/app/decks/actions";
import { Button } from "../ui/button";

const input =
  "min-h-11 rounded-lg border border-zinc-300 bg-white px-3 text-sm dark:border-zinc-700 dark:bg-zinc-900 aria-[invalid=true]:border-red-600";

function useDeckAction() {
  const t = useTranslations("decks");
  const router = useRouter();
  const [state, setState] = useState<DeckActionState>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: () => Promise<DeckActionState>) =>
    startTransition(async () => {
      const r = await action();
      setState(r);
      if (r?.ok) router.refresh();
    });
  const message =
    state === null
      ? null
      : state.ok
        ? t("saved")
        : state.problem === "invalid"
          ? t("problems.empty")
          : t(`problems.${state.problem}`, {
              count: "count" in state ? (state.count ?? 0) : 0,
              max: "max" in state ? (state.max ?? 0) : 0,
            });
  return { state, pending, run, message };
}

export function CreateDeckForm() {
  const t = useTranslations("decks");
  const [name, setName] = useState("");
  const { state, pending, run, message } = useDeckAction();
  return (
    <form
      className="flex flex-col gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        run(async () => {
          const r = await createDeckAction({ name });
          if (r?.ok) setName("");
          return r;
        });
      }}
    >
      <label htmlFor="deck-name" className="text-sm font-medium">
        {t("name")}
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="deck-name"
          className={input}
          value={name}
          maxLength={1000}
          aria-invalid={state?.ok === false || undefined}
          aria-describedby="deck-name-hint deck-name-status"
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="submit"
          disabled={pending}
          className="min-h-11 rounded-lg bg-accent px-4 text-sm font-medium text-white hover:bg-accent-strong disabled:opacity-50"
        >
          {t("create")}
        </button>
      </div>
      <span id="deck-name-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
        {t("nameHint")}
      </span>
      <span id="deck-name-status" role="status" className="min-h-5 text-sm">
        {message}
      </span>
    </form>
  );
}

export function DeckLimitsForm({
  deckKey,
  newPerDay,
  maxReviewsPerDay,
}: {
  deckKey: string;
  newPerDay: number | null;
  maxReviewsPerDay: number | null;
}) {
  const t = useTranslations("decks");
  const [fresh, setFresh] = useState(newPerDay === null ? "" : String(newPerDay));
  const [reviews, setReviews] = useState(maxReviewsPerDay === null ? "" : String(maxReviewsPerDay));
  const { pending, run, message } = useDeckAction();
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      aria-label={t("limits")}
      onSubmit={(e) => {
        e.preventDefault();
        run(() => saveDeckLimitsAction({ key: deckKey, newPerDay: fresh, maxReviewsPerDay: reviews }));
      }}
    >
      <label className="flex flex-col gap-1 text-xs">
        <span>{t("newPerDay")}</span>
        <input
          className={`${input} w-24`}
          inputMode="numeric"
          value={fresh}
          onChange={(e) => setFresh(e.target.value)}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs">
        <span>{t("reviewsPerDay")}</span>
        <input
          className={`${input} w-24`}
          inputMode="numeric"
          value={reviews}
          onChange={(e) => setReviews(e.target.value)}
        />
      </label>
      <Button type="submit" disabled={pending}>
        {t("saveLimits")}
      </Button>
      <span role="status" className="text-xs">
        {message}
      </span>
    </form>
  );
}

export function DeckManageForm({ deckKey, name }: { deckKey: string; name: string }) {
  const t = useTranslations("decks");
  const [value, setValue] = useState(name);
  const { pending, run, message } = useDeckAction();
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="flex flex-col gap-1 text-xs">
        <span>{t("newName")}</span>
        <input className={input} value={value} maxLength={1000} onChange={(e) => setValue(e.target.value)} />
      </label>
      <Button disabled={pending} onClick={() => run(() => renameDeckAction({ key: deckKey, name: value }))}>
        {t("rename")}
      </Button>
      <Button disabled={pending} onClick={() => run(() => deleteDeckAction({ key: deckKey }))}>
        {t("delete")}
      </Button>
      <span role="status" className="text-xs">
        {message}
      </span>
    </div>
  );
}
