"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { getCurrentUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { updateLocale } from "@/lib/server/users";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S, isLocale } from "./i18n/locale";

/** Switches the interface language; the choice persists in a cookie and on the learner. */
export async function setLocaleAction(locale: unknown): Promise<{ ok: boolean }> {
  if (!isLocale(locale)) return { ok: false };
  // Signed out (sign-in page), the choice lives in the cookie alone.
  const user = await getCurrentUser();
  (await cookies()).set(LOCALE_COOKIE, locale, {
    maxAge: LOCALE_COOKIE_MAX_AGE_S,
    sameSite: "lax",
    httpOnly: true,
    path: "/",
  });
  if (user) await updateLocale(getDb(), user.id, locale);
  revalidatePath("/", "layout");
  return { ok: true };
}
