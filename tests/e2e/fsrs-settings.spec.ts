/**
 * Choosing FSRS in the settings: a warning near the ends of the retention
 * range as it is typed, a retention outside it refused with the field named,
 * and, once saved, grade buttons labelled with FSRS's intervals.
 */
import { expect, test } from "@playwright/test";
import { sqlGet } from "./db";
import { openReview, signIn } from "./support";

test.use({ locale: "en-US", timezoneId: "UTC" });

async function schedulerOf(email: string) {
  return sqlGet<{ scheduler: string; desiredRetention: number }>(
    'SELECT "scheduler", "desiredRetention" FROM "User" WHERE "email" = ?',
    email,
  );
}

test("a learner switches to FSRS, is warned near the ends of the range, and then sees FSRS's intervals", async ({
  page,
}) => {
  const { email } = await signIn(page);
  await page.goto("/settings");
  await page.getByLabel("Scheduler").selectOption("fsrs");
  const retention = page.getByLabel(/^Desired retention/);
  await retention.fill("0.72");
  await expect(page.getByText(/^Below 0.75 /)).toBeVisible();
  await retention.fill("0.96");
  await expect(page.getByText(/^Above 0.95 /)).toBeVisible();
  await retention.fill("0.98");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Enter a retention from 0.70 to 0.97.")).toBeVisible();
  await expect(page.getByLabel(/^Desired retention/)).toHaveAttribute("aria-invalid", "true");
  expect(await schedulerOf(email)).toEqual({ scheduler: "sm2", desiredRetention: 0.9 });

  await page.getByLabel(/^Desired retention/).fill("0.9");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  expect(await schedulerOf(email)).toEqual({ scheduler: "fsrs", desiredRetention: 0.9 });

  // A new card under FSRS-6's default weights: Hard 2 d (and practised again today), Good 3 d, Easy 8 d.
  await openReview(page);
  await page.keyboard.press("Space");
  await expect(page.getByRole("button", { name: /^Grade 3: .*, next 2 d, and again today$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Grade 4: .*, next 3 d$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Grade 5: .*, next 8 d$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Grade 1: .*, next again today$/ })).toBeVisible();
});
