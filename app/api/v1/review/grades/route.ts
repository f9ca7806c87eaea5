import { serveWrite } from "@/lib/server/json-api";
import { gradeSchema, recordGrade } from "@/lib/server/review-input";
import { fetchLearnerContext, fetchReviewSession } from "@/lib/server/reviews";

export const dynamic = "force-dynamic";

/** Grades the item at the head of the queue; a repeat of the review id changes nothing (docs/api.md). */
export async function POST(request: Request): Promise<Response> {
  return serveWrite(request, gradeSchema, async ({ user, db }, input) => {
    const now = new Date();
    // The learner is read once: the grade and the next view both use it, as the review page's action does.
    const context = await fetchLearnerContext(db, user.id, now);
    const grade = await recordGrade(db, user.id, input, now, context);
    return { grade, review: await fetchReviewSession(db, user.id, now, context) };
  });
}
