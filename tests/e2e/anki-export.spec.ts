import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { readAnkiPackage } from "@/lib/anki/read-package";
import { signIn } from "./support";

test.use({ locale: "en-US" });

/**
 * A learner's own deck and a built-in deck downloaded from /decks as Anki
 * files, read back with the package reader; the route answers only the
 * signed-in owner of the deck.
 */
test("export an own deck as .apkg and a built-in deck as Anki text, from the decks page, for the owner only", async ({
  page,
  browser,
}) => {
  await signIn(page);
  await page.goto("/notes/new");
  await page.getByLabel("Deck", { exact: true }).fill("Anki out::Norms");
  await page.getByLabel("Front *").fill("What is $\\|x\\|_2$?");
  await page.getByLabel("Back *").fill("The Euclidean norm");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Added. Write the next one.")).toBeVisible();

  await page.goto("/decks");
  const own = page.locator('[data-deck="Anki out"]');
  const downloading = page.waitForEvent("download");
  await own.getByRole("link", { name: "Deck (.apkg)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("Anki-out.apkg");
  const pkg = readAnkiPackage(new Uint8Array(readFileSync(await download.path())));
  expect(pkg.layout).toBe("legacy-2");
  expect(pkg.decks.map((d) => d.name).sort()).toEqual(["Anki out", "Anki out::Norms", "Default"]);
  expect(pkg.notes.map((n) => n.fields)).toEqual([["<p>What is \\(\\|x\\|_2\\)?</p>", "<p>The Euclidean norm</p>"]]);
  expect(pkg.cards).toHaveLength(1);

  // A built-in card deck offers the export; its text file has Anki's headers and bilingual fields.
  const builtIn = page
    .locator("#built-in-decks + ul > li")
    .filter({ has: page.getByRole("link", { name: "Text (.txt)" }) });
  const href = await builtIn.first().getByRole("link", { name: "Text (.txt)" }).getAttribute("href");
  const text = await page.request.get(href ?? "");
  expect(text.status()).toBe(200);
  expect(text.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.txt"; filename\*=UTF-8''/);
  const body = await text.text();
  expect(body.startsWith("#separator:tab\n#html:true\n")).toBe(true);
  expect(body).toContain("\tBasic\tDeep learning::");
  // Fields holding quotes or line breaks are quoted, their quotes doubled.
  expect(body).toContain('"<div lang=""zh"">');

  // The route checks the session: no session, 401; another learner, no such deck.
  const ownHref = (await own.getByRole("link", { name: "Deck (.apkg)" }).getAttribute("href")) ?? "";
  const anonymous = await browser.newContext();
  expect((await anonymous.request.get(new URL(ownHref, page.url()).toString())).status()).toBe(401);
  const otherPage = await anonymous.newPage();
  await otherPage.goto(page.url());
  await signIn(otherPage);
  expect((await otherPage.request.get(new URL(ownHref, page.url()).toString())).status()).toBe(404);
  expect((await page.request.get(`${ownHref.split("?")[0] ?? ""}?format=zip`)).status()).toBe(400);
  await anonymous.close();
});
