"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { Settings } from "@/lib/server/account";
import { type DeleteState, type SettingsState, deleteAccountAction, saveSettingsAction } from "../../settings/actions";
import { Button } from "../ui/button";

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

export function SettingsForm({ initial }: { initial: Settings }) {
  const t = useTranslations("settings");
  const [state, action, pending] = useActionState<SettingsState, FormData>(saveSettingsAction, {
    ok: null,
    fieldErrors: {},
  });
  const err = state.fieldErrors;
  const described = (name: string) => (err[name] ? { "aria-invalid": true, "aria-describedby": `${name}-error` } : {});
  return (
    <form action={action} className="grid max-w-md gap-3">
      <Field name="locale" label={t("locale")} error={err.locale}>
        <select id="locale" name="locale" defaultValue={initial.locale} className={inputClass} {...described("locale")}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </Field>
      <Field name="timeZone" label={t("timeZone")} error={err.timeZone}>
        <input
          id="timeZone"
          name="timeZone"
          defaultValue={initial.timeZone}
          className={inputClass}
          {...described("timeZone")}
        />
        <span className="text-xs text-zinc-500">{t("timeZoneHint")}</span>
      </Field>
      <Field name="dayStartHour" label={t("dayStartHour")} error={err.dayStartHour}>
        <input
          id="dayStartHour"
          name="dayStartHour"
          type="number"
          min={0}
          max={23}
          defaultValue={initial.dayStartHour}
          className={inputClass}
          {...described("dayStartHour")}
        />
      </Field>
      <Field name="newPerDay" label={t("newPerDay")} error={err.newPerDay}>
        <input
          id="newPerDay"
          name="newPerDay"
          type="number"
          min={0}
          max={1000}
          defaultValue={initial.newPerDay}
          className={inputClass}
          {...described("newPerDay")}
        />
      </Field>
      <Field name="maxReviewsPerDay" label={t("maxReviewsPerDay")} error={err.maxReviewsPerDay}>
        <input
          id="maxReviewsPerDay"
          name="maxReviewsPerDay"
          type="number"
          min={0}
          max={10000}
          defaultValue={initial.maxReviewsPerDay}
          className={inputClass}
          {...described("maxReviewsPerDay")}
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
