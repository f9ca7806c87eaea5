/**
 * The learner's notes (the source of the deck) for the tests that check the
 * content against them. They live outside the repository: `NOTES_DIR`, or
 * `../shared/seed` next to the clone. Without them such a test shows as
 * skipped, never as passed; in CI (`CI=true`) a missing folder fails.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const NOTES_DIR = path.resolve(process.env.NOTES_DIR ?? path.join(repoRoot, "..", "shared", "seed"));
const inCi = process.env.CI === "true" || process.env.CI === "1";

/** Every text file of the notes folder, or null when there is no such folder. */
function notesFiles(): string[] | null {
  if (!existsSync(NOTES_DIR)) return null;
  return readdirSync(NOTES_DIR)
    .filter((name) => name.endsWith(".txt"))
    .sort()
    .map((name) => readFileSync(path.join(NOTES_DIR, name), "utf8"));
}

/** The notes page the deck follows (the 深度学习 page with its "On this page" outline). */
export function readNotesPage(): string {
  const files = notesFiles();
  if (files === null) throw new Error(`The learner's notes are not at ${NOTES_DIR} (set NOTES_DIR).`);
  const page = files.find((text) => text.includes("On this page") && /\n深度学习\n/.test(text));
  if (page === undefined) throw new Error(`No notes file in ${NOTES_DIR} holds the 深度学习 page.`);
  return page;
}

/** A test that needs the notes: runs with them, is skipped without them, fails in CI without them. */
export function itWithNotes(name: string, test: () => void | Promise<void>): void {
  if (existsSync(NOTES_DIR)) it(name, test);
  else if (inCi) {
    it(name, () => {
      throw new Error(`CI needs the learner's notes at ${NOTES_DIR} (or NOTES_DIR) for this test.`);
    });
  } else it.skip(`${name} (notes not found at ${NOTES_DIR})`, test);
}
