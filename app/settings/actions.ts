"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { deleteAccount, settingsSchema, updateSettings } from "@/lib/server/account";
import { requireUser } from "@/lib/server/auth";
import { getAuth } from "@/lib/server/auth-config";
import { getDb } from "@/lib/server/db";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S } from "../i18n/locale";

export interface SettingsState {
  ok: boolean | null;
  fieldErrors: Record<string, string>;
}

export async function saveSettingsAction(_prev: SettingsState, form: FormData): Promise<SettingsState> {
  const user = await requireUser();
  // Only the settings fields: the form also carries React's own hidden fields.
  const input = Object.fromEntries(settingsSchema.keyof().options.map((key) => [key, form.get(key) ?? undefined]));
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, fieldErrors };
  }
  await updateSettings(getDb(), user.id, parsed.data);
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, {
    maxAge: LOCALE_COOKIE_MAX_AGE_S,
    sameSite: "lax",
    httpOnly: true,
    path: "/",
  });
  revalidatePath("/", "layout");
  return { ok: true, fieldErrors: {} };
}

export interface DeleteState {
  error: "mismatch" | null;
}

export async function deleteAccountAction(_prev: DeleteState, form: FormData): Promise<DeleteState> {
  const user = await requireUser();
  const confirm = String(form.get("confirmEmail") ?? "")
    .trim()
    .toLowerCase();
  if (confirm !== user.email.toLowerCase()) return { error: "mismatch" };
  await getAuth().api.signOut({ headers: await headers() });
  await deleteAccount(getDb(), user.id);
  redirect("/sign-up");
}

export async function signOutAction(): Promise<void> {
  await requireUser();
  await getAuth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
