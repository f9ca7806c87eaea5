import "server-only";
import { getDb } from "./db";
import { ensureLocalLearner } from "./users";

export interface CurrentUser {
  id: string;
  locale: string;
}

/**
 * The one authorization helper: every page, action and route calls it and
 * scopes its queries to the id it returns. Before accounts exist it is the
 * local learner created on first start.
 */
export async function requireUser(): Promise<CurrentUser> {
  const user = await ensureLocalLearner(getDb());
  return { id: user.id, locale: user.locale };
}
