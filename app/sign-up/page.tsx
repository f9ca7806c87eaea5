import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthForm } from "../components/auth/auth-form";
import { getCurrentUser } from "@/lib/server/auth";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signUpTitle") };
}

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  if (await getCurrentUser()) redirect("/");
  const t = await getTranslations("auth");
  const deleted = (await searchParams).deleted === "1";
  return <AuthForm mode="sign-up" {...(deleted ? { notice: t("accountDeleted") } : {})} />;
}
