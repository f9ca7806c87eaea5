import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getAuth } from "./auth-config";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
}

const SIGN_IN_PATH = "/sign-in";

/** The signed-in learner, or null. One database read of the session. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await getAuth().api.getSession({ headers: await headers() });
  if (!session) return null;
  return { id: session.user.id, email: session.user.email, name: session.user.name };
}

/**
 * The one authorization helper: every page and server action calls it and
 * scopes its queries to the id it returns; without a session it redirects to
 * sign-in. Route handlers use getCurrentUser() and answer 401 instead.
 */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(SIGN_IN_PATH);
  return user;
}
