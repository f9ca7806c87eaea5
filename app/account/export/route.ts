import { exportAccount } from "@/lib/server/account";
import { getCurrentUser } from "@/lib/server/auth";
import { getDb } from "@/lib/server/db";

export const dynamic = "force-dynamic";

/** All of the signed-in learner's data as a JSON download. */
export async function GET() {
  const user = await getCurrentUser();
  if (!user) return Response.json({ error: "Sign in to export your data." }, { status: 401 });
  const data = await exportAccount(getDb(), user.id);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="dl-study-export-${new Date().toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
