import { redirect } from "next/navigation";
import { AuthForm } from "../components/auth/auth-form";
import { getCurrentUser } from "@/lib/server/auth";

export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getCurrentUser()) redirect("/");
  return <AuthForm mode="sign-in" />;
}
