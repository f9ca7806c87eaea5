import { serveWrite } from "@/lib/server/json-api";
import { gradeSchema, recordGrade } from "@/lib/server/review-input";
import { fetchReviewSession } from "@/lib/server/reviews";

export const dynamic = "force-dynamic";

/** Grades the item at the head of the queue; a repeat of the review id changes nothing (docs/api.md). */
export async function POST(request: Request): Promise<Response> {
  return serveWrite(request, gradeSchema, async ({ user, db }, input) => {
    const grade = await recordGrade(db, user.id, input, new Date());
    return { grade, review: await fetchReviewSession(db, user.id, new Date()) };
  });
}
