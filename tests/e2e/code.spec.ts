import { type Page, type Request, expect, test } from "@playwright/test";
import { CODE_EXERCISES, findCodeExercise } from "../../lib/codecheck/exercises/index";
import type { CodeExercise } from "../../lib/codecheck/types";
import { sqlAll } from "./db";
import { signIn } from "./support";

/** Strings found in the TensorFlow.js bundle and nowhere else. */
const TFJS_MARKERS = ["@tensorflow/tfjs", "FusedBatchNorm", "WEBGL_VERSION"];

interface LogRow {
  kind: string;
  quality: number;
  detail: string | null;
}

function reviewLogsOf(itemId: string): Promise<LogRow[]> {
  return sqlAll<LogRow>(
    'SELECT "kind", "quality", "detail" FROM "ReviewLog" WHERE "itemId" = ? AND "undoneAt" IS NULL',
    itemId,
  );
}

function referenceOf(id: string): string {
  const exercise = findCodeExercise(id);
  if (exercise === undefined) throw new Error(`no exercise ${id}`);
  return exercise.reference;
}

async function typeSource(page: Page, source: string): Promise<void> {
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await page.locator(".cm-content").click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(source);
}

/** Runs with Ctrl+Enter and waits for the verdict; returns the status shown. */
async function runSource(page: Page, source: string, timeoutMs = 30_000): Promise<string> {
  await typeSource(page, source);
  const status = page.locator("[data-run-status]");
  const before = Number(await status.getAttribute("data-run-count"));
  await page.keyboard.press("Control+Enter");
  await expect(status).toHaveAttribute("data-run-count", String(before + 1), { timeout: timeoutMs });
  // A pass is graded before the run button comes back.
  await expect(status).not.toHaveAttribute("data-run-status", "running");
  const shown = (await status.getAttribute("data-run-status")) ?? "";
  if (process.env.CODE_E2E_DEBUG)
    console.log(shown, await page.locator("section[aria-labelledby=results-title]").innerText());
  return shown;
}

test.describe.configure({ mode: "serial" });
test.use({ locale: "en-US" });

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("the review page loads no TensorFlow.js; the code page only inside the sandbox", async ({ page }) => {
  const scripts: { url: string; body: Promise<string> }[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script")
      scripts.push({ url: response.url(), body: response.text().catch(() => "") });
  });
  // Visiting the review page also enrolls the learner, so code items get schedule rows.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    const body = await script.body;
    for (const marker of TFJS_MARKERS) expect(body.includes(marker), `${script.url} contains ${marker}`).toBe(false);
  }

  scripts.length = 0;
  await page.goto("/code/mse");
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await expect.poll(() => scripts.some((s) => s.url.endsWith("/sandbox/host.js"))).toBe(true);
  for (const script of scripts) {
    const hasTf = (await script.body).includes("FusedBatchNorm");
    // host.js embeds the worker, which starts from a blob: URL of the sandbox's opaque origin.
    const inSandbox = script.url.startsWith("blob:null/") || new URL(script.url).pathname === "/sandbox/host.js";
    expect(hasTf, script.url).toBe(inSandbox);
  }
  // The sandbox document carries its own policy.
  const sandbox = await page.request.get("/code/sandbox");
  const policy = sandbox.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("connect-src 'none'");
  expect(policy).toContain("sandbox allow-scripts");
});

/** Each test signs up a new learner; the review page enrolls them, giving code items schedule rows. */
async function enroll(page: Page): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

test("pasting the reference passes every case and grades the review 5", async ({ page }) => {
  await enroll(page);
  await page.goto("/code/mse?review=1");
  await expect(page.locator("[data-code-mode=review]")).toBeVisible();
  expect(await runSource(page, referenceOf("mse"))).toBe("pass");
  const cases = page.locator("[data-case-status]");
  expect(await cases.count()).toBeGreaterThan(0);
  await expect(page.locator("[data-case-status]:not([data-case-status=pass])")).toHaveCount(0);
  await expect(page.locator("[data-solution]")).toBeVisible();
  await expect(page.locator("[data-recorded=review]")).toContainText(
    "quality 5: passed at the first run without hints",
  );
  const logs = await reviewLogsOf("code:mse");
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatchObject({ kind: "new", quality: 5 });
  expect(JSON.parse(logs[0]?.detail ?? "{}")).toMatchObject({
    exerciseId: "mse",
    runs: [{ status: "pass" }],
    hintsShown: 0,
    solutionShown: false,
  });
});

