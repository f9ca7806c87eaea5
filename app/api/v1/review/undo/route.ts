import { serveWrite } from "@/lib/server/json-api";
import { undoNamedReview, undoSchema } from "@/lib/server/review-input";
import { fetchReviewSession } from "@/lib/server/reviews";

export const dynamic = "force-dynamic";

/** Undoes the named review if it is still the learner's latest of today (docs/api.md). */
export async function POST(request: Request): Promise<Response> {
  return serveWrite(request, undoSchema, async ({ user, db }, input) => {
    const undone = await undoNamedReview(db, user.id, input.reviewId, new Date());
    return { undone, review: await fetchReviewSession(db, user.id, new Date()) };
  });
}
