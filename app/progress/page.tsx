import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { requireUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { createProgressLoader } from "@/lib/server/progress/dashboard";
import { Skeleton } from "./section";
import {
  CalendarWidget,
  DistributionsWidget,
  ExercisesWidget,
  ForecastWidget,
  HardestWidget,
  HourlyWidget,
  MasteryWidget,
  RetentionWidget,
  ReviewsWidget,
  TodayWidget,
} from "./widgets";
import { toLocale } from "@/app/i18n/locale";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("progress"))("pageTitle") };
}

export default async function ProgressPage() {
  const user = await requireUser();
  const [t, tLab, rawLocale] = await Promise.all([getTranslations("progress"), getTranslations("lab"), getLocale()]);
  const labLink = tLab("link");
  const locale = toLocale(rawLocale);
  // One loader per request: widgets that share a query share its result.
  const loader = createProgressLoader(getDb(), user.id, new Date());
  const p = { loader, locale } as const;
  const loading = t("loading");
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <div className="flex flex-wrap gap-4">
          <a href="/progress/scheduler" className="text-sm text-accent underline dark:text-sky-300">
            {labLink}
          </a>
          <a href="/progress/export" className="text-sm text-accent underline dark:text-sky-300" download>
            {t("exportCsv")}
          </a>
        </div>
      </div>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Suspense fallback={<Skeleton id="today" title={t("today.title")} label={loading} wide height="h-32" />}>
          <TodayWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="calendar" title={t("calendar.title")} label={loading} wide height="h-28" />}>
          <CalendarWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="reviews" title={t("reviews.title")} label={loading} wide />}>
          <ReviewsWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="forecast" title={t("forecast.title")} label={loading} />}>
          <ForecastWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="retention" title={t("retention.title")} label={loading} />}>
          <RetentionWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="intervals" title={t("distributions.intervals")} label={loading} wide />}>
          <DistributionsWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="mastery" title={t("mastery.title")} label={loading} wide />}>
          <MasteryWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="exercises" title={t("exercises.title")} label={loading} wide />}>
          <ExercisesWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="hardest" title={t("hardest.title")} label={loading} />}>
          <HardestWidget {...p} />
        </Suspense>
        <Suspense fallback={<Skeleton id="hourly" title={t("hourly.title")} label={loading} wide />}>
          <HourlyWidget {...p} />
        </Suspense>
      </div>
    </div>
  );
}
