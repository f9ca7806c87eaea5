"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ClipboardEvent, type KeyboardEvent, useEffect, useRef, useState, useTransition } from "react";
import { previewNoteAction, saveNoteAction, trashNoteAction, uploadImageAction } from "@/app/notes/actions";
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from "@/lib/media/image-check";
import { wrapCloze } from "@/lib/notes/cloze-wrap";
import type { NoteCheck } from "@/lib/notes/note";
import {
  FIELDS_OF,
  type NoteDraft,
  type NoteFieldName,
  type NoteProblem,
  type NoteProblemField,
  OWN_NOTE_TYPES,
  type OwnNoteType,
  canChangeType,
} from "@/lib/notes/note-types";
import { Button } from "../ui/button";

/** Typing pauses this long before the preview is asked for. */
const PREVIEW_DELAY_MS = 300;
const input =
  "w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base dark:border-zinc-700 dark:bg-zinc-900 aria-[invalid=true]:border-red-600";

export interface NoteEditorProps {
  /** null: a new note. */
  noteId: string | null;
  initial: NoteDraft;
  deckNames: string[];
}

/**
 * The note editor: fields by type, a live preview of every card by the
 * review's renderer (on the server, the same check the save runs), Anki's
 * Ctrl+Shift+C cloze helper, and a message under each field the save
 * refused. What was typed stays in the form whatever the answer.
 */
