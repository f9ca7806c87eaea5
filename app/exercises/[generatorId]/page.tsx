import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { toLocale } from "@/lib/locale";
import { ExercisePractice } from "@/app/components/exercises/exercise-practice";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { MAX_SEED, generatorInfo, isGeneratorId, startExerciseAttempt } from "@/lib/server/exercises";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ generatorId: string }> }): Promise<Metadata> {
  const { generatorId } = await params;
  const [t, locale] = await Promise.all([getTranslations("exercises"), getLocale()]);
  const info = generatorInfo(generatorId);
  return { title: info ? info.title[toLocale(locale)] : t("title") };
}

/** A replay seed from the URL (`?seed=123`, from an item's history), if well-formed. */
function replaySeed(raw: string | string[] | undefined): number | undefined {
  if (typeof raw !== "string" || !/^\d{1,10}$/.test(raw)) return undefined;
  const seed = Number(raw);
  return seed <= MAX_SEED ? seed : undefined;
}

/**
 * Practice on demand: a fresh instance of one generator (the server draws a
 * new seed on every visit), or the very instance of an earlier attempt with
 * `?seed=` (recorded as a replay).
 */
export default async function PracticePage({
  params,
  searchParams,
}: {
  params: Promise<{ generatorId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const { generatorId } = await params;
  if (!isGeneratorId(generatorId)) notFound();
  const t = await getTranslations("exercises");
  const seed = replaySeed((await searchParams).seed);
  const view = await startExerciseAttempt(getDb(), user.id, generatorId, "practice", new Date(), {
    ...(seed === undefined ? {} : { seed }),
  });
  return (
    <div className="flex flex-col gap-4">
      <Link href="/exercises" className="text-sm underline">
        ← {t("back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <ExercisePractice initial={view} />
    </div>
  );
}
