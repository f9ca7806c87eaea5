import "server-only";
/**
 * Writes validated content into the Item table. Upserts by stable id, so an
 * edited card keeps its learners' history; an item that left content/ is
 * retired (hidden from queues), never deleted with its history; one that
 * comes back is revived with its history. Only the built-in items (no owner)
 * are synced: a learner's own cards are theirs and never touched here.
 */
import { type SearchFields, tagsColumn } from "@/lib/content/search-fields";
import type { Db } from "./db";
import { bumpContentVersion } from "./meta";

export interface ItemInput {
  id: string;
  kind: string;
  contentId: string;
  deck: string;
  position: number;
  payload: unknown;
  contentHash: string;
  search: SearchFields;
}

export interface SyncSummary {
  kind: string;
  created: number;
  updated: number;
  unchanged: number;
  retired: number;
  revived: number;
  contentVersion: number | null;
}

/** Syncs all items of one kind (e.g. every card) in one transaction. */
export async function syncItems(db: Db, kind: string, items: readonly ItemInput[], now: Date): Promise<SyncSummary> {
  for (const item of items) {
    if (item.kind !== kind) throw new Error(`syncItems(${kind}) got an item of kind ${item.kind}: ${item.id}`);
  }
  return db.$transaction(
    async (tx) => {
      const existing = new Map(
        (await tx.item.findMany({ where: { kind, ownerId: null } })).map((row) => [row.id, row] as const),
      );
      const summary: SyncSummary = {
        kind,
        created: 0,
        updated: 0,
        unchanged: 0,
        retired: 0,
        revived: 0,
        contentVersion: null,
      };
      for (const item of items) {
        const row = existing.get(item.id);
        const data = {
          kind: item.kind,
          contentId: item.contentId,
          deck: item.deck,
          position: item.position,
          payload: JSON.stringify(item.payload),
          contentHash: item.contentHash,
          cardType: item.search.cardType,
          noteType: item.search.noteType,
          tags: tagsColumn(item.search.tags),
          searchText: item.search.text,
        };
        if (!row) {
          await tx.item.create({ data: { id: item.id, ...data } });
          summary.created++;
          continue;
        }
        const revived = row.retiredAt !== null;
        // Each learner's schedule row keeps a copy of these, for a queue and a search that read no Item row.
        const copied =
          row.position !== data.position ||
          row.deck !== data.deck ||
          row.cardType !== data.cardType ||
          row.noteType !== data.noteType ||
          row.tags !== data.tags ||
          row.searchText !== data.searchText;
        const changed = revived || copied || row.contentHash !== item.contentHash;
        if (!changed) {
          summary.unchanged++;
          continue;
        }
        await tx.item.update({ where: { id: item.id }, data: { ...data, retiredAt: null } });
        if (copied) {
          await tx.itemState.updateMany({
            where: { itemId: item.id },
            data: {
              position: data.position,
              deck: data.deck,
              cardType: data.cardType,
              noteType: data.noteType,
              contentTags: data.tags,
              searchText: data.searchText,
            },
          });
        }
        if (revived) {
          await tx.itemState.updateMany({ where: { itemId: item.id, lastReviewedAt: null }, data: { status: "new" } });
          await tx.itemState.updateMany({
            where: { itemId: item.id, NOT: { lastReviewedAt: null } },
            data: { status: "active" },
          });
          summary.revived++;
        } else {
          summary.updated++;
        }
      }
      const incoming = new Set(items.map((i) => i.id));
      const toRetire = [...existing.values()]
        .filter((row) => row.retiredAt === null && !incoming.has(row.id))
        .map((r) => r.id);
      if (toRetire.length > 0) {
        await tx.item.updateMany({ where: { id: { in: toRetire } }, data: { retiredAt: now } });
        await tx.itemState.updateMany({ where: { itemId: { in: toRetire } }, data: { status: "retired" } });
        summary.retired = toRetire.length;
      }
      if (summary.created + summary.updated + summary.retired + summary.revived > 0) {
        summary.contentVersion = await bumpContentVersion(tx);
      }
      return summary;
    },
    { timeout: 60_000 },
  );
}