test("hostile submissions cannot hang the page, reach the network, read the cookie or record a pass", async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const origin = new URL(baseURL ?? "http://127.0.0.1").origin;
  await context.addCookies([{ name: "probe_session", value: "secret-cookie-value", url: origin }]);
  const requests: Request[] = [];
  page.on("request", (request) => requests.push(request));
  await enroll(page);
  await page.goto("/code/forward-pass?review=1");
  await expect(page.locator("[data-code-mode=review]")).toBeVisible();

  // A forged result: on the worker's own channel, through the prototype, by patching the port and the comparison.
  const forged = `
    function forward(x, w1, b1, w2, b2) {
      const fake = { type: "result", runId: "x", nonce: "x", result: { status: "pass", cases: [{ name: "forged", status: "pass", message: "ok" }] } };
      try { postMessage(fake); } catch (e) { console.log("postMessage:", String(e)); }
      try { Object.getPrototypeOf(self).postMessage.call(self, fake); } catch (e) { console.log("proto:", String(e)); }
      try { MessagePort.prototype.postMessage = function () {}; } catch (e) {}
      try { Math.abs = () => 0; Number.isFinite = () => true; } catch (e) {}
      try { tf.Tensor.prototype.dataSync = () => new Float32Array(0); } catch (e) {}
      self.addEventListener("message", (event) => console.log("sniffed", JSON.stringify(event.data)));
      return tf.zeros([1]);
    }`;
  const forgedRun = runSource(page, forged);
  // The page itself posting a fake result is ignored too: only the sandbox iframe may answer.
  await page.evaluate(() =>
    window.postMessage(
      {
        type: "result",
        runId: "x",
        nonce: "x",
        result: { status: "pass", cases: [{ name: "f", status: "pass", message: "ok" }] },
      },
      "*",
    ),
  );
  expect(await forgedRun).not.toBe("pass");
  await expect(page.locator("[data-case-status=pass]")).toHaveCount(0);

  // Network, scripts, cookies and storage.
  const snoop = `
    async function forward(x, w1, b1, w2, b2) {
      try { await fetch("${origin}/probe-fetch"); console.log("fetch: reached"); } catch (e) { console.log("fetch failed:", String(e)); }
      try { await fetch("https://example.com/probe-external"); console.log("external: reached"); } catch (e) { console.log("external failed:", String(e)); }
      try { const r = new XMLHttpRequest(); r.open("GET", "${origin}/probe-xhr", false); r.send(); console.log("xhr: reached"); } catch (e) { console.log("xhr failed:", String(e)); }
      try { importScripts("${origin}/probe-import.js"); console.log("import: reached"); } catch (e) { console.log("importScripts failed:", String(e)); }
      console.log("cookie:", typeof document === "undefined" ? "no document" : document.cookie);
      console.log("storage:", typeof localStorage === "undefined" ? "no localStorage" : localStorage.length);
      throw new Error("snooped");
    }`;
  expect(await runSource(page, snoop)).toBe("error");
  const output = page.locator("[data-run-output]");
  await expect(output).toContainText("fetch failed: TypeError");
  await expect(output).toContainText("external failed: TypeError");
  await expect(output).toContainText("xhr failed:");
  await expect(output).toContainText("importScripts failed:");
  await expect(output).toContainText("cookie: no document");
  await expect(output).toContainText("storage: no localStorage");
  await expect(output).not.toContainText("reached");
  await expect(output).not.toContainText("secret-cookie-value");

  // An infinite loop is stopped by the page (the iframe is replaced); the page stays usable.
  const started = Date.now();
  expect(await runSource(page, "function forward() { while (true) {} }", 20_000)).toBe("error");
  expect(Date.now() - started).toBeLessThan(15_000);
  await expect(page.locator("[data-run-error]")).toContainText("Stopped after");
  await page.getByRole("button", { name: /Show hint 1 of/ }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "relu" }).first()).toBeVisible();

  // Allocation without bound ends as an error too (worker crash or time limit).
  expect(
    await runSource(
      page,
      "function forward() { const kept = []; while (true) kept.push(new Float64Array(1 << 20).fill(1)); }",
      30_000,
    ),
  ).toBe("error");

  // The sandbox still works afterwards, and nothing was recorded as passed.
  expect(await runSource(page, "function forward(x) { return tf.zeros([1]); }")).toBe("fail");
  expect(await reviewLogsOf("code:forward-pass")).toEqual([]);
  await page.getByRole("button", { name: "Give up (grade 1)" }).click();
  await expect(page.locator("[data-recorded=review]")).toContainText("quality 1");
  expect((await reviewLogsOf("code:forward-pass")).map((row) => row.quality)).toEqual([1]);

  // Workers start from blob: URLs of the sandbox (no network); everything else goes to the app itself.
  const urls = requests.map((request) => request.url());
  expect(urls.filter((url) => !url.startsWith("blob:null/") && new URL(url).origin !== origin)).toEqual([]);
  // Chromium reports the blocked XHR attempt, but it never got a response: the CSP stopped it in the browser.
  const probes = requests.filter((request) => request.url().includes("probe"));
  expect(probes.map((request) => new URL(request.url()).pathname).filter((p) => p !== "/probe-xhr")).toEqual([]);
  for (const probe of probes) {
    expect(await probe.response()).toBeNull();
    expect(probe.failure()?.errorText ?? "").toMatch(/BLOCKED|csp|ABORTED/i);
  }
});

