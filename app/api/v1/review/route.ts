import { serveRead } from "@/lib/server/json-api";
import { fetchReviewSession } from "@/lib/server/reviews";

export const dynamic = "force-dynamic";

/** The head of the learner's queue for today, with every grade's outcome, and what is left (docs/api.md). */
export async function GET(request: Request): Promise<Response> {
  return serveRead(request, async ({ user, db }) => ({ review: await fetchReviewSession(db, user.id, new Date()) }));
}
