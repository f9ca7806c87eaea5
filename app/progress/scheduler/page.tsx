import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchSchedulerLab } from "@/lib/server/scheduler-lab";
import { SchedulerLab } from "./lab";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("lab"))("pageTitle") };
}

export default async function SchedulerLabPage() {
  const user = await requireUser();
  const lab = await fetchSchedulerLab(getDb(), user.id, { now: () => new Date() });
  return <SchedulerLab lab={lab} />;
}
