import { readFileSync } from "node:fs";
import path from "node:path";

import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";

import { AnkiFormatError } from "@/lib/anki/errors";
import { ANKI_MAX_ZIP_MEMBERS, DEFAULT_ANKI_PACKAGE_LIMITS, openAnkiPackage } from "@/lib/anki/package";

import {
  buildZip,
  encodeMediaEntries,
  encodeZstdStored,
  forgeDeclaredSize,
  META_LATEST,
  META_LEGACY_2,
  protobufVarintField,
} from "./build-package";

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const SMALL_LIMITS = { maxMembers: 10, maxMemberBytes: 1000, maxTotalBytes: 5000 };

function refusal(run: () => unknown): AnkiFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof AnkiFormatError) return error;
    throw error;
  }
  throw new Error("expected the package to be refused");
}

describe("choosing the collection member", () => {
  it("reads collection.anki2 when it is the only collection", () => {
    const opened = openAnkiPackage(buildZip({ "collection.anki2": "v11", media: "{}" }));
    expect([opened.layout, opened.collectionMember, text(opened.collectionBytes)]).toEqual([
      "legacy-1",
      "collection.anki2",
      "v11",
    ]);
  });

  it("prefers collection.anki21 over collection.anki2 without meta", () => {
    const opened = openAnkiPackage(buildZip({ "collection.anki2": "old", "collection.anki21": "new" }));
    expect([opened.layout, text(opened.collectionBytes)]).toEqual(["legacy-2", "new"]);
  });

  it("follows meta version 2 to collection.anki21", () => {
    const opened = openAnkiPackage(
      buildZip({ meta: META_LEGACY_2, "collection.anki21": "v2", "collection.anki2": "x" }),
    );
    expect([opened.layout, text(opened.collectionBytes)]).toEqual(["legacy-2", "v2"]);
  });

  it("follows meta version 3 to the zstd-compressed collection.anki21b", () => {
    const opened = openAnkiPackage(
      buildZip({
        meta: META_LATEST,
        "collection.anki21b": encodeZstdStored(new TextEncoder().encode("schema 18")),
        "collection.anki2": "Please update to the latest Anki version",
      }),
    );
    expect([opened.layout, opened.collectionMember, text(opened.collectionBytes)]).toEqual([
      "latest",
      "collection.anki21b",
      "schema 18",
    ]);
  });

  it("never falls back to the stub collection.anki2 when collection.anki21b exists without meta", () => {
    const opened = openAnkiPackage(
      buildZip({ "collection.anki21b": encodeZstdStored(new Uint8Array([1, 2])), "collection.anki2": "stub" }),
    );
    expect([opened.layout, [...opened.collectionBytes]]).toEqual(["latest", [1, 2]]);
  });

  it("refuses an unknown meta version, naming it", () => {
    const error = refusal(() => openAnkiPackage(buildZip({ meta: new Uint8Array(protobufVarintField(1, 7)) })));
    expect(error.message).toBe('package member "meta": PackageMetadata.version 7 is not one of 1, 2, 3');
  });

  it("refuses a package without the collection its layout needs", () => {
    expect(refusal(() => openAnkiPackage(buildZip({ media: "{}" }))).message).toBe(
      'package: no "collection.anki2" member (expected for layout legacy-1)',
    );
    expect(refusal(() => openAnkiPackage(buildZip({ meta: META_LATEST }))).message).toBe(
      'package: no "collection.anki21b" member (expected for layout latest)',
    );
  });

  it("refuses a collection.anki21b that is not zstd", () => {
    const error = refusal(() => openAnkiPackage(buildZip({ meta: META_LATEST, "collection.anki21b": "plain" })));
    expect([error.code, error.message]).toEqual([
      "bad-zstd",
      'package member "collection.anki21b": expected zstd-compressed data',
    ]);
  });
});

