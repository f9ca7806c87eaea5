import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthForm } from "../components/auth/auth-form";
import { getCurrentUser } from "@/lib/server/auth";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("auth"))("signInTitle") };
}

export default async function SignInPage() {
  if (await getCurrentUser()) redirect("/");
  return <AuthForm mode="sign-in" />;
}
