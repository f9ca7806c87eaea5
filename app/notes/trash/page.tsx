import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RestoreButton } from "@/app/components/notes/restore-button";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchTrash } from "@/lib/server/notes";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notes"))("trashTitle") };
}

export default async function TrashPage() {
  const user = await requireUser();
  const [t, trash] = await Promise.all([getTranslations("notes"), fetchTrash(getDb(), user.id, new Date())]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("trashTitle")}</h1>
      {trash.length === 0 ? (
        <p>{t("trashEmpty")}</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {trash.map((n) => (
            <li
              key={n.id}
              className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
            >
              <div className="flex flex-col">
                <span className="font-mono text-sm">{n.preview}</span>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {t("trashPurge", { deleted: n.deletedAt.slice(0, 10), purge: n.purgeAt.slice(0, 10) })}
                </span>
              </div>
              <RestoreButton noteId={n.id} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
