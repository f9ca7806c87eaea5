import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AnkiImportForm } from "@/app/components/anki/import-form";
import { requireUser } from "@/lib/server/auth";
import { MAX_ANKI_UPLOAD_BYTES } from "@/lib/server/anki-import";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("ankiImport"))("title") };
}

/** Import an Anki package: upload, a progress bar, and what was imported. */
export default async function ImportPage() {
  await requireUser();
  const t = await getTranslations("ankiImport");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
      <ul className="list-disc pl-5 text-sm text-zinc-600 dark:text-zinc-400">
        <li>{t("keeps")}</li>
        <li>{t("again")}</li>
        <li>{t("limits", { megabytes: Math.round(MAX_ANKI_UPLOAD_BYTES / (1024 * 1024)) })}</li>
      </ul>
      <AnkiImportForm />
    </div>
  );
}
