import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("errors");
  return (
    <div className="flex flex-col items-start gap-3">
      <h1 className="text-xl font-semibold">{t("notFound")}</h1>
      <Link href="/" className="underline">
        {t("home")}
      </Link>
    </div>
  );
}
