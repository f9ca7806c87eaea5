import "server-only";
import type { Db } from "./db";

type Tx = Pick<Db, "meta">;

export const CONTENT_VERSION_KEY = "contentVersion";

async function fetchContentVersion(tx: Tx): Promise<number> {
  const row = await tx.meta.findUnique({ where: { key: CONTENT_VERSION_KEY } });
  return row ? Number(row.value) : 0;
}

export async function bumpContentVersion(tx: Tx): Promise<number> {
  const next = (await fetchContentVersion(tx)) + 1;
  await tx.meta.upsert({
    where: { key: CONTENT_VERSION_KEY },
    create: { key: CONTENT_VERSION_KEY, value: String(next) },
    update: { value: String(next) },
  });
  return next;
}
