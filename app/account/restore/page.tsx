import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { MAX_RESTORE_BYTES } from "@/lib/server/account-restore";
import { requireUser } from "@/lib/server/auth";
import { RestoreForm } from "../../components/account/restore-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("restore"))("title") };
}

export default async function RestorePage() {
  await requireUser();
  const t = await getTranslations("restore");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-xl text-sm">{t("intro")}</p>
      <p className="max-w-xl text-sm">{t("freshOnly")}</p>
      <RestoreForm maxBytes={MAX_RESTORE_BYTES} />
    </div>
  );
}
