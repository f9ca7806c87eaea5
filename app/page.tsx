import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { fetchReviewSession } from "@/lib/server/reviews";
import { ReviewSession } from "./components/review-session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("review"))("title") };
}

export default async function ReviewPage() {
  const user = await requireUser();
  const [t, session] = await Promise.all([getTranslations("review"), fetchReviewSession(getDb(), user.id, new Date())]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <ReviewSession initial={session} />
    </div>
  );
}
