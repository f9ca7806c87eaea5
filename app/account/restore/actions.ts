"use server";

import { revalidatePath } from "next/cache";
import { type RestoreSummary, RestoreError, readExportFile, restoreAccount } from "@/lib/server/account-restore";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export type RestoreState =
  | { ok: null }
  | { ok: true; summary: RestoreSummary }
  | { ok: false; code: "invalid-input" | "conflict" | "too-large" | "form"; detail: string };

/** Restores the uploaded backup into the signed-in learner's account; a refused file comes back as a value. */
export async function restoreAccountAction(_prev: RestoreState, form: unknown): Promise<RestoreState> {
  const user = await requireUser();
  if (!(form instanceof FormData)) return { ok: false, code: "form", detail: "" };
  try {
    const summary = await restoreAccount(getDb(), user.id, await readExportFile(form.get("file")), new Date());
    revalidatePath("/", "layout");
    return { ok: true, summary };
  } catch (error) {
    if (error instanceof RestoreError && (error.code === "conflict" || error.code === "too-large"))
      return { ok: false, code: error.code, detail: error.message };
    if (error instanceof RestoreError) return { ok: false, code: "invalid-input", detail: error.message };
    throw error;
  }
}
