import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test.use({ locale: "en-US" });
test.describe.configure({ mode: "serial" });

/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
let imageSrc = "";
let editUrl = "";

/**
 * A learner's own card from deck to review: a nested deck, a cloze note with
 * a formula, found by three searches, one card suspended from the browser,
 * the deck studied alone (the other card shows, not the built-in deck), and
 * the note opened with `e` during the review.
 */
test("create a deck and a cloze note, find it three ways, suspend from the browser, study the deck, edit with e", async ({
  page,
}) => {
  await signIn(page);

  await page.goto("/decks");
  await page.getByLabel("Deck name").fill("Own::Activations");
  await page.getByRole("button", { name: "Create deck" }).click();
  await expect(page.locator('[data-deck="Own::Activations"]')).toBeVisible();
  await expect(page.locator('[data-deck="Own"]')).toBeVisible();

  await page.goto("/notes/new");
  await page.getByLabel("Note type").selectOption("cloze");
  await page.getByLabel("Deck", { exact: true }).fill("Own::Activations");
  // A refused note keeps what was typed and names the field.
  const text = page.getByLabel("Text *");
  await text.fill("Softmax {{c1::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Text: the cloze c1 is not closed with }}.")).toBeVisible();
  await expect(text).toHaveValue("Softmax {{c1::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$");
  await expect(text).toHaveAttribute("aria-invalid", "true");

  // The cloze helper: select a word and press Ctrl+Shift+C.
  await text.fill("Softmax {{c1::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$}} normalizes logits");
  await text.evaluate((el: HTMLTextAreaElement) => {
    const at = el.value.indexOf("logits");
    el.setSelectionRange(at, at + "logits".length);
  });
  await text.press("Control+Shift+C");
  await expect(text).toHaveValue("Softmax {{c1::$\\frac{e^{z_i}}{\\sum_j e^{z_j}}$}} normalizes {{c2::logits}}");
  await page.getByLabel("Tags").fill("softmax ml::act");
  // An image: a text file claiming to be a PNG is refused, a real PNG goes into the field where the cursor was.
  await page
    .getByLabel("Add an image")
    .setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("<svg onload=alert(1)>") });
  await expect(page.getByText("That file's contents are not the image/png image")).toBeVisible();
  await text.evaluate((el: HTMLTextAreaElement) => {
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  });
  await page.getByLabel("Add an image").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByText("Image added.")).toBeVisible();
  await expect(text).toHaveValue(/!\[dot\.png\]\(\/media\/[a-z2-7]+\)/);
  const src = /\/media\/[a-z2-7]+/.exec(await text.inputValue())?.[0] ?? "";
  await expect(page.locator(`[data-preview-card] img[src="${src}"]`).first()).toBeVisible();
  const image = await page.request.get(src);
  expect(image.status()).toBe(200);
  expect(image.headers()["content-type"]).toBe("image/png");
  expect(image.headers()["x-content-type-options"]).toBe("nosniff");
  expect(image.headers()["content-security-policy"]).toContain("default-src 'none'");
  imageSrc = src;
  await expect(page.locator("[data-preview-card]")).toHaveCount(2);
  await expect(page.locator("[data-preview-card] .katex").first()).toBeVisible();
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Added. Write the next one.")).toBeVisible();

  for (const query of ['"deck:own::activations"', "tag:ml", "normalizes note:cloze -is:suspended"]) {
    await page.goto(`/browse?${new URLSearchParams({ q: query }).toString()}`);
    await expect(page.getByText("2 cards match."), query).toBeVisible();
  }
  await page.goto(`/browse?${new URLSearchParams({ q: "is:nonsense" }).toString()}`);
  await expect(page.getByRole("alert").filter({ hasText: "does not parse" })).toContainText("character 4");

  // Suspend the c1 card from the browser.
  await page.goto(`/browse?${new URLSearchParams({ q: "tag:softmax", sort: "text", dir: "asc" }).toString()}`);
  const rows = page.locator("tbody tr[data-item-id]");
  await expect(rows).toHaveCount(2);
  const c1 = page.locator('tbody tr[data-item-id$="_1"]');
  await c1.getByRole("checkbox").check();
  await page.getByLabel("Action").selectOption("suspend");
  await page.getByRole("button", { name: "Apply action" }).click();
  await expect(page.getByText("1 card changed.")).toBeVisible();
  await expect(c1).toContainText("suspended");

  // Study the deck alone: its unsuspended card, not the built-in deck.
  await page.goto("/decks");
  await page.locator('[data-deck="Own"]').getByRole("link", { name: "Study" }).click();
  await expect(page.locator("[data-review-ready=true]")).toBeVisible();
  await expect(page.getByText("Studying Own and the decks under it.")).toBeVisible();
  const card = page.locator("article[data-item-id]");
  await expect(card).toHaveAttribute("data-item-id", /_2$/);
  await expect(page.locator("[data-review-key-hints]")).toContainText("e edit the note");
  await page.keyboard.press("e");
  await expect(page).toHaveURL(/\/notes\/[a-z2-7]+\/edit$/);
  await expect(page.getByLabel("Text *")).toHaveValue(/normalizes \{\{c2::logits\}\}/);
  editUrl = page.url();
});

