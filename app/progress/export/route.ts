import { getCurrentUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";
import { reviewLogCsv } from "@/lib/server/progress/export";

export const dynamic = "force-dynamic";

/** The learner's review log as CSV (columns: docs/progress.md), streamed page by page. */
export async function GET(): Promise<Response> {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Sign in to export your review log." }, { status: 401 });
  const rows = reviewLogCsv(getDb(), user.id);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch {
        // Headers are already sent: end the stream with an error, never a stack trace.
        controller.error(new Error("export failed"));
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="review-log-${date}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
