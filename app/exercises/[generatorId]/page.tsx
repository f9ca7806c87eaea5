import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ExercisePractice } from "@/app/components/exercises/exercise-practice";
import { requireUser } from "@/lib/server/auth";
import { isGeneratorId, showExercise } from "@/lib/server/exercises";

export const dynamic = "force-dynamic";

const MAX_SEED = 2 ** 32 - 1;

/** A replay seed from the URL (`?seed=123`, from an item's history), if well-formed. */
function replaySeed(raw: string | string[] | undefined): number | undefined {
  if (typeof raw !== "string" || !/^\d{1,10}$/.test(raw)) return undefined;
  const seed = Number(raw);
  return seed <= MAX_SEED ? seed : undefined;
}

/**
 * Practice on demand: a fresh instance of one generator (new seed on every
 * visit), or the very instance of an earlier attempt with `?seed=`.
 */
export default async function PracticePage({
  params,
  searchParams,
}: {
  params: Promise<{ generatorId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireUser();
  const { generatorId } = await params;
  if (!isGeneratorId(generatorId)) notFound();
  const t = await getTranslations("exercises");
  const view = showExercise(generatorId, replaySeed((await searchParams).seed));
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
