"use client";

import { useTranslations } from "next-intl";
import { useActionState, useRef, useState } from "react";
import type { Settings, SettingsField } from "@/lib/server/account";
import {
  type DeleteState,
  type PasswordState,
  type SettingsState,
  changePasswordAction,
  deleteAccountAction,
  saveSettingsAction,
} from "../../settings/actions";
import { Button } from "../ui/button";
import { useClientValue } from "../ui/use-client-value";

function browserTimeZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    return null;
  }
}

const inputClass = "rounded-md border border-zinc-300 px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900";

function Field({
  name,
  label,
  error,
  children,
}: {
  name: string;
  label: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={name}>{label}</label>
      {children}
      {error ? (
        <span id={`${name}-error`} className="text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/**
 * A searchable picker of IANA time zones: typing filters the list, the list
 * is what is submitted (no free text), and when the browser's own zone
 * differs from the chosen one it is offered in one click.
 */
function TimeZonePicker({
  zones,
  initial,
  invalid,
}: {
  zones: readonly string[];
  /** The zone shown first: the saved one, or what a refused save had chosen. */
  initial: string;
  invalid: boolean;
}) {
  const t = useTranslations("settings");
  const [query, setQuery] = useState("");
  // The chosen zone; the select itself is uncontrolled, so React's reset of the form after its action keeps it.
  const [value, setValue] = useState(initial);
  const select = useRef<HTMLSelectElement>(null);
  const browserZone = useClientValue(browserTimeZone, null);
  const needle = query.trim().toLowerCase().replace(/\s+/g, "_");
  const shown = zones.filter((z) => z === value || needle === "" || z.toLowerCase().includes(needle));
  const choose = (zone: string) => {
    setValue(zone);
    if (select.current) select.current.value = zone;
  };
  return (
    <div className="flex flex-col gap-1">
      <input
        type="search"
        aria-label={t("timeZoneSearch")}
        placeholder={t("timeZoneSearch")}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className={inputClass}
      />
      <select
        ref={select}
        id="timeZone"
        name="timeZone"
        defaultValue={initial}
        onChange={(e) => setValue(e.target.value)}
        size={Math.min(6, Math.max(2, shown.length))}
        className={inputClass}
        {...(invalid ? { "aria-invalid": true, "aria-describedby": "timeZone-error" } : {})}
      >
        {shown.map((z) => (
          <option key={z} value={z}>
            {z.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      {browserZone && browserZone !== value && zones.includes(browserZone) ? (
        <button type="button" className="self-start text-sm underline" onClick={() => choose(browserZone)}>
          {t("useBrowserZone", { zone: browserZone })}
        </button>
      ) : null}
    </div>
  );
}

/** Desired retentions past these get a warning: many more lapses below, steeply more reviews above. */
const RETENTION_WARN_BELOW = 0.75;
const RETENTION_WARN_ABOVE = 0.95;

/**
 * FSRS's desired retention (0.70–0.97), with a warning near either end of
 * the range as it is typed.
 */
function RetentionInput({ initial, invalid }: { initial: string; invalid: boolean }) {
  const t = useTranslations("settings");
  const [typed, setTyped] = useState(initial);
  const value = Number(typed);
  const warning =
    typed.trim() === "" || !Number.isFinite(value)
      ? null
      : value < RETENTION_WARN_BELOW
        ? t("retentionLow", { at: RETENTION_WARN_BELOW })
        : value > RETENTION_WARN_ABOVE
          ? t("retentionHigh", { at: RETENTION_WARN_ABOVE })
          : null;
  const describedBy = [invalid ? "desiredRetention-error" : null, "desiredRetention-help"].filter(Boolean).join(" ");
  return (
    <>
      <input
        id="desiredRetention"
        name="desiredRetention"
        type="number"
        inputMode="decimal"
        min={0.7}
        max={0.97}
        step={0.01}
        defaultValue={initial}
        onChange={(e) => setTyped(e.target.value)}
        className={inputClass}
        aria-describedby={describedBy}
        {...(invalid ? { "aria-invalid": true } : {})}
      />
      <span id="desiredRetention-help" className="text-zinc-600 dark:text-zinc-400">
        {t("retentionHelp")}
      </span>
      {warning ? (
        <span role="status" className="text-amber-800 dark:text-amber-300">
          {warning}
        </span>
      ) : null}
    </>
  );
}

export function SettingsForm({ initial, zones }: { initial: Required<Settings>; zones: readonly string[] }) {
  const t = useTranslations("settings");
  const [state, action, pending] = useActionState<SettingsState, FormData>(saveSettingsAction, {
    ok: null,
    fieldErrors: {},
    values: {},
  });
  const err = state.fieldErrors;
  // A refused save shows what was typed (React resets a form after its action; these are its new defaults).
  const shown = (field: SettingsField) => state.values[field] ?? String(initial[field]);
  const message = (field: SettingsField) => {
    const code = err[field];
    return code ? t(`errors.${code}`) : undefined;
  };
  const described = (name: SettingsField) =>
    err[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {};
  const number = (field: "dayStartHour" | "newPerDay" | "maxReviewsPerDay", min: number, max: number) => (
    <input
      key={`${field}:${shown(field)}`}
      id={field}
      name={field}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      defaultValue={shown(field)}
      className={inputClass}
      {...described(field)}
    />
  );
  return (
    <form action={action} className="grid max-w-md gap-3" noValidate>
      <Field name="locale" label={t("locale")} error={message("locale")}>
        <select
          key={`locale:${shown("locale")}`}
          id="locale"
          name="locale"
          defaultValue={shown("locale")}
          className={inputClass}
          {...described("locale")}
        >
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </Field>
      <Field name="timeZone" label={t("timeZone")} error={message("timeZone")}>
        <TimeZonePicker
          key={`timeZone:${shown("timeZone")}`}
          zones={zones}
          initial={shown("timeZone")}
          invalid={err.timeZone !== undefined}
        />
      </Field>
      <Field name="dayStartHour" label={t("dayStartHour")} error={message("dayStartHour")}>
        {number("dayStartHour", 0, 23)}
      </Field>
      <Field name="newPerDay" label={t("newPerDay")} error={message("newPerDay")}>
        {number("newPerDay", 0, 1000)}
      </Field>
      <Field name="maxReviewsPerDay" label={t("maxReviewsPerDay")} error={message("maxReviewsPerDay")}>
        {number("maxReviewsPerDay", 0, 10_000)}
      </Field>
      <Field name="scheduler" label={t("scheduler")} error={message("scheduler")}>
        <select
          key={`scheduler:${shown("scheduler")}`}
          id="scheduler"
          name="scheduler"
          defaultValue={shown("scheduler")}
          className={inputClass}
          aria-describedby={["scheduler-help", err.scheduler ? "scheduler-error" : null].filter(Boolean).join(" ")}
          {...(err.scheduler ? { "aria-invalid": true } : {})}
        >
          <option value="sm2">{t("schedulerSm2")}</option>
          <option value="fsrs">{t("schedulerFsrs")}</option>
        </select>
        <span id="scheduler-help" className="text-zinc-600 dark:text-zinc-400">
          {t("schedulerHelp")}
        </span>
      </Field>
      <Field name="desiredRetention" label={t("desiredRetention")} error={message("desiredRetention")}>
        <RetentionInput
          key={`desiredRetention:${shown("desiredRetention")}`}
          initial={shown("desiredRetention")}
          invalid={err.desiredRetention !== undefined}
        />
      </Field>
      <p role="status" className="min-h-5 text-sm">
        {state.ok === true ? t("saved") : state.ok === false ? t("invalid") : null}
      </p>
      <Button type="submit" variant="primary" disabled={pending}>
        {t("save")}
      </Button>
    </form>
  );
}

const PASSWORD_MESSAGES = {
  "wrong-password": "wrongPassword",
  "too-short": "passwordTooShort",
  "too-long": "passwordTooLong",
  "rate-limited": "passwordRateLimited",
  invalid: "passwordInvalid",
} as const;

export function ChangePasswordForm({
  minLength,
  maxLength,
  changed,
}: {
  minLength: number;
  maxLength: number;
  changed: boolean;
}) {
  const t = useTranslations("settings");
  const [state, action, pending] = useActionState<PasswordState, FormData>(changePasswordAction, {
    ok: null,
    error: null,
  });
  return (
    <form action={action} className="flex max-w-md flex-col gap-3">
      <h2 className="text-lg font-semibold">{t("passwordTitle")}</h2>
      <Field name="currentPassword" label={t("currentPassword")}>
        <input
          id="currentPassword"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </Field>
      <Field name="newPassword" label={t("newPassword")}>
        <input
          id="newPassword"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          maxLength={maxLength}
          className={inputClass}
        />
      </Field>
      <p role="status" className="min-h-5 text-sm">
        {state.error === null && changed
          ? t("passwordChanged")
          : state.error
            ? t(PASSWORD_MESSAGES[state.error], { min: minLength, max: maxLength })
            : null}
      </p>
      <Button type="submit" disabled={pending}>
        {t("changePassword")}
      </Button>
    </form>
  );
}

export function DeleteAccountForm() {
  const t = useTranslations("settings");
  const [state, action, pending] = useActionState<DeleteState, FormData>(deleteAccountAction, { error: null });
  return (
    <form
      action={action}
      className="flex max-w-md flex-col gap-2 rounded-lg border border-red-300 p-4 dark:border-red-900"
    >
      <h2 className="text-lg font-semibold">{t("deleteTitle")}</h2>
      <p className="text-sm">{t("deleteWarning")}</p>
      <label className="flex flex-col gap-1 text-sm">
        {t("deleteConfirm")}
        <input name="confirmEmail" type="email" autoComplete="off" className={inputClass} />
      </label>
      <p role="alert" className="min-h-5 text-sm text-red-700 dark:text-red-400">
        {state.error === "mismatch" ? t("deleteMismatch") : null}
      </p>
      <Button type="submit" disabled={pending} className="border-red-400 text-red-800 dark:text-red-300">
        {t("delete")}
      </Button>
    </form>
  );
}
