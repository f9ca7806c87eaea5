import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, resolveLocale } from "./locale";

export default getRequestConfig(async () => {
  const locale = resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  const loaded = (await import(`./messages/${locale}/index.ts`)) as { default: Record<string, unknown> };
  const messages = loaded.default;
  return { locale, messages };
});