test("a second learner sees none of it: not the note, its cards, its deck nor its image", async ({ page }) => {
  expect(editUrl).not.toBe("");
  await signIn(page);
  expect((await page.request.get(imageSrc)).status()).toBe(404);
  const edit = await page.goto(editUrl);
  expect(edit?.status()).toBe(404);
  await page.goto(`/browse?${new URLSearchParams({ q: "tag:softmax OR normalizes" }).toString()}`);
  await expect(page.getByText("No cards match.")).toBeVisible();
  await page.goto("/decks");
  await expect(page.getByText("You have no decks yet.")).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the editor fits the screen, saves a basic note and the browser's table scrolls within itself", async ({
    page,
  }) => {
    await signIn(page);
    await page.goto("/notes/new");
    await page.getByLabel("Front *").fill("What does $\\sigma(0)$ equal?");
    await page.getByLabel("Back *").fill("$\\tfrac12$");
    await expect(page.locator("[data-preview-card] .katex").first()).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByText("Added. Write the next one.")).toBeVisible();
    await expect(page.getByLabel("Front *")).toHaveValue("");
    await page.goto(`/browse?${new URLSearchParams({ q: "sigma" }).toString()}`);
    await expect(page.getByText("1 card matches.")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  });
});

test("custom study practises a search's cards as drills, leaving their schedule alone", async ({ page }) => {
  await signIn(page);
  await page.goto("/notes/new");
  await page.getByLabel("Note type").selectOption("basic-reverse");
  await page.getByLabel("Front *").fill("dropout rate");
  await page.getByLabel("Back *").fill("probability of zeroing a unit");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Added. Write the next one.")).toBeVisible();

  await page.goto(`/study?${new URLSearchParams({ q: "dropout" }).toString()}`);
  await expect(page.getByText("Card 1 of 2 (2 match)")).toBeVisible();
  await expect(page.locator("[data-practice-ready=true]")).toBeVisible();
  await page.getByRole("button", { name: "Show answer" }).click();
  await page.keyboard.press("2");
  await expect(page.getByTestId("drill-saved")).toBeVisible();
  await page.keyboard.press("n");
  await expect(page.getByText("Card 2 of 2 (2 match)")).toBeVisible();

  // Both cards are still new: a drill never schedules.
  await page.goto(`/browse?${new URLSearchParams({ q: "dropout is:new" }).toString()}`);
  await expect(page.getByText("2 cards match.")).toBeVisible();
  // The drill is an answer, as a filtered deck's is in Anki: rated:1 finds the card practised, only it.
  await page.goto(`/browse?${new URLSearchParams({ q: "dropout rated:1:2" }).toString()}`);
  await expect(page.getByText("1 card matches.")).toBeVisible();
});
