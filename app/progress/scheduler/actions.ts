"use server";

import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { type FitJob, startFsrsFit } from "@/lib/server/fsrs-fit";

/** Starts fitting the learner's FSRS parameters in the background; the page polls the job. */
export async function startFitAction(): Promise<FitJob> {
  const user = await requireUser();
  const { job } = await startFsrsFit(getDb(), user.id, { now: () => new Date() });
  return job;
}
