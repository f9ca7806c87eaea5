import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { CardDrill } from "@/app/components/practice/card-drill";
import { sectionTitle } from "@/lib/content/section-names";
import { historyHref, itemIdOfSegments, itemMetaOf, parsePayload, practiceHref } from "@/lib/progress/items";
import { formatInstant } from "@/lib/progress/history";
import { requireUser } from "@/lib/server/auth";
import { type CardPractice, fetchCardPractice, isCardItemId } from "@/lib/server/card-drills";
import { getDb } from "@/lib/server/db";
import { NotFoundError } from "@/lib/server/errors";
import { toLocale } from "@/app/i18n/locale";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string[] }> };

async function findCard(userId: string, itemId: string): Promise<CardPractice | null> {
  try {
    return await fetchCardPractice(getDb(), userId, itemId);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** An exercise or a coding exercise is practised on its own page. */
async function redirectNonCard(itemId: string): Promise<never> {
  const item = await getDb().item.findUnique({ where: { id: itemId }, select: { id: true, deck: true } });
  if (!item) notFound();
  redirect(practiceHref(itemMetaOf(item.id, item.deck, null)));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const [t, locale, itemId] = await Promise.all([
    getTranslations("cardPractice"),
    getLocale(),
    params.then((p) => itemIdOfSegments(p.id)),
  ]);
  // The card's content is shared by every learner: its title needs no learner.
  const item = isCardItemId(itemId)
    ? await getDb().item.findFirst({
        where: { id: itemId, ownerId: null },
        select: { id: true, deck: true, payload: true },
      })
    : null;
  return {
    title: item
      ? t("pageTitle", { title: itemMetaOf(item.id, item.deck, parsePayload(item.payload)).title[toLocale(locale)] })
      : t("title"),
  };
}

/** A card practised outside the schedule, as exercises are on /exercises/<id>. */
export default async function CardPracticePage({ params }: Params) {
  const user = await requireUser();
  const itemId = itemIdOfSegments((await params).id);
  if (!isCardItemId(itemId)) return redirectNonCard(itemId);
  const [t, rawLocale, practice] = await Promise.all([
    getTranslations("cardPractice"),
    getLocale(),
    findCard(user.id, itemId),
  ]);
  if (!practice) notFound();
  const locale = toLocale(rawLocale);
  const { item, card, schedule, timeZone } = practice;
  const source = card.source ? sectionTitle(card.source, locale) : "";
  const due = schedule?.status === "active" ? schedule.dueAt : null;
  const dueText = due ? { when: formatInstant(due, locale, timeZone), zone: timeZone } : null;
  const scheduleLine =
    !due || !dueText
      ? t("scheduleNew")
      : new Date(due) <= new Date()
        ? t("scheduleOverdue", dueText)
        : t("scheduleDue", dueText);
  return (
    <div className="flex flex-col gap-4">
      <nav className="flex flex-wrap gap-4 text-sm">
        <Link href={historyHref(item.id)} className="underline">
          {t("history")}
        </Link>
        <Link href="/progress" className="underline">
          {t("progress")}
        </Link>
      </nav>
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="practice-schedule">
          {scheduleLine}
        </p>
      </div>
      <CardDrill
        key={item.id}
        itemId={item.id}
        frontHtml={card.front[locale]}
        backHtml={card.back[locale]}
        sourceLine={source ? t("source", { source }) : null}
      />
    </div>
  );
}
