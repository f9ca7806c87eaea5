import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { fetchSettings } from "@/lib/server/account";
import { listTimeZones } from "@/lib/srs/day";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/server/auth-config";
import { ChangePasswordForm, DeleteAccountForm, SettingsForm } from "../components/auth/settings-forms";
import { toLocale } from "@/app/i18n/locale";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const [t, tr, settings, locale] = await Promise.all([
    getTranslations("settings"),
    getTranslations("restore"),
    fetchSettings(getDb(), user.id),
    getLocale(),
  ]);
  return (
    <div className="flex flex-col gap-8">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {/* The language shown is the one in use, which the switcher may have changed. */}
      <SettingsForm initial={{ ...settings, locale: toLocale(locale) }} zones={listTimeZones()} />
      <ChangePasswordForm
        minLength={MIN_PASSWORD_LENGTH}
        maxLength={MAX_PASSWORD_LENGTH}
        changed={(await searchParams).passwordChanged === "1"}
      />
      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">{t("dataTitle")}</h2>
        <a href="/account/export" className="underline" download>
          {t("export")}
        </a>
        <Link href="/account/restore" className="underline">
          {tr("link")}
        </Link>
      </section>
      <DeleteAccountForm />
    </div>
  );
}
