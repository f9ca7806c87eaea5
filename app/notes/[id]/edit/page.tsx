import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AnkiNoteView } from "@/app/components/anki/anki-note-view";
import { NoteEditor } from "@/app/components/notes/note-editor";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchDeckNames, fetchNote } from "@/lib/server/notes";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notes"))("editTitle") };
}

export default async function EditNotePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const db = getDb();
  const [t, note, deckNames] = await Promise.all([
    getTranslations("notes"),
    fetchNote(db, user.id, id),
    fetchDeckNames(db, user.id),
  ]);
  // Another learner's note, or one in the trash, is no page at all.
  if (!note) notFound();
  if (note.type === "anki") {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">{t("editTitle")}</h1>
        <AnkiNoteView note={note} />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("editTitle")}</h1>
      <NoteEditor
        noteId={note.id}
        initial={{ type: note.type, deck: note.deckName, tags: note.tags, fields: note.fields }}
        deckNames={deckNames}
      />
    </div>
  );
}
