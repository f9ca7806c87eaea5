import { redirect } from "next/navigation";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchNoteIdOfItem } from "@/lib/server/notes";

export const dynamic = "force-dynamic";

/** Where `e` in the review goes: an own card's note editor, or the personal note of a built-in item. */
export default async function EditItemPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const itemId = typeof params.item === "string" ? params.item : "";
  const noteId = itemId === "" ? null : await fetchNoteIdOfItem(getDb(), user.id, itemId);
  redirect(noteId ? `/notes/${noteId}/edit` : `/notes/personal?${new URLSearchParams({ item: itemId }).toString()}`);
}
