"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocaleAction } from "../locale-actions";

export function LanguageSwitcher() {
  const locale = useLocale();
  const t = useTranslations("nav");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const other = locale === "zh" ? "en" : "zh";
  return (
    <button
      type="button"
      lang={other === "zh" ? "zh-CN" : "en"}
      disabled={pending}
      className="whitespace-nowrap rounded-md border border-zinc-300 px-2 py-1 hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      onClick={() =>
        startTransition(async () => {
          await setLocaleAction(other);
          router.refresh();
        })
      }
    >
      {t("switchTo")}
    </button>
  );
}
