"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { isAPIError } from "better-auth/api";
import { type SettingsResult, deleteAccount, saveSettingsForm } from "@/lib/server/account";
import { formFields } from "@/lib/server/action-input";
import { requireUser } from "@/lib/server/auth";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, getAuth } from "@/lib/server/auth-config";
import { getDb } from "@/lib/server/db";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_S } from "../i18n/locale";

export type SettingsState = SettingsResult;

export async function saveSettingsAction(_prev: SettingsState, form: unknown): Promise<SettingsState> {
  const user = await requireUser();
  const result = await saveSettingsForm(getDb(), user.id, form);
  if (result.saved) {
    (await cookies()).set(LOCALE_COOKIE, result.saved.locale, {
      maxAge: LOCALE_COOKIE_MAX_AGE_S,
      sameSite: "lax",
      httpOnly: true,
      path: "/",
    });
    revalidatePath("/", "layout");
  }
  return result;
}

export interface PasswordState {
  ok: boolean | null;
  error: "wrong-password" | "too-short" | "too-long" | "rate-limited" | "invalid" | null;
}

/** Changes the password; every other session of the account is signed out (this one stays). */
export async function changePasswordAction(_prev: PasswordState, form: unknown): Promise<PasswordState> {
  await requireUser();
  const fields = formFields(form, ["currentPassword", "newPassword"] as const);
  if (fields === null || !fields.currentPassword || !fields.newPassword) return { ok: false, error: "invalid" };
  if (fields.newPassword.length < MIN_PASSWORD_LENGTH) return { ok: false, error: "too-short" };
  if (fields.newPassword.length > MAX_PASSWORD_LENGTH) return { ok: false, error: "too-long" };
  try {
    await getAuth().api.changePassword({
      body: { currentPassword: fields.currentPassword, newPassword: fields.newPassword, revokeOtherSessions: true },
      headers: await headers(),
    });
  } catch (error) {
    if (isAPIError(error)) {
      if (error.statusCode === 429) return { ok: false, error: "rate-limited" };
      return { ok: false, error: error.body?.code === "INVALID_PASSWORD" ? "wrong-password" : "invalid" };
    }
    throw error;
  }
  // The old session was replaced by a new one (cookie set above): render the page again under it.
  redirect("/settings?passwordChanged=1");
}

export interface DeleteState {
  error: "mismatch" | null;
}

export async function deleteAccountAction(_prev: DeleteState, form: unknown): Promise<DeleteState> {
  const user = await requireUser();
  const fields = formFields(form, ["confirmEmail"] as const);
  const confirm = (fields?.confirmEmail ?? "").trim().toLowerCase();
  if (confirm !== user.email.toLowerCase()) return { error: "mismatch" };
  await getAuth().api.signOut({ headers: await headers() });
  await deleteAccount(getDb(), user.id);
  redirect("/sign-up?deleted=1");
}

export async function signOutAction(): Promise<void> {
  await requireUser();
  await getAuth().api.signOut({ headers: await headers() });
  redirect("/sign-in");
}
