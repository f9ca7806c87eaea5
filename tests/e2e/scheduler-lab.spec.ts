import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn, openReview, waitForSaved } from "./support";

test.use({ locale: "en-US" });

test("the scheduler lab computes in the background, then shows both schedulers and the fit's outcome", async ({
  page,
}) => {
  await signIn(page);
  await openReview(page);
  for (let i = 0; i < 3; i++) {
    const id = await page.locator("article[data-item-id]").getAttribute("data-item-id");
    await page.keyboard.press("Space");
    await page.keyboard.press("4");
    await expect(page.locator(`article[data-item-id="${id}"]`)).toHaveCount(0);
  }
  await waitForSaved(page);

  await page.goto("/progress");
  await page.getByRole("link", { name: /Scheduler lab/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Scheduler lab/);
  // Computed in the background; the page polls until the figures are there.
  await expect(page.getByTestId("workload-summary")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("lab-computing")).toHaveCount(0);
  await expect(page.getByText("Too few reviews a day or more apart to compare predictions yet.")).toBeVisible();
  await expect(page.getByTestId("workload-summary")).toContainText("SM-2 reaches");
  await expect(page.getByTestId("workload-summary")).toContainText("Your current setting: SM-2");
  await expect(page.getByRole("table", { name: "Simulated workload by retention" })).toBeAttached();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations).toEqual([]);

  // Three reviews are far below the minimum: the defaults stay, and the page says so.
  await expect(page.getByTestId("fit-status")).toHaveText("Your parameters have not been fitted yet.");
  await page.getByRole("button", { name: "Fit my parameters" }).click();
  await expect(page.getByTestId("fit-status")).toContainText(
    "Only 3 reviews usable: FSRS keeps its default parameters.",
  );
});