/**
 * Wrong solutions that tamper with tfjs at the top level, before any case
 * runs, on whichever backend the sandbox runs (each prints it). Each of them
 * passed while the expected values were computed by the same tfjs after the
 * learner's code had run; the last one passes on an unlocked wasm backend.
 */
const TAMPERING: { label: string; source: string; output: string }[] = [
  {
    label: "re-registers the Mean kernel to sum",
    source: `
      console.log("backend:", tf.getBackend());
      try {
        const sum = tf.getKernel("Sum", tf.getBackend());
        tf.registerKernel({ kernelName: "Mean", backendName: tf.getBackend(), kernelFunc: (args) => sum.kernelFunc(args) });
      } catch (e) { console.log("registerKernel:", String(e)); }
      function mse(yTrue, yPred) {
        return tf.sum(tf.square(tf.sub(yTrue, yPred)));
      }`,
    output: "registerKernel: Error: tf.registerKernel is not available in the exercise sandbox",
  },
  {
    label: "makes the backend's readSync return zeros",
    source: `
      console.log("backend:", tf.getBackend());
      const zeros = () => new Float32Array(1);
      try { tf.backend().readSync = zeros; } catch (e) { console.log("readSync:", String(e)); }
      console.log("readSync replaced:", tf.backend().readSync === zeros);
      function mse(yTrue, yPred) {
        return tf.scalar(42);
      }`,
    output: "readSync replaced: false",
  },
  {
    label: "wraps engine.runKernel to run Sum for Mean",
    source: `
      console.log("backend:", tf.getBackend());
      const engine = tf.engine();
      const run = engine.runKernel;
      const wrapped = (name, inputs, attrs) => run.call(engine, name === "Mean" ? "Sum" : name, inputs, attrs);
      try { engine.runKernel = wrapped; } catch (e) { console.log("runKernel:", String(e)); }
      try { Object.getPrototypeOf(engine).runKernel = wrapped; } catch (e) { console.log("runKernel:", String(e)); }
      console.log("runKernel wrapped:", engine.runKernel === wrapped);
      function mse(yTrue, yPred) {
        return tf.sum(tf.square(tf.sub(yTrue, yPred)));
      }`,
    output: "runKernel wrapped: false",
  },
  {
    label: "has the wasm Sum export compute the mean",
    source: `
      console.log("backend:", tf.getBackend());
      const wasm = tf.backend().wasm;
      const real = wasm.asm;
      const meanForSum = (x, size, dtype, out) => real.Mean(x, size, out);
      try { wasm.asm = { ...real, Sum: meanForSum }; } catch (e) { console.log("asm:", String(e)); }
      console.log("exports replaced:", tf.backend().wasm.asm.Sum === meanForSum);
      function mse(yTrue, yPred) {
        return tf.sum(tf.square(tf.sub(yTrue, yPred)));
      }`,
    output: "exports replaced: false",
  },
];

/**
 * tfjs-layers stays unlocked, so this patch works; it made a wrong LeNet-5
 * pass while the reference's model was summarized in the learner's worker.
 */
const LAYER_PATCH = `
  let layer = Object.getPrototypeOf(tf.layers.dense({ units: 1 }));
  while (!Object.prototype.hasOwnProperty.call(layer, "countParams")) layer = Object.getPrototypeOf(layer);
  Object.defineProperty(layer, "outputShape", { get: () => ["the same for every model"] });
  layer.countParams = () => 0;
  console.log("layers patched");
  function buildLeNet5() {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 500, activation: "relu" }));
    model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
    return model;
  }`;

