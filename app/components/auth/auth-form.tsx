"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { Button } from "../ui/button";
import { authClient } from "./auth-client";

const MIN_PASSWORD_LENGTH = 10;
/** As the server enforces them (lib/server/auth-config.ts). */
const MAX_NAME_LENGTH = 100;
const MAX_EMAIL_LENGTH = 254;

/** The browser's IANA time zone, which a new account starts with (the learner's day follows it). */
function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

type Mode = "sign-in" | "sign-up";

/** better-auth's error codes, mapped to our messages; anything else is generic. */
function messageKey(status: number, code: string | undefined): string {
  if (status === 429) return "rateLimited";
  switch (code) {
    case "INVALID_EMAIL_OR_PASSWORD":
      return "invalidCredentials";
    case "PASSWORD_TOO_SHORT":
      return "passwordTooShort";
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return "emailTaken";
    case "INVALID_EMAIL":
      return "invalidEmail";
    case "EMAIL_TOO_LONG":
      return "emailTooLong";
    case "NAME_TOO_LONG":
      return "nameTooLong";
    default:
      return "failed";
  }
}

export function AuthForm({ mode, notice }: { mode: Mode; notice?: string }) {
  const t = useTranslations("auth");
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = text(form, "email").trim();
    const password = text(form, "password");
    const name = text(form, "name").trim();
    if (email.length > MAX_EMAIL_LENGTH) {
      setError(t("emailTooLong", { max: MAX_EMAIL_LENGTH }));
      return;
    }
    if (name.length > MAX_NAME_LENGTH) {
      setError(t("nameTooLong", { max: MAX_NAME_LENGTH }));
      return;
    }
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      setError(t("invalidEmail"));
      return;
    }
    if (mode === "sign-up" && password.length < MIN_PASSWORD_LENGTH) {
      setError(t("passwordTooShort", { min: MIN_PASSWORD_LENGTH }));
      return;
    }
    setPending(true);
    setError(null);
    const timeZone = browserTimeZone();
    const result =
      mode === "sign-up"
        ? await authClient.signUp.email({ email, password, name: name || email, ...(timeZone ? { timeZone } : {}) })
        : await authClient.signIn.email({ email, password });
    setPending(false);
    if (result.error) {
      setError(
        t(messageKey(result.error.status, result.error.code), {
          min: MIN_PASSWORD_LENGTH,
          max: result.error.code === "NAME_TOO_LONG" ? MAX_NAME_LENGTH : MAX_EMAIL_LENGTH,
        }),
      );
      return;
    }
    // Every server component, the layout included, renders again under the new session.
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="flex max-w-sm flex-col gap-3" noValidate>
      <h1 className="text-2xl font-semibold">{t(mode === "sign-up" ? "signUpTitle" : "signInTitle")}</h1>
      {notice ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm dark:bg-emerald-950/40">
          {notice}
        </p>
      ) : null}
      {mode === "sign-up" ? (
        <label className="flex flex-col gap-1 text-sm">
          {t("name")}
          <input
            name="name"
            autoComplete="nickname"
            maxLength={MAX_NAME_LENGTH}
            className="rounded-md border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
      ) : null}
      <label className="flex flex-col gap-1 text-sm">
        {t("email")}
        <input
          name="email"
          type="email"
          required
          autoComplete="email"
          maxLength={MAX_EMAIL_LENGTH}
          className="rounded-md border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        {t("password")}
        <input
          name="password"
          type="password"
          required
          minLength={mode === "sign-up" ? MIN_PASSWORD_LENGTH : undefined}
          autoComplete={mode === "sign-up" ? "new-password" : "current-password"}
          className="rounded-md border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
        {mode === "sign-up" ? (
          <span className="text-xs text-zinc-500">{t("passwordRule", { min: MIN_PASSWORD_LENGTH })}</span>
        ) : null}
      </label>
      <p role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {error}
      </p>
      <Button type="submit" variant="primary" disabled={pending}>
        {t(mode === "sign-up" ? "signUp" : "signIn")}
      </Button>
      <p className="text-sm">
        {mode === "sign-up" ? (
          <Link href="/sign-in" className="underline">
            {t("haveAccount")}
          </Link>
        ) : (
          <Link href="/sign-up" className="underline">
            {t("noAccount")}
          </Link>
        )}
      </p>
    </form>
  );
}