describe("media", () => {
  it("maps legacy numbered members to their names", () => {
    const opened = openAnkiPackage(
      buildZip({ "collection.anki2": "c", media: '{"0": "a.jpg", "1": "b c.mp3"}', "0": "AAA", "1": "BB" }),
    );
    expect([...opened.media].map(([name, bytes]) => [name, text(bytes)])).toEqual([
      ["a.jpg", "AAA"],
      ["b c.mp3", "BB"],
    ]);
  });

  it("decompresses latest-layout media listed in MediaEntries", () => {
    const opened = openAnkiPackage(
      buildZip({
        meta: META_LATEST,
        "collection.anki21b": encodeZstdStored(new Uint8Array([0])),
        media: encodeZstdStored(encodeMediaEntries(["x.png", "y.svg"])),
        "0": encodeZstdStored(new TextEncoder().encode("png")),
        "1": encodeZstdStored(new TextEncoder().encode("svg")),
      }),
    );
    expect([...opened.media].map(([name, bytes]) => [name, text(bytes)])).toEqual([
      ["x.png", "png"],
      ["y.svg", "svg"],
    ]);
  });

  it("reads stored (uncompressed) members, as Anki writes its already-zstd members", () => {
    const stored = zipSync({
      meta: [META_LATEST, { level: 0 }],
      "collection.anki21b": [encodeZstdStored(new TextEncoder().encode("db")), { level: 0 }],
      media: [encodeZstdStored(encodeMediaEntries(["a.png"])), { level: 0 }],
      "0": [encodeZstdStored(new Uint8Array([7, 8, 9])), { level: 0 }],
    });
    const opened = openAnkiPackage(stored);
    expect([text(opened.collectionBytes), [...opened.media].map(([n, b]) => [n, [...b]])]).toEqual([
      "db",
      [["a.png", [7, 8, 9]]],
    ]);
  });

  it.each(["../x", "/x", "a/b", "a\\b", "..", "C:evil"])("refuses the media name %j in a legacy map", (name) => {
    const error = refusal(() =>
      openAnkiPackage(buildZip({ "collection.anki2": "c", media: JSON.stringify({ "0": name }), "0": "x" })),
    );
    expect([error.code, error.message]).toEqual([
      "unsafe-media-name",
      `package member "media", entry "0": media name ${JSON.stringify(name)} must be a plain file name, without a path`,
    ]);
  });

  it("refuses a path in a latest-layout media entry", () => {
    const error = refusal(() =>
      openAnkiPackage(
        buildZip({
          meta: META_LATEST,
          "collection.anki21b": encodeZstdStored(new Uint8Array([0])),
          media: encodeZstdStored(encodeMediaEntries(["ok.png", "../../etc/passwd"])),
          "0": encodeZstdStored(new Uint8Array([1])),
          "1": encodeZstdStored(new Uint8Array([1])),
        }),
      ),
    );
    expect(error.message).toBe(
      'package member "media", entry 1: media name "../../etc/passwd" must be a plain file name, without a path',
    );
  });

  it("refuses a media map that is not a JSON object, or names a missing member", () => {
    expect(refusal(() => openAnkiPackage(buildZip({ "collection.anki2": "c", media: "[1]" }))).message).toBe(
      'package member "media": expected a JSON object {"0": "name.jpg", …}',
    );
    expect(refusal(() => openAnkiPackage(buildZip({ "collection.anki2": "c", media: '{"3": "a.jpg"}' }))).message).toBe(
      'package: media list names member "3", which is not in the zip',
    );
  });
});

describe("hostile archives", () => {
  it("refuses bytes that are not a zip", () => {
    const error = refusal(() => openAnkiPackage(new TextEncoder().encode("SQLite format 3\0 not a zip")));
    expect([error.code, error.message]).toEqual([
      "not-a-zip",
      "package: not a zip file (an .apkg or .colpkg is a zip archive)",
    ]);
  });

  it("states the default member limit as a named constant", () => {
    expect(DEFAULT_ANKI_PACKAGE_LIMITS.maxMembers).toBe(ANKI_MAX_ZIP_MEMBERS);
  });

  it("refuses more members than the limit", () => {
    const members = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i), "x"]));
    const error = refusal(() => openAnkiPackage(buildZip({ "collection.anki2": "c", ...members }), SMALL_LIMITS));
    expect([error.code, error.message]).toEqual([
      "too-many-members",
      "package: more than 10 zip members (limit ANKI_MAX_ZIP_MEMBERS)",
    ]);
  });

  it("refuses a member whose declared size is over the limit, before inflating it", () => {
    const zip = forgeDeclaredSize(buildZip({ "collection.anki2": "small" }), 0xfffffff0);
    const error = refusal(() => openAnkiPackage(zip));
    expect([error.code, error.message]).toEqual([
      "member-too-large",
      'package member "collection.anki2": declares 4294967280 bytes, over the 536870912 bytes limit',
    ]);
  });

  it("refuses a member that inflates past the limit while declaring a small size (zip bomb)", () => {
    const zip = forgeDeclaredSize(buildZip({ "collection.anki2": new Uint8Array(100_000) }), 10);
    expect(zip.length).toBeLessThan(1000);
    const error = refusal(() => openAnkiPackage(zip, SMALL_LIMITS));
    expect([error.code, error.message]).toEqual([
      "member-too-large",
      'package member "collection.anki2": decompresses to more than the 1000 bytes limit',
    ]);
  });

  it("refuses members that together inflate past the total limit", () => {
    const media = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [String(i), new Uint8Array(900)]));
    const map = JSON.stringify(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [String(i), `f${i}`])));
    const error = refusal(() =>
      openAnkiPackage(buildZip({ "collection.anki2": "c", media: map, ...media }), SMALL_LIMITS),
    );
    expect(error.message).toBe("package: members decompress to more than the 5000 bytes total limit");
  });

  it("refuses a zstd member that expands past the limit", () => {
    // A real zstd frame: 4,637 bytes that expand to a 139,264-byte collection.
    const compressed = new Uint8Array(
      readFileSync(path.resolve(import.meta.dirname, "../../fixtures/anki/ankidroid-schema16.anki2.zst")),
    );
    const zip = buildZip({ meta: META_LATEST, "collection.anki21b": compressed });
    const error = refusal(() => openAnkiPackage(zip, { ...SMALL_LIMITS, maxMemberBytes: 10_000 }));
    expect([error.code, error.message]).toEqual([
      "member-too-large",
      'package member "collection.anki21b": decompresses to more than the 10000 bytes limit',
    ]);
    expect(() => openAnkiPackage(zip, { ...SMALL_LIMITS, maxMemberBytes: 139_264 })).toThrowError(
      "package: members decompress to more than the 5000 bytes total limit",
    );
    const roomy = { maxMembers: 10, maxMemberBytes: 139_264, maxTotalBytes: 139_264 };
    expect(openAnkiPackage(zip, roomy).collectionBytes.length).toBe(139_264);
  });
});
