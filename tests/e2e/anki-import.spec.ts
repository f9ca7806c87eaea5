import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { importedDeckName } from "@/lib/anki/import-plan";
import { readAnkiPackage } from "@/lib/anki/read-package";
import { buildZip, META_LATEST } from "../unit/anki/build-package";
import { openReview, signIn } from "./support";

test.use({ locale: "en-US" });

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/anki");

/**
 * A collection Anki wrote (schema 18, two decks, review history), in the
 * latest package layout, uploaded through /import in the browser: the
 * progress and summary show, its cards are in the browser by deck, and the
 * review starts with its most overdue card.
 */
test("a real Anki collection uploaded in chromium: summary, its cards in the browser, and its overdue card in the review", async ({
  page,
}) => {
  await signIn(page);
  const pkg = Buffer.from(
    buildZip({
      meta: META_LATEST,
      "collection.anki21b": new Uint8Array(readFileSync(path.join(FIXTURES, "transformerman-two-deck.anki2.zst"))),
      "collection.anki2": "stub that must never be read",
    }),
  );
  await page.goto("/decks");
  await page.getByRole("link", { name: "Import from Anki" }).click();
  await expect(page).toHaveURL(/\/import$/);
  await page
    .getByLabel("Anki package")
    .setInputFiles({ name: "two-deck.colpkg", mimeType: "application/zip", buffer: pkg });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-summary")).toContainText("16 notes (16 new, 0 updated), 16 cards, 8 reviews");
  await expect(page.getByText("Decks: decka, deckb")).toBeVisible();

  await page.goto(`/browse?q=${encodeURIComponent("deck:decka")}`);
  await expect(page.getByText("10 cards match.")).toBeVisible();
  await expect(page.locator("[data-item-id]").filter({ hasText: "aaa car" }).first()).toBeVisible();

  // Imported review cards were due in 2023: the most overdue of them leads the review.
  await openReview(page);
  await expect(page.locator(".prose-card").first()).toContainText(/aaa (aa )?car/);
  await page.keyboard.press("Space");
  await expect(page.locator(".prose-card").last()).toContainText("aaa");

  // The same package again adds nothing.
  await page.goto("/import");
  await page
    .getByLabel("Anki package")
    .setInputFiles({ name: "two-deck.colpkg", mimeType: "application/zip", buffer: pkg });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-summary")).toContainText("16 notes (0 new, 16 updated), 16 cards, 0 reviews");
});

test("a file that is not a package is refused with its cause, and nothing is imported", async ({ page }) => {
  await signIn(page);
  await page.goto("/import");
  await page
    .getByLabel("Anki package")
    .setInputFiles({ name: "notes.apkg", mimeType: "application/zip", buffer: Buffer.from("just some text") });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Nothing was imported" })).toContainText(
    "Nothing was imported: package: not a zip file",
  );
  await page.goto("/browse?q=deck%3Adecka");
  await expect(page.getByText("No cards match.")).toBeVisible();
});

/**
 * The built-in deck taken to Anki and back: exported as .apkg by one
 * learner from /decks, imported on /import by a second, whose browser then
 * holds the same number of cards with the same first card.
 */
test("a built-in deck exported as .apkg and imported into a second account gives the same cards", async ({
  browser,
  page,
}) => {
  await signIn(page);
  await page.goto("/decks");
  const deck = page
    .locator("#built-in-decks + ul > li")
    .filter({ has: page.getByRole("link", { name: "Deck (.apkg)" }) })
    .first();
  const downloading = page.waitForEvent("download");
  await deck.getByRole("link", { name: "Deck (.apkg)" }).click();
  const file = await (await downloading).path();
  const exported = readAnkiPackage(new Uint8Array(readFileSync(file)));
  expect(exported.cards.length).toBeGreaterThan(0);

  const second = await browser.newPage({ baseURL: new URL(page.url()).origin });
  await second.goto("/");
  await signIn(second);
  await second.goto("/import");
  await second.getByLabel("Anki package").setInputFiles(file);
  await second.getByRole("button", { name: "Import", exact: true }).click();
  await expect(second.getByTestId("import-summary")).toContainText(
    `${exported.notes.length} notes (${exported.notes.length} new, 0 updated), ${exported.cards.length} cards`,
  );
  // The deck as the import names it: Anki's name within the app's deck-name limits (60 characters a level).
  const deckName = importedDeckName(
    exported.decks.find((d) => exported.cards.some((c) => c.deckId === d.id))?.name ?? "",
  );
  await second.goto(`/browse?q=${encodeURIComponent(`"deck:${deckName.replace(/["\\*_]/g, "\\$&")}"`)}`);
  await expect(second.getByText(`${exported.cards.length} cards match.`)).toBeVisible();
  await second.close();
});