test("tampering with tfjs cannot make a wrong solution pass", async ({ page }) => {
  test.setTimeout(90_000);
  await enroll(page);
  // Other tests record results for these exercises too (every learner's rows are counted).
  const recordedBefore = [(await reviewLogsOf("code:mse")).length, (await reviewLogsOf("code:lenet5")).length];
  await page.goto("/code/mse");
  for (const attempt of TAMPERING) {
    expect(await runSource(page, attempt.source), attempt.label).toBe("fail");
    await expect(page.locator("[data-case-status=fail]").first()).toBeVisible();
    const output = page.locator("[data-run-output]");
    // The sandbox runs on wasm in chromium; the cpu backend is only its fallback.
    await expect(output, attempt.label).toContainText("backend: wasm");
    await expect(output, attempt.label).toContainText(attempt.output);
  }
  await page.goto("/code/lenet5");
  expect(await runSource(page, LAYER_PATCH)).toBe("fail");
  await expect(page.locator("[data-run-output]")).toContainText("layers patched");
  await expect(page.locator("[data-case-status=fail]").filter({ hasText: "output shapes" })).toContainText(
    "expected [null,24,24,32]",
  );
  expect([(await reviewLogsOf("code:mse")).length, (await reviewLogsOf("code:lenet5")).length]).toEqual(recordedBefore);
});

/**
 * The longest run of letters, digits, spaces, dots, commas and parentheses in
 * the reference (written the same in HTML and in the RSC payload) that
 * appears nowhere else the page legitimately shows: starter, task, original, hints.
 */
function distinctivePiece(exercise: CodeExercise): string | null {
  const shown = [
    exercise.starter,
    exercise.original,
    exercise.task.en,
    exercise.task.zh,
    ...exercise.hints.flatMap((hint) => [hint.en, hint.zh]),
  ].join("\n");
  const pieces = (exercise.reference.match(/[A-Za-z0-9_ .,()]{20,}/g) ?? [])
    .map((piece) => piece.trim())
    .filter((piece) => piece.length >= 20 && !shown.includes(piece))
    .sort((a, b) => b.length - a.length);
  return pieces[0] ?? null;
}

test("the code page carries no reference solution until the learner asks for it", async ({ page }) => {
  test.setTimeout(90_000);
  await enroll(page);
  // The sandbox bundle carries the exercise definitions, without their references.
  const sandboxBundle = await (await page.request.get("/sandbox/host.js")).text();
  let checked = 0;
  for (const exercise of CODE_EXERCISES) {
    const piece = distinctivePiece(exercise);
    if (piece === null) continue;
    expect(sandboxBundle, exercise.id).toContain(`function ${exercise.functionName}(`);
    expect(sandboxBundle, `the sandbox bundle leaks "${piece}"`).not.toContain(piece);
    const requests: Record<string, string>[] = [{}, { RSC: "1" }];
    for (const headers of requests) {
      const response = await page.request.get(`/code/${exercise.id}?review=1`, { headers });
      expect(response.ok()).toBe(true);
      const body = await response.text();
      // The starter is in the same props: the payload is searchable as plain text.
      expect(body, exercise.id).toContain(`function ${exercise.functionName}(`);
      expect(body, `${exercise.id} leaks "${piece}"`).not.toContain(piece);
    }
    checked += 1;
  }
  expect(checked).toBeGreaterThanOrEqual(CODE_EXERCISES.length - 1);

  // Asking for it in a review hands it out and records the attempt as ended by it, with grade 0.
  const id = "cross-entropy-clip";
  const reviewed = findCodeExercise(id);
  const piece = reviewed === undefined ? null : distinctivePiece(reviewed);
  if (piece === null) throw new Error(`${id} has no distinctive piece`);
  await page.goto(`/code/${id}?review=1`);
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await page.getByRole("button", { name: "Show the solution (grades this review 0)" }).click();
  await expect(page.locator("[data-solution]")).toContainText(piece);
  await expect(page.locator("[data-recorded=review]")).toContainText("quality 0");
  const logs = await reviewLogsOf(`code:${id}`);
  expect(logs).toHaveLength(1);
  expect(logs[0]).toMatchObject({ kind: "new", quality: 0 });
  expect(JSON.parse(logs[0]?.detail ?? "{}")).toMatchObject({ exerciseId: id, solutionShown: true });
  // Passing afterwards, with the solution pasted, grades nothing more.
  expect(await runSource(page, referenceOf(id))).toBe("pass");
  expect((await reviewLogsOf(`code:${id}`)).map((row) => row.quality)).toEqual([0]);

  // In practice the solution is recorded as a drill of grade 0; the schedule is untouched.
  await page.goto("/code/conv-layer");
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await page.getByRole("button", { name: "Show the solution" }).click();
  await expect(page.locator("[data-solution]")).toContainText("function convLayer(");
  await expect(page.locator("[data-recorded=drill]")).toContainText("quality 0");
  const drills = await reviewLogsOf("code:conv-layer");
  expect(drills).toMatchObject([{ kind: "drill", quality: 0 }]);
  expect(JSON.parse(drills[0]?.detail ?? "{}")).toMatchObject({ solutionShown: true });
});

