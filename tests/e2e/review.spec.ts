import { expect, test } from "@playwright/test";
import { generateExercise } from "../../lib/exercises";
import { sqlGet } from "./db";
import { signIn, openReview, waitForSaved } from "./support";

let email = "";

/** This test's learner's reviews that count (other tests' learners share the database). */
async function countReviews(): Promise<number> {
  const row = await sqlGet<{ n: number }>(
    'SELECT COUNT(*) AS n FROM "ReviewLog" r JOIN "User" u ON u."id" = r."userId" WHERE u."email" = ? AND r."undoneAt" IS NULL',
    email,
  );
  return row?.n ?? 0;
}

async function currentItemId(page: import("@playwright/test").Page): Promise<string> {
  return (await page.locator("article[data-item-id]").getAttribute("data-item-id")) ?? "";
}

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  email = (await signIn(page)).email;
});

test.describe("a Chinese-speaking browser", () => {
  test.use({ locale: "zh-CN" });

  test("switches language and keeps the choice across reloads", async ({ page }) => {
    await openReview(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("今日复习");
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Today's review");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Today's review");
    await expect(page.getByRole("button", { name: "Show answer" })).toBeVisible();
  });
});

test.use({ locale: "en-US" });

test("reviews cards with the keyboard, undoes with u, survives a reload and reaches the done screen", async ({
  page,
}) => {
  // A short day: five new items, the first three flashcards, then the k-means exercise of their section.
  await page.goto("/settings");
  await page.getByLabel("New items per day").fill("5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await openReview(page);
  const progress = page.getByRole("progressbar", { name: "Session progress" });
  await expect(progress).toHaveAttribute("aria-valuenow", "0");

  // Reveal with Space, grade with a digit key: the next card follows.
  const first = await currentItemId(page);
  await page.keyboard.press("Space");
  await expect(page.getByRole("region", { name: "Answer" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Grade 4: Right, after hesitation, next 1 d$/ })).toBeVisible();
  await page.keyboard.press("4");
  await expect(page.locator("article[data-item-id]")).not.toHaveAttribute("data-item-id", first);
  await waitForSaved(page);
  expect(await countReviews()).toBe(1);

  // u undoes it: the same card is back and the review no longer counts.
  await page.keyboard.press("u");
  await expect(page.locator("article[data-item-id]")).toHaveAttribute("data-item-id", first);
  await expect(page.getByRole("status")).toHaveText("Last grade undone.");
  await waitForSaved(page);
  expect(await countReviews()).toBe(0);

  // Enter reveals too; grade three cards, then reload: they are gone.
  const graded: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await currentItemId(page);
    graded.push(id);
    await page.keyboard.press("Enter");
    await page.keyboard.press("5");
    await expect(page.locator("article[data-item-id]")).not.toHaveAttribute("data-item-id", id);
  }
  await waitForSaved(page);
  expect(await countReviews()).toBe(3);
  await page.reload();
  await expect(page.locator("[data-review-ready=true]")).toBeVisible();
  await expect(progress).toHaveAttribute("aria-valuenow", "3");
  expect(graded).not.toContain(await currentItemId(page));

  // Work through the rest of today's new items: cards with the grade buttons, an exercise by answering it.
  for (let guard = 0; guard < 100; guard++) {
    if ((await page.locator("article[data-item-id]").count()) === 0) break;
    const id = await currentItemId(page);
    if (id.startsWith("exercise:")) {
      const seed = Number(await page.locator("[data-exercise][data-seed]").getAttribute("data-seed"));
      const { value } = generateExercise(id.slice("exercise:".length), seed).answer;
      await page
        .getByRole("textbox", { name: "Your answer" })
        .fill(Array.isArray(value) ? `[${value.join(", ")}]` : String(value));
      await page.keyboard.press("Enter");
      await expect(page.locator("[data-feedback]")).toHaveText("Correct!");
      await page.getByRole("button", { name: /^Next/ }).click();
    } else {
      await page.getByRole("button", { name: "Show answer" }).click();
      await page.getByRole("button", { name: /^Grade 5:/ }).click();
    }
    await expect(page.locator(`article[data-item-id="${id}"]`)).toHaveCount(0);
  }
  await expect(page.getByRole("heading", { name: "All done for today" })).toBeVisible();
  await expect(page.getByText(/Next card due/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "All done for today" })).toBeVisible();
});

test("u undoes only grades of the daily review: practice on /exercises in between is never undone", async ({
  page,
}) => {
  await openReview(page);
  const first = await currentItemId(page);
  await page.keyboard.press("Space");
  await page.keyboard.press("4");
  await expect(page.locator("article[data-item-id]")).not.toHaveAttribute("data-item-id", first);

  // Practise an exercise on demand: the solution shown ends it and logs a drill.
  await page.goto("/exercises/norm-lp");
  await page.getByRole("button", { name: /^Show solution/ }).click();
  await expect(page.locator("[data-drill-status]")).toHaveText("Saved to your practice log.");
  await waitForSaved(page);
  expect(await countReviews()).toBe(2);

  await openReview(page);
  await page.keyboard.press("u");
  await expect(page.locator("article[data-item-id]")).toHaveAttribute("data-item-id", first);
  await expect(page.getByRole("status")).toHaveText("Last grade undone.");
  // The drill still counts; a second u finds nothing left to undo and says so.
  await waitForSaved(page);
  expect(await countReviews()).toBe(1);
  await page.keyboard.press("u");
  await expect(page.getByRole("status")).toHaveText("There is nothing to undo today.");
  await waitForSaved(page);
  expect(await countReviews()).toBe(1);
});
