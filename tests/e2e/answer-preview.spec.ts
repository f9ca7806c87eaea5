import { expect, test } from "@playwright/test";
import { signIn } from "./support";

/** A bit-rate exercise: its answer box converts units to bit/s. */
const GENERATOR = "nyquist-capacity";

test.use({ locale: "en-US" });

test("the answer box reads byte rates, full-width digits, grouped numbers and ** in the browser, and asks about the ambiguous", async ({
  page,
}) => {
  await signIn(page);
  await page.goto(`/exercises/${GENERATOR}`);
  const answer = page.getByRole("textbox", { name: "Your answer" });
  // The first visit renders the exercise (KaTeX) on the server: give a loaded machine time.
  await expect(answer).toBeVisible({ timeout: 20_000 });
  const preview = page.locator("[data-preview]");

  const readings: [string, string][] = [
    ["９.２８７７ MB/s", "Read as: 9.2877 MB/s = 74301600 bit/s"],
    ["9.2877 Mb/s", "Read as: 9.2877 Mb/s = 9287700 bit/s"],
    ["9,287,712", "Read as: 9287712 bit/s"],
    ["２**１０ kbps。", "Read as: 2^10 kbps = 1024 kbps = 1024000 bit/s"],
    ["（１＋２）／４", "Read as: (1 + 2)/4 = 0.75 bit/s"],
  ];
  for (const [typed, shown] of readings) {
    await answer.fill(typed);
    await expect(preview).toHaveText(shown);
  }

  await answer.fill("9.2877 mb/s");
  await expect(preview).toContainText("Mb/s or MB/s?");
  await expect(answer).toHaveAttribute("aria-invalid", "true");
  await answer.fill("0,5");
  await expect(preview).toContainText("0.5 or the list [0, 5]");
});
