import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ExercisePractice } from "@/app/components/exercises/exercise-practice";
import { requireUser } from "@/lib/server/auth";
import { isGeneratorId, showExercise } from "@/lib/server/exercises";

export const dynamic = "force-dynamic";

/** Practice on demand: a fresh instance of one generator (new seed on every visit). */
export default async function PracticePage({ params }: { params: Promise<{ generatorId: string }> }) {
  await requireUser();
  const { generatorId } = await params;
  if (!isGeneratorId(generatorId)) notFound();
  const t = await getTranslations("exercises");
  const view = showExercise(generatorId);
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