function editorText(page: Page): Promise<string> {
  return page.locator(".cm-content").innerText();
}

/** Code compared as the checker compares it with the starter: whitespace aside. */
function squashed(text: string): string {
  return text.replace(/\s+/g, "");
}

test("the editor keeps a draft per exercise over a reload and a visit elsewhere; reset brings the starter back, with an undo", async ({
  page,
}) => {
  await enroll(page);
  const starter = findCodeExercise("mse")?.starter ?? "";
  const mine = "function mse(yTrue, yPred) { return tf.scalar(0); } // my draft";
  const editor = page.locator(".cm-content");
  await page.goto("/code/mse");
  await typeSource(page, mine);

  await page.reload();
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await expect(editor).toContainText("// my draft");
  await expect(page.locator("[data-draft-restored]")).toBeVisible();

  // Away through a link, back with the browser's back button, and in again through the list.
  await page.getByRole("link", { name: "All coding exercises" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Coding exercises");
  await page.goBack();
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await expect(editor).toContainText("// my draft");
  await page.getByRole("link", { name: "All coding exercises" }).click();
  await page.locator('[data-exercise-id="mse"] a').click();
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await expect(editor).toContainText("// my draft");

  // Another exercise keeps its own starter.
  await page.goto("/code/conv-layer");
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await expect(editor).toContainText("function convLayer(");
  await expect(editor).not.toContainText("// my draft");

  // Reset gives the starter, its undo gives the draft back; a reset kept stays over a reload.
  await page.goto("/code/mse");
  await expect(editor).toContainText("// my draft");
  await page.getByRole("button", { name: "Reset to starter" }).click();
  await expect(editor).not.toContainText("// my draft");
  expect(squashed(await editorText(page))).toBe(squashed(starter));
  await page.getByRole("button", { name: "Undo the reset" }).click();
  await expect(editor).toContainText("// my draft");
  await page.getByRole("button", { name: "Reset to starter" }).click();
  await expect(editor).not.toContainText("// my draft");
  await page.reload();
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  expect(squashed(await editorText(page))).toBe(squashed(starter));
  await expect(page.locator("[data-draft-restored]")).toHaveCount(0);
});

test("each grading button says what it will do: before a run, after a failed run, after giving up", async ({
  page,
}) => {
  await enroll(page);
  await page.goto("/code/custom-loss?review=1");
  await expect(page.locator("[data-code-mode=review]")).toBeVisible();
  const solutionButton = page.locator("[data-show-solution]");
  const giveUp = page.locator("[data-give-up]");
  const firstHint = page.getByRole("button", { name: /^Show hint 1 of \d+/ });

  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  await expect(solutionButton).toHaveText("Show the solution (grades this review 0)");
  await expect(giveUp).toHaveCount(0);
  await expect(firstHint).toHaveText(/\(a pass then grades 3, not 5\)$/);

  expect(await runSource(page, "function customLoss(v1, v2, a, b) {\n  return tf.scalar(0);\n}")).toBe("fail");
  await expect(solutionButton).toHaveText("Show the solution (grades this review 0)");
  await expect(giveUp).toHaveText("Give up (grade 1)");
  await expect(firstHint).not.toHaveText(/grades/);

  await giveUp.click();
  await expect(page.locator("[data-recorded=review]")).toContainText("quality 1: gave up after 1 failed run.");
  await expect(page.locator("[data-recorded=review]")).toContainText("Runs from now on are not graded.");
  await expect(giveUp).toHaveCount(0);
  await expect(solutionButton).toHaveText("Show the solution (this review stays graded 1)");
  await solutionButton.click();
  await expect(page.locator("[data-solution]")).toContainText("function customLoss(");
  await expect(page.locator("[data-recorded=review]")).toContainText("quality 1");
  expect((await reviewLogsOf("code:custom-loss")).map((row) => row.quality)).toEqual([1]);

  // In practice the same moments log practice, never the schedule.
  await page.goto("/code/custom-loss");
  await expect(page.locator("[data-code-mode=practice]")).toBeVisible();
  await expect(solutionButton).toHaveText("Show the solution (logs this practice as 0)");
  expect(await runSource(page, "function customLoss(v1, v2, a, b) {\n  return tf.scalar(0);\n}")).toBe("fail");
  await expect(giveUp).toHaveText("Give up (logs this practice as 1)");
  await solutionButton.click();
  await expect(page.locator("[data-recorded=drill]")).toContainText(
    "quality 0: solution shown before passing. Your schedule is unchanged.",
  );
});

test("in Chinese, the checker's messages, the section and the topic read in Chinese", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page);
  const exercise = findCodeExercise("cross-entropy-clip");
  const noClip = exercise?.mistakes.find((mistake) => mistake.id === "no-clip");
  if (exercise === undefined || noClip === undefined) throw new Error("cross-entropy-clip has no no-clip mistake");

  await page.goto("/code");
  await expect(page.locator('[data-exercise-id="cross-entropy-clip"]')).toContainText(
    "损失函数 · 第四章 › 4.2 损失函数",
  );
  await expect(page.locator("main")).not.toContainText("loss-functions");
  await page.goto("/code/cross-entropy-clip");
  await expect(page).toHaveTitle(/^带截断的交叉熵 · /);
  await expect(page.locator("[data-exercise-meta]")).toHaveText("损失函数 · 第四章 › 4.2 损失函数");
  expect(await runSource(page, noClip.source)).toBe("fail");
  const results = page.locator("section[aria-labelledby=results-title]");
  await expect(results).toContainText(`可能的原因：${noClip.message.zh}`);
  await expect(results).toContainText("yPred 中有 0，真实类别上也有");
  await expect(results).toContainText("NaN");
  await expect(results).not.toContainText(/Likely cause|value\(s\) differ|expected|received/);
  await context.close();
});

