import { readCollection } from "./collection";
import { openAnkiPackage, type AnkiPackageLimits, DEFAULT_ANKI_PACKAGE_LIMITS } from "./package";
import { withCollectionFile } from "./sqlite-file";
import type { AnkiPackage } from "./types";

/** Reads an .apkg/.colpkg into plain data: collection, scheduling, review history and media. */
export function readAnkiPackage(
  bytes: Uint8Array,
  limits: AnkiPackageLimits = DEFAULT_ANKI_PACKAGE_LIMITS,
): AnkiPackage {
  const contents = openAnkiPackage(bytes, limits);
  const collection = withCollectionFile(
    contents.collectionBytes,
    `package member "${contents.collectionMember}"`,
    readCollection,
  );
  return { ...collection, layout: contents.layout, media: contents.media };
}