export function NoteEditor({ noteId, initial, deckNames }: NoteEditorProps) {
  const t = useTranslations("notes");
  const router = useRouter();
  const [draft, setDraft] = useState<NoteDraft>(initial);
  const [problems, setProblems] = useState<NoteProblem[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [preview, setPreview] = useState<NoteCheck | null>(null);
  const [pending, startTransition] = useTransition();
  const refs = useRef<Partial<Record<NoteFieldName, HTMLTextAreaElement | null>>>({});

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      previewNoteAction(draft)
        .then((check) => {
          if (!cancelled) setPreview(check);
        })
        .catch(() => {
          /* The preview is a convenience: a failed request leaves the last one shown. */
        });
    }, PREVIEW_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [draft]);

  const setField = (name: NoteFieldName, value: string) =>
    setDraft((d) => ({ ...d, fields: { ...d.fields, [name]: value } }));

  function wrap(name: NoteFieldName, sameNumber: boolean) {
    const el = refs.current[name];
    if (!el) return;
    const wrapped = wrapCloze(el.value, el.selectionStart, el.selectionEnd, sameNumber);
    setField(name, wrapped.text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(wrapped.selectionStart, wrapped.selectionEnd);
    });
  }

  function onFieldKey(name: NoteFieldName, event: KeyboardEvent<HTMLTextAreaElement>) {
    if (draft.type !== "cloze") return;
    if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === "c") {
      event.preventDefault();
      wrap(name, event.altKey);
    }
  }

  // The field an image goes into: the one last typed in (or the first).
  const lastField = useRef<NoteFieldName | null>(null);

  async function insertImage(file: File) {
    const name = lastField.current ?? FIELDS_OF[draft.type][0]?.name ?? "front";
    if (file.size > MAX_IMAGE_BYTES) {
      setStatus(t("imageProblems.too-large", { max: Math.round(MAX_IMAGE_BYTES / 1024) }));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    const result = await uploadImageAction({ contentType: file.type, base64: btoa(binary) });
    if (!result.ok) {
      const p = result.problem;
      setStatus(
        t(`imageProblems.${p.code}`, {
          max: Math.round(MAX_IMAGE_BYTES / 1024),
          claimed: "claimed" in p ? p.claimed || "?" : "",
        }),
      );
      return;
    }
    const el = refs.current[name];
    const value = draft.fields[name] ?? "";
    const at = el ? el.selectionEnd : value.length;
    const markdown = `![${file.name.replace(/[[\]]/g, "")}](${result.src})`;
    setField(name, `${value.slice(0, at)}${markdown}${value.slice(at)}`);
    setStatus(t("imageAdded"));
  }

  function onFieldPaste(name: NoteFieldName, event: ClipboardEvent<HTMLTextAreaElement>) {
    const file = [...event.clipboardData.files].find((f) => f.type.startsWith("image/"));
    if (!file) return;
    event.preventDefault();
    lastField.current = name;
    void insertImage(file);
  }

  const labelOf = (field: NoteProblemField) => t(`fields.${field}`);
  const problemText = (p: NoteProblem) => t(`problems.${p.code}`, { field: labelOf(p.field), detail: p.detail ?? "" });
  const problemsOf = (field: NoteProblemField) => problems.filter((p) => p.field === field);

  function save() {
    startTransition(async () => {
      try {
        const result = await saveNoteAction({ noteId, draft });
        if (result.ok) {
          setProblems([]);
          if (result.created) {
            // Anki's Add: the deck, type and tags stay for the next note; the fields empty.
            setDraft((d) => ({ ...d, fields: {} }));
            setStatus(t("added"));
            refs.current[FIELDS_OF[draft.type][0]?.name ?? "front"]?.focus();
          } else {
            setStatus(t("saved"));
            router.refresh();
          }
        } else {
          setProblems(result.problems);
          setStatus(result.detail ?? t("fixFields"));
          const first = result.problems[0]?.field;
          if (first) document.getElementById(`note-${first}`)?.focus();
        }
      } catch {
        setStatus(t("fixFields"));
      }
    });
  }

  function remove() {
    if (noteId === null) return;
    startTransition(async () => {
      const r = await trashNoteAction({ noteId });
      if (r.ok) router.push("/browse");
    });
  }

  const describedBy = (field: NoteProblemField, hint: string | null) =>
    [hint, problemsOf(field).length > 0 ? `note-${field}-problems` : null].filter(Boolean).join(" ") || undefined;

  const problemList = (field: NoteProblemField) =>
    problemsOf(field).length > 0 ? (
      <ul id={`note-${field}-problems`} className="text-sm text-red-700 dark:text-red-400">
        {problemsOf(field).map((p, i) => (
          <li key={i}>{problemText(p)}</li>
        ))}
      </ul>
    ) : null;

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
        data-note-editor
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="note-type" className="text-sm font-medium">
            {t("type")}
          </label>
          <select
            id="note-type"
            className={input}
            value={draft.type}
            aria-invalid={problemsOf("type").length > 0 || undefined}
            aria-describedby={describedBy("type", null)}
            onChange={(e) => {
              const type = OWN_NOTE_TYPES.find((x) => x === e.target.value);
              if (type) setDraft((d) => ({ ...d, type }));
            }}
          >
            {OWN_NOTE_TYPES.map((type: OwnNoteType) => (
              <option key={type} value={type} disabled={noteId !== null && !canChangeType(initial.type, type)}>
                {t(`types.${type}`)}
              </option>
            ))}
          </select>
          {problemList("type")}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="note-deck" className="text-sm font-medium">
            {t("fields.deck")}
          </label>
          <input
            id="note-deck"
            className={input}
            value={draft.deck}
            list="note-deck-names"
            maxLength={1000}
            aria-invalid={problemsOf("deck").length > 0 || undefined}
            aria-describedby={describedBy("deck", "note-deck-hint")}
            onChange={(e) => setDraft((d) => ({ ...d, deck: e.target.value }))}
          />
          <datalist id="note-deck-names">
            {deckNames.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <span id="note-deck-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("deckHint")}
          </span>
          {problemList("deck")}
        </div>
        {FIELDS_OF[draft.type].map(({ name, required }) => (
          <div key={name} className="flex flex-col gap-1">
            <label htmlFor={`note-${name}`} className="text-sm font-medium">
              {t(`fields.${name}`)}
              {required ? " *" : ""}
            </label>
            <textarea
              id={`note-${name}`}
              ref={(el) => {
                refs.current[name] = el;
              }}
              className={`${input} min-h-28 font-mono text-sm`}
              value={draft.fields[name] ?? ""}
              required={required}
              aria-invalid={problemsOf(name).length > 0 || undefined}
              aria-describedby={describedBy(name, `note-${name}-hint`)}
              aria-keyshortcuts={draft.type === "cloze" ? "Control+Shift+C" : undefined}
              onChange={(e) => setField(name, e.target.value)}
              onKeyDown={(e) => onFieldKey(name, e)}
              onFocus={() => {
                lastField.current = name;
              }}
              onPaste={(e) => onFieldPaste(name, e)}
            />
            <div className="flex flex-wrap items-center gap-2">
              <span id={`note-${name}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
                {draft.type === "cloze" && name === "text" ? `${t("clozeHint")} ${t("fieldHint")}` : t("fieldHint")}
              </span>
              {draft.type === "cloze" && name === "text" ? (
                <Button onClick={() => wrap(name, false)} aria-keyshortcuts="Control+Shift+C" className="text-xs">
                  {t("wrap")} <kbd className="key-hint">{t("wrapHint")}</kbd>
                </Button>
              ) : null}
            </div>
            {problemList(name)}
          </div>
        ))}
        <div className="flex flex-col gap-1">
          <label htmlFor="note-tags" className="text-sm font-medium">
            {t("fields.tags")}
          </label>
          <input
            id="note-tags"
            className={input}
            value={draft.tags}
            maxLength={5000}
            aria-invalid={problemsOf("tags").length > 0 || undefined}
            aria-describedby={describedBy("tags", "note-tags-hint")}
            onChange={(e) => setDraft((d) => ({ ...d, tags: e.target.value }))}
          />
          <span id="note-tags-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("tagsHint")}
          </span>
          {problemList("tags")}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="note-image" className="text-sm font-medium">
            {t("image")}
          </label>
          <input
            id="note-image"
            type="file"
            accept={IMAGE_TYPES.join(",")}
            aria-describedby="note-image-hint"
            className="text-sm"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (file) void insertImage(file);
            }}
          />
          <span id="note-image-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("imageHint", { max: Math.round(MAX_IMAGE_BYTES / 1024) })}
          </span>
        </div>
        <p role="status" aria-live="polite" className="min-h-5 text-sm">
          {status}
        </p>
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            disabled={pending}
            className="min-h-11 rounded-lg bg-accent px-4 text-sm font-medium text-white hover:bg-accent-strong disabled:opacity-50"
          >
            {pending ? t("saving") : noteId === null ? t("save") : t("saveEdit")}
          </button>
          {noteId !== null ? (
            <Button onClick={remove} disabled={pending}>
              {t("delete")}
            </Button>
          ) : null}
          <Link href="/browse" className="inline-flex min-h-11 items-center px-2 text-sm underline">
            {t("back")}
          </Link>
        </div>
      </form>
      <section aria-labelledby="note-preview-title" className="flex flex-col gap-3">
        <h2 id="note-preview-title" className="text-lg font-semibold">
          {t("preview")}
        </h2>
        {preview && preview.note.cards.length > 0 ? (
          preview.note.cards.map((card) => (
            <article
              key={card.ord}
              className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800"
              data-preview-card={card.ord}
            >
              <h3 className="text-xs uppercase tracking-wide text-zinc-500">{t("previewCard", { ord: card.ord })}</h3>
              <div
                className="prose-card"
                aria-label={t("previewFront")}
                dangerouslySetInnerHTML={{ __html: card.frontHtml }}
              />
              <hr className="my-2 border-zinc-200 dark:border-zinc-800" />
              <div
                className="prose-card"
                aria-label={t("previewBack")}
                dangerouslySetInnerHTML={{ __html: card.backHtml }}
              />
            </article>
          ))
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("previewNone")}</p>
        )}
        {preview?.warnings.map((w, i) => (
          <p key={i} className="text-sm text-amber-700 dark:text-amber-400">
            {t(`warnings.${w.code}`, { detail: w.detail })}
          </p>
        ))}
      </section>
    </div>
  );
}
