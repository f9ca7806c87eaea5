import { type Page, expect, test } from "@playwright/test";
import { generateExercise } from "../../lib/exercises";
import type { AnswerValue } from "../../lib/exercises";
import { sqlAll } from "./db";
import { signIn, openReview, waitForSaved } from "./support";

const GENERATOR = "norm-lp";
/** The daily queue introduces this many new items a day by default; the exercise must come within them. */
const NEW_PER_DAY = 20;

interface LogRow {
  id: string;
  itemId: string;
  kind: string;
  quality: number;
  detail: string | null;
}

/** The exercise rows of the review log of the learner signed up with `email`, oldest first. */
function exerciseLogs(email: string): Promise<LogRow[]> {
  return sqlAll<LogRow>(
    `SELECT l."id", l."itemId", l."kind", l."quality", l."detail"
     FROM "ReviewLog" l JOIN "User" u ON u."id" = l."userId"
     WHERE u."email" = ? AND l."itemId" LIKE 'exercise:%'
     ORDER BY l."reviewedAt", l."id"`,
    email,
  );
}

function typed(value: AnswerValue): string {
  return Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
}

/** A clearly wrong answer of the same shape. */
function wrongFor(value: AnswerValue): string {
  return Array.isArray(value) ? `[${value.map((v) => v + 1000).join(", ")}]` : String(value + 1000);
}

async function shownSeed(page: Page): Promise<number> {
  const seed = await page.locator("[data-exercise][data-seed]").getAttribute("data-seed");
  expect(seed).toMatch(/^\d+$/);
  return Number(seed);
}

test.describe.configure({ mode: "serial" });
test.use({ locale: "en-US" });

let email = "";

test.beforeEach(async ({ page }) => {
  email = (await signIn(page)).email;
});

test("practises an exercise on demand: one right, one wrong, both logged as drills with seed, input and verdict", async ({
  page,
}) => {
  await page.goto("/exercises");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Computed exercises");
  await expect(page.getByRole("heading", { name: /Norms/ })).toBeVisible();
  await page.getByRole("link", { name: "Practise: Lp norm of a vector" }).click();
  // The first visit renders the exercise (KaTeX) on the server: give a loaded machine time.
  await expect(page).toHaveURL(new RegExp(`/exercises/${GENERATOR}$`), { timeout: 20_000 });

  // First instance: right at the first answer.
  const answer = page.getByRole("textbox", { name: "Your answer" });
  await expect(answer).toBeFocused();
  const seed1 = await shownSeed(page);
  const first = generateExercise(GENERATOR, seed1);
  // The answer and the solution are not in the page before it is solved.
  await expect(page.getByRole("region", { name: "Worked solution" })).toHaveCount(0);
  await answer.fill(typed(first.answer.value));
  await expect(page.locator("[data-preview]")).toContainText("Read as:");
  await answer.press("Enter");
  await expect(page.locator("[data-feedback]")).toHaveText("Correct!");
  await expect(page.getByRole("region", { name: "Worked solution" })).toBeVisible();
  await expect(page.locator("[data-drill-status]")).toHaveText("Saved to your practice log.");

  // Another one: a new seed; answer wrong, then show the solution.
  await page.getByRole("button", { name: "Another one" }).click();
  await expect(page.locator("[data-exercise]")).not.toHaveAttribute("data-seed", String(seed1));
  const seed2 = await shownSeed(page);
  const second = generateExercise(GENERATOR, seed2);
  const wrong = wrongFor(second.answer.value);
  await expect(answer).toBeFocused();
  await page.keyboard.type(wrong);
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-feedback]")).toHaveAttribute("data-feedback", "wrong");
  await expect(page.getByRole("region", { name: "Your answers" })).toContainText(`✗ ${wrong}`);
  await page.getByRole("button", { name: /^Show a hint/ }).click();
  await expect(page.getByText("Hint 1")).toBeVisible();
  await page.getByRole("button", { name: "Show solution (grades this 1)" }).click();
  await expect(page.locator("[data-answer]")).toBeVisible();
  await expect(page.locator("[data-drill-status]")).toHaveText("Saved to your practice log.");

  const logs = (await exerciseLogs(email)).filter((l) => l.kind === "drill");
  expect(logs).toHaveLength(2);
  const [right, wrongLog] = logs;
  expect(right).toMatchObject({ itemId: `exercise:${GENERATOR}`, quality: 5 });
  expect(JSON.parse(right!.detail!)).toMatchObject({
    generatorId: GENERATOR,
    seed: seed1,
    attempts: [{ input: typed(first.answer.value), correct: true }],
    hintsShown: 0,
    solutionShown: false,
  });
  expect(wrongLog).toMatchObject({ itemId: `exercise:${GENERATOR}`, quality: 1 });
  expect(JSON.parse(wrongLog!.detail!)).toMatchObject({
    generatorId: GENERATOR,
    seed: seed2,
    attempts: [{ input: wrong, correct: false }],
    hintsShown: 1,
    solutionShown: true,
  });

  // The overview counts both: one of two solved at the first try.
  await page.goto("/exercises");
  const row = page.locator(`li[data-generator-id="${GENERATOR}"]`);
  await expect(row).toContainText("50% first try");
  await expect(row).toContainText("2 attempts");
});

test("an unknown exercise is not found", async ({ page }) => {
  const response = await page.goto("/exercises/no-such-exercise");
  expect(response?.status()).toBe(404);
});

test("solves an exercise that comes up in the daily queue and grades it from the attempt", async ({ page }) => {
  await openReview(page);
  const article = page.locator("article[data-item-id]");
  let itemId = "";
  for (let i = 0; i < NEW_PER_DAY; i++) {
    itemId = (await article.getAttribute("data-item-id")) ?? "";
    if (itemId.startsWith("exercise:")) break;
    await page.getByRole("button", { name: "Show answer" }).click();
    await page.getByRole("button", { name: /^Grade 5:/ }).click();
    await expect(page.locator(`article[data-item-id="${itemId}"]`)).toHaveCount(0);
  }
  // The deck places each exercise right after its section's cards, so one comes within the first day's new items.
  expect(itemId, `an exercise among the first ${NEW_PER_DAY} new items`).toMatch(/^exercise:/);

  const generatorId = itemId.slice("exercise:".length);
  const answer = page.getByRole("textbox", { name: "Your answer" });
  await expect(answer).toBeFocused();
  const seed = await shownSeed(page);
  // A reload shows the very same instance: an attempt cannot be rerolled.
  await page.reload();
  await expect(page.locator("[data-exercise][data-seed]")).toHaveAttribute("data-seed", String(seed));
  await expect(answer).toBeFocused();
  const instance = generateExercise(generatorId, seed);
  await page.keyboard.type(typed(instance.answer.value));
  await page.keyboard.press("Enter");
  await expect(page.locator("[data-feedback]")).toHaveText("Correct!");
  const next = page.getByRole("button", { name: /^Next/ });
  await expect(next).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator(`article[data-item-id="${itemId}"]`)).toHaveCount(0);

  await waitForSaved(page);
  const reviews = (await exerciseLogs(email)).filter((l) => l.itemId === itemId && l.kind !== "drill");
  expect(reviews).toHaveLength(1);
  expect(reviews[0]).toMatchObject({ kind: "new", quality: 5 });
  expect(JSON.parse(reviews[0]!.detail!)).toMatchObject({
    generatorId,
    seed,
    attempts: [{ input: typed(instance.answer.value), correct: true }],
    solutionShown: false,
  });
});
