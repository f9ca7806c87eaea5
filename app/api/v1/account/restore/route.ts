import { z } from "zod";
import { MAX_RESTORE_BYTES, restoreAccount } from "@/lib/server/account-restore";
import { serveWrite } from "@/lib/server/json-api";

export const dynamic = "force-dynamic";

/**
 * Restores a backup (the body: the export's JSON) into the signed-in learner's fresh account and answers
 * what was restored (docs/api.md). The file is checked by restoreAccount, which names its first bad field.
 */
export async function POST(request: Request): Promise<Response> {
  return serveWrite(request, z.unknown(), ({ user, db }, input) => restoreAccount(db, user.id, input, new Date()), {
    maxBodyBytes: MAX_RESTORE_BYTES,
  });
}
