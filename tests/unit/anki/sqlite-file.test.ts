import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { readCollection } from "@/lib/anki/collection";
import { AnkiFormatError } from "@/lib/anki/errors";
import { withCollectionFile } from "@/lib/anki/sqlite-file";

import { buildSchema11 } from "./build-collection";

let root = "";
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "anki-reader-test-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const collection = buildSchema11({ crt: 0, conf: {}, models: {}, decks: {} }, { notes: [], cards: [], reviews: [] });

describe("the private copy of a collection", () => {
  it("is deleted after a successful read", () => {
    const facts = withCollectionFile(collection, "test", (db) => readCollection(db).facts, root);
    expect(facts.schemaVersion).toBe(11);
    expect(readdirSync(root)).toEqual([]);
  });

  it("is deleted when the file is not SQLite", () => {
    expect(() => withCollectionFile(new Uint8Array(4096).fill(7), "test file", () => 0, root)).toThrowError(
      AnkiFormatError,
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it("is deleted when reading fails", () => {
    expect(() =>
      withCollectionFile(
        collection,
        "test",
        () => {
          throw new Error("reader failed");
        },
        root,
      ),
    ).toThrowError("reader failed");
    expect(readdirSync(root)).toEqual([]);
  });
});
