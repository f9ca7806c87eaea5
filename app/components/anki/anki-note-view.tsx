import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { StoredAnkiNote } from "@/lib/server/notes";

/**
 * A note imported with its own Anki note type, shown as it is: its fields
 * (HTML the import sanitized) and where its cards are. It changes by editing
 * it in Anki and importing again.
 */
export async function AnkiNoteView({ note }: { note: StoredAnkiNote }) {
  const t = await getTranslations("ankiImport.note");
  return (
    <section className="flex flex-col gap-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("about", { name: note.noteTypeName })}</p>
      <dl className="flex flex-col gap-2">
        <dt className="text-sm font-medium">{t("deck")}</dt>
        <dd>{note.deckName}</dd>
        {note.tags !== "" && (
          <>
            <dt className="text-sm font-medium">{t("tags")}</dt>
            <dd>{note.tags}</dd>
          </>
        )}
        {note.fields.map((f) => (
          <div key={f.name} className="flex flex-col gap-1">
            <dt className="text-sm font-medium">{f.name}</dt>
            {/* Sanitized on import (lib/anki/field-html.ts): no script, handler or remote load survives. */}
            <dd
              className="prose-card rounded border border-zinc-200 p-2 dark:border-zinc-800"
              dangerouslySetInnerHTML={{ __html: f.html }}
            />
          </div>
        ))}
      </dl>
      <p className="flex flex-wrap gap-3 text-sm">
        {note.cards.map((c) => (
          <Link key={c.itemId} className="underline" href={`/items/${encodeURIComponent(c.itemId)}`}>
            {t("card", { ord: c.ord })}
          </Link>
        ))}
      </p>
    </section>
  );
}
