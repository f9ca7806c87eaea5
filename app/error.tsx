"use client";

import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("errors");
  return (
    <div role="alert" className="flex flex-col items-start gap-3">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <button type="button" className="rounded-md border px-3 py-2" onClick={reset}>
        {t("retry")}
      </button>
    </div>
  );
}
