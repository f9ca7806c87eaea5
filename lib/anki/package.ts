import { Unzip, UnzipInflate, unzipSync } from "fflate";
import { Decompress } from "fzstd";

import { AnkiFormatError } from "./errors";
import {
  decodeProtobufFields,
  decodeUtf8,
  readProtobufBytesList,
  readProtobufString,
  readProtobufVarint,
} from "./protobuf";
import type { AnkiPackageContents, AnkiPackageLayout } from "./types";

/** One member per media file plus the collection, meta and media list: generous for real decks. */
export const ANKI_MAX_ZIP_MEMBERS = 100_000;
/** Per member, after decompression (zip or zstd): a collection or one media file. */
export const ANKI_MAX_MEMBER_BYTES = 512 * 1024 * 1024;
/** All members together, after decompression. */
export const ANKI_MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024;

export interface AnkiPackageLimits {
  maxMembers: number;
  maxMemberBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_ANKI_PACKAGE_LIMITS: AnkiPackageLimits = {
  maxMembers: ANKI_MAX_ZIP_MEMBERS,
  maxMemberBytes: ANKI_MAX_MEMBER_BYTES,
  maxTotalBytes: ANKI_MAX_TOTAL_BYTES,
};

/** `PackageMetadata.Version` in Anki's proto/anki/import_export.proto. */
const PACKAGE_VERSION_LEGACY_1 = 1n;
const PACKAGE_VERSION_LEGACY_2 = 2n;
const PACKAGE_VERSION_LATEST = 3n;

const COLLECTION_MEMBER: Record<AnkiPackageLayout, string> = {
  "legacy-1": "collection.anki2",
  "legacy-2": "collection.anki21",
  latest: "collection.anki21b",
};

function formatBytes(bytes: number): string {
  return `${bytes} bytes`;
}

/**
 * Reads the central directory only (nothing is inflated), to refuse a package
 * by its declared shape before spending memory on it.
 */
function listMembers(bytes: Uint8Array, limits: AnkiPackageLimits): Map<string, number> {
  const declared = new Map<string, number>();
  let count = 0;
  try {
    unzipSync(bytes, {
      filter(file) {
        count++;
        if (count > limits.maxMembers) {
          throw new AnkiFormatError(
            "too-many-members",
            `package: more than ${limits.maxMembers} zip members (limit ANKI_MAX_ZIP_MEMBERS)`,
          );
        }
        if (file.originalSize > limits.maxMemberBytes) {
          throw new AnkiFormatError(
            "member-too-large",
            `package member "${file.name}": declares ${formatBytes(file.originalSize)}, over the ${formatBytes(limits.maxMemberBytes)} limit`,
          );
        }
        declared.set(file.name, file.originalSize);
        return false;
      },
    });
  } catch (error) {
    if (error instanceof AnkiFormatError) throw error;
    throw new AnkiFormatError("not-a-zip", "package: not a zip file (an .apkg or .colpkg is a zip archive)");
  }
  return declared;
}

/**
 * Inflates the wanted members, counting the bytes actually produced: a member
 * whose local header understates its size cannot slip past the limits.
 */
function inflateMembers(bytes: Uint8Array, wanted: Set<string>, limits: AnkiPackageLimits): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let total = 0;
  let failure: unknown = null;
  const unzip = new Unzip((file) => {
    if (!wanted.has(file.name)) return;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, chunk, final) => {
      if (failure !== null) return;
      if (error) {
        failure = new AnkiFormatError("not-a-zip", `package member "${file.name}": cannot be decompressed`);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limits.maxMemberBytes) {
        failure = new AnkiFormatError(
          "member-too-large",
          `package member "${file.name}": decompresses to more than the ${formatBytes(limits.maxMemberBytes)} limit`,
        );
        file.terminate();
        return;
      }
      if (total > limits.maxTotalBytes) {
        failure = new AnkiFormatError(
          "member-too-large",
          `package: members decompress to more than the ${formatBytes(limits.maxTotalBytes)} total limit`,
        );
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out.set(file.name, concatenate(chunks, size));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch (error) {
    if (failure === null) failure = error;
  }
  if (failure instanceof AnkiFormatError) throw failure;
  if (failure !== null) throw new AnkiFormatError("not-a-zip", "package: zip data is damaged");
  for (const name of wanted) {
    if (!out.has(name)) throw new AnkiFormatError("not-a-zip", `package member "${name}": listed but unreadable`);
  }
  return out;
}

function concatenate(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const joined = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    joined.set(c, at);
    at += c.length;
  }
  return joined;
}

/** zstd through fzstd's streaming decoder, so a small frame cannot expand past the limit. */
export function decompressZstd(bytes: Uint8Array, where: string, maxBytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let tooLarge = false;
  const stream = new Decompress((chunk) => {
    if (tooLarge) return;
    size += chunk.length;
    if (size > maxBytes) {
      tooLarge = true;
      return;
    }
    chunks.push(chunk);
  });
  try {
    stream.push(bytes, true);
  } catch {
    if (!tooLarge) throw new AnkiFormatError("bad-zstd", `${where}: expected zstd-compressed data`);
  }
  if (tooLarge) {
    throw new AnkiFormatError(
      "member-too-large",
      `${where}: decompresses to more than the ${formatBytes(maxBytes)} limit`,
    );
  }
  return concatenate(chunks, size);
}

/** A media file name must be a bare name: Anki writes it straight into the media folder. */
export function checkMediaName(name: string, where: string): string {
  const unsafe = name === "" || name === "." || name === ".." || /[/\\\0]/.test(name) || /^[A-Za-z]:/.test(name);
  if (unsafe) {
    throw new AnkiFormatError(
      "unsafe-media-name",
      `${where}: media name ${JSON.stringify(name)} must be a plain file name, without a path`,
    );
  }
  return name;
}

function pickLayout(declared: Map<string, number>, meta: Uint8Array | undefined): AnkiPackageLayout {
  if (meta !== undefined) {
    const version = readProtobufVarint(decodeProtobufFields(meta, 'package member "meta"'), 1, 0n);
    if (version === PACKAGE_VERSION_LATEST) return "latest";
    if (version === PACKAGE_VERSION_LEGACY_2) return "legacy-2";
    if (version === PACKAGE_VERSION_LEGACY_1) return "legacy-1";
    throw new AnkiFormatError(
      "bad-meta",
      `package member "meta": PackageMetadata.version ${version} is not one of 1, 2, 3`,
    );
  }
  // Without meta, an anki21b still means the latest layout: the collection.anki2
  // beside it is a stub note asking to update Anki and must never be read instead.
  if (declared.has(COLLECTION_MEMBER.latest)) return "latest";
  if (declared.has(COLLECTION_MEMBER["legacy-2"])) return "legacy-2";
  return "legacy-1";
}

/** Legacy map `{"0": "name.jpg"}`: zip member → media name. */
function parseLegacyMediaMap(bytes: Uint8Array): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(bytes, 'package member "media"'));
  } catch (error) {
    if (error instanceof AnkiFormatError) throw error;
    throw new AnkiFormatError("bad-media-list", 'package member "media": expected a JSON object {"0": "name.jpg", …}');
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AnkiFormatError("bad-media-list", 'package member "media": expected a JSON object {"0": "name.jpg", …}');
  }
  const map = new Map<string, string>();
  for (const [member, name] of Object.entries(parsed)) {
    if (typeof name !== "string") {
      throw new AnkiFormatError(
        "bad-media-list",
        `package member "media": entry "${member}" should be a file name string`,
      );
    }
    map.set(member, checkMediaName(name, `package member "media", entry "${member}"`));
  }
  return map;
}