test("the list prefetches at most the exercise due next, not every exercise", async ({ page }) => {
  await enroll(page);
  // Tall enough for every link to be in view, where Next prefetches links.
  await page.setViewportSize({ width: 1280, height: 4000 });
  const prefetched: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/code/") && request.headers()["rsc"] !== undefined) prefetched.push(path);
  });
  await page.goto("/code");
  await expect(page.locator("[data-exercise-id]")).toHaveCount(CODE_EXERCISES.length);
  await page.waitForLoadState("networkidle");
  expect(prefetched.length, prefetched.join(", ")).toBeLessThanOrEqual(1);
});

test("the code pages name themselves in the tab", async ({ page }) => {
  await page.goto("/code");
  await expect(page).toHaveTitle("Coding exercises · Deep Learning Review");
  await page.goto("/code/mse");
  await expect(page).toHaveTitle(`${findCodeExercise("mse")?.title.en ?? ""} · Deep Learning Review`);
});

test("the code page keeps to the header's width, and the editor follows a dark system theme", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/code/mse");
  await expect(page.locator("[data-code-editor=ready]")).toBeVisible();
  const header = await page.locator("header > div").boundingBox();
  if (header === null) throw new Error("no header");
  for (const selector of ["h1", "[data-code-mode]", "[data-code-editor]", "section[aria-labelledby=results-title]"]) {
    const box = await page.locator(selector).first().boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box?.x ?? 0, selector).toBeGreaterThanOrEqual(header.x);
    expect((box?.x ?? 0) + (box?.width ?? 0), selector).toBeLessThanOrEqual(header.x + header.width);
  }
  const editorBackground = () =>
    page.locator(".cm-editor").evaluate((element) => getComputedStyle(element).backgroundColor);
  const keywordColour = () =>
    page
      .locator(".cm-content span", { hasText: /^function$/ })
      .first()
      .evaluate((element) => getComputedStyle(element).color);
  const lightKeyword = await keywordColour();
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(editorBackground).toBe("rgb(40, 44, 52)");
  await expect.poll(keywordColour).not.toBe(lightKeyword);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(editorBackground).not.toBe("rgb(40, 44, 52)");
});
