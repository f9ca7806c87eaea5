import { DEFAULT_LOCALE, type Locale, isLocale, toLocale } from "@/lib/locale";

export { DEFAULT_LOCALE, type Locale, isLocale, toLocale };

export const LOCALE_COOKIE = "locale";
/** One year: the choice persists across visits. */
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 60 * 60;

/** Cookie first, then the browser's Accept-Language, then Chinese. */
export function resolveLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (isLocale(cookie)) return cookie;
  const preferred = (acceptLanguage ?? "")
    .split(",")
    .map((part) => part.trim().split(";")[0]?.toLowerCase() ?? "")
    .find((tag) => tag.startsWith("zh") || tag.startsWith("en"));
  if (preferred?.startsWith("en")) return "en";
  return DEFAULT_LOCALE;
}
