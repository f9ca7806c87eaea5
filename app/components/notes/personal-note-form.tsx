"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { savePersonalNoteAction } from "@/app/notes/actions";

export function PersonalNoteForm({ itemId, initial }: { itemId: string; initial: string }) {
  const t = useTranslations("notes");
  const [text, setText] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const r = await savePersonalNoteAction({ itemId, text });
          setInvalid(!r.ok);
          if (r.ok) setMessage(t("personalSaved"));
          else if (r.code === "too-long") setMessage(t("personalTooLong", { detail: r.detail }));
          else if (r.code === "math") setMessage(t("personalMath", { detail: r.detail }));
          else setMessage(t("fixFields"));
        });
      }}
    >
      <label htmlFor="personal-note" className="text-sm font-medium">
        {t("personalTitle")}
      </label>
      <textarea
        id="personal-note"
        className="min-h-32 w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby="personal-note-hint"
        onChange={(e) => setText(e.target.value)}
      />
      <span id="personal-note-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
        {t("personalHint")}
      </span>
      <p role="status" aria-live="polite" className="min-h-5 text-sm">
        {message}
      </p>
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={pending}
          className="min-h-11 rounded-lg bg-accent px-4 text-sm font-medium text-white hover:bg-accent-strong disabled:opacity-50"
        >
          {t("personalSave")}
        </button>
        <Link href="/" className="inline-flex min-h-11 items-center px-2 text-sm underline">
          {t("personalBack")}
        </Link>
      </div>
    </form>
  );
}