/** `MediaEntries` (import_export.proto): entry i is zip member "i" unless `legacy_zip_filename` (255) says otherwise. */
function parseMediaEntries(bytes: Uint8Array): Map<string, string> {
  const where = 'package member "media"';
  const map = new Map<string, string>();
  readProtobufBytesList(decodeProtobufFields(bytes, where), 1).forEach((entry, index) => {
    const fields = decodeProtobufFields(entry, `${where}, entry ${index}`);
    const name = readProtobufString(fields, 1, `${where}, entry ${index} name`);
    const member = String(readProtobufVarint(fields, 255, BigInt(index)));
    map.set(member, checkMediaName(name, `${where}, entry ${index}`));
  });
  return map;
}

/** Opens an .apkg/.colpkg: picks its collection, decompresses it and its media. */
export function openAnkiPackage(
  bytes: Uint8Array,
  limits: AnkiPackageLimits = DEFAULT_ANKI_PACKAGE_LIMITS,
): AnkiPackageContents {
  const declared = listMembers(bytes, limits);
  const first = inflateMembers(bytes, new Set(["meta", "media"].filter((m) => declared.has(m))), limits);
  const layout = pickLayout(declared, first.get("meta"));
  const collectionMember = COLLECTION_MEMBER[layout];
  if (!declared.has(collectionMember)) {
    throw new AnkiFormatError(
      "no-collection",
      `package: no "${collectionMember}" member (expected for layout ${layout})`,
    );
  }
  const zstd = layout === "latest";
  const mediaList = first.get("media");
  const mediaMembers =
    mediaList === undefined
      ? new Map<string, string>()
      : zstd
        ? parseMediaEntries(decompressZstd(mediaList, 'package member "media"', limits.maxMemberBytes))
        : parseLegacyMediaMap(mediaList);
  for (const member of mediaMembers.keys()) {
    if (!declared.has(member)) {
      throw new AnkiFormatError(
        "missing-media",
        `package: media list names member "${member}", which is not in the zip`,
      );
    }
  }
  const rest = inflateMembers(bytes, new Set([collectionMember, ...mediaMembers.keys()]), limits);
  let zstdTotalBytes = 0;
  const read = (member: string): Uint8Array => {
    const raw = rest.get(member);
    if (raw === undefined) throw new AnkiFormatError("not-a-zip", `package member "${member}": unreadable`);
    if (!zstd) return raw;
    const inflated = decompressZstd(raw, `package member "${member}"`, limits.maxMemberBytes);
    zstdTotalBytes += inflated.length;
    if (zstdTotalBytes > limits.maxTotalBytes) {
      throw new AnkiFormatError(
        "member-too-large",
        `package: members decompress to more than the ${formatBytes(limits.maxTotalBytes)} total limit`,
      );
    }
    return inflated;
  };
  const media = new Map<string, Uint8Array>();
  for (const [member, name] of mediaMembers) media.set(name, read(member));
  return { layout, collectionMember, collectionBytes: read(collectionMember), media };
}
