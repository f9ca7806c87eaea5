/**
 * The page's side of the sandbox: owns the hidden iframe, sends run requests
 * and accepts only replies from that iframe carrying the run's id and nonce.
 * A run that exceeds its time limit (an infinite loop, runaway allocation) is
 * ended by removing the iframe — with it go its workers — and a fresh one is
 * booted for the next run. DOM only: no React, no tfjs.
 */
import type { Bilingual, CheckResult } from "../types";
import {
  type SandboxBackend,
  type SandboxLocale,
  MAX_SOURCE_CHARS,
  isReadyMessage,
  randomToken,
  readBackend,
  readResultFor,
} from "./protocol";

export const DEFAULT_RUN_LIMIT_MS = 5000;
/** Loading the iframe and tfjs in a worker; not charged to the learner's time limit. */
export const BOOT_LIMIT_MS = 30_000;

export interface SandboxRun {
  result: CheckResult;
  /** The run was stopped by the page (time limit or sandbox failure), not answered by the checker. */
  killed: boolean;
  /** The tfjs backend the check ran on, as the sandbox reports it. */
  backend?: SandboxBackend;
}

export interface SandboxClientOptions {
  /** URL of the sandbox document (served with its own CSP). */
  src: string;
  /** Where the hidden iframe is attached. */
  container?: HTMLElement;
}

interface Frame {
  iframe: HTMLIFrameElement;
  ready: Promise<void>;
}

function killedResult(error: Bilingual, locale: SandboxLocale): SandboxRun {
  return { result: { status: "error", cases: [], error: error[locale] }, killed: true };
}

const ALREADY_RUNNING: Bilingual = { en: "A check is already running.", zh: "已有一次检查正在运行。" };
const DID_NOT_START: Bilingual = {
  en: "The code sandbox did not start. Reload the page and try again.",
  zh: "代码沙箱没有启动。请刷新页面后再试。",
};
const WENT_AWAY: Bilingual = { en: "The code sandbox went away. Try again.", zh: "代码沙箱已关闭。请再试一次。" };

function tooLong(maxChars: number): Bilingual {
  return {
    en: `The code is longer than ${maxChars} characters.`,
    zh: `代码超过了 ${maxChars} 个字符。`,
  };
}

function stoppedAfter(limitMs: number): Bilingual {
  const seconds = limitMs / 1000;
  return {
    en: `Stopped after ${seconds} s — is there an infinite loop, a loop that never reaches its end condition, or memory growing without bound?`,
    zh: `运行 ${seconds} 秒后被终止——是不是有死循环、永远达不到结束条件的循环，或者内存在无限增长？`,
  };
}

export class SandboxClient {
  private frame: Frame | null = null;
  private busy = false;

  constructor(private readonly options: SandboxClientOptions) {}

  /** Boots the iframe ahead of the first run. */
  warmUp(): Promise<void> {
    return this.ensureFrame().ready;
  }

  dispose(): void {
    this.frame?.iframe.remove();
    this.frame = null;
  }

  async run(
    exerciseId: string,
    source: string,
    locale: SandboxLocale,
    limitMs: number = DEFAULT_RUN_LIMIT_MS,
  ): Promise<SandboxRun> {
    if (this.busy) return killedResult(ALREADY_RUNNING, locale);
    if (source.length > MAX_SOURCE_CHARS) {
      return { result: { status: "error", cases: [], error: tooLong(MAX_SOURCE_CHARS)[locale] }, killed: false };
    }
    this.busy = true;
    try {
      const frame = this.ensureFrame();
      try {
        await withTimeout(frame.ready, BOOT_LIMIT_MS);
      } catch {
        this.recycle(frame);
        return killedResult(DID_NOT_START, locale);
      }
      return await this.exchange(frame, exerciseId, source, locale, limitMs);
    } finally {
      this.busy = false;
    }
  }

  private exchange(
    frame: Frame,
    exerciseId: string,
    source: string,
    locale: SandboxLocale,
    limitMs: number,
  ): Promise<SandboxRun> {
    const target = frame.iframe.contentWindow;
    if (target === null) {
      this.recycle(frame);
      return Promise.resolve(killedResult(WENT_AWAY, locale));
    }
    const run = { runId: randomToken(), nonce: randomToken() };
    return new Promise<SandboxRun>((resolve) => {
      const finish = (outcome: SandboxRun): void => {
        window.clearTimeout(timer);
        window.removeEventListener("message", onMessage);
        resolve(outcome);
      };
      const onMessage = (event: MessageEvent): void => {
        // Only our iframe may answer, and only for this run.
        if (event.source !== target) return;
        const result = readResultFor(event.data, run);
        if (result !== null) finish({ result, killed: false, backend: readBackend(event.data) });
      };
      const timer = window.setTimeout(() => {
        this.recycle(frame);
        finish(killedResult(stoppedAfter(limitMs), locale));
      }, limitMs);
      window.addEventListener("message", onMessage);
      target.postMessage({ type: "run", ...run, exerciseId, source, locale }, "*");
    });
  }

  /** Drops a frame (its workers die with it) and boots the next one in the background. */
  private recycle(frame: Frame): void {
    frame.iframe.remove();
    if (this.frame === frame) this.frame = null;
    this.ensureFrame().ready.catch(() => undefined);
  }

  private ensureFrame(): Frame {
    if (this.frame !== null) return this.frame;
    const iframe = document.createElement("iframe");
    iframe.setAttribute("sandbox", "allow-scripts");
    iframe.setAttribute("aria-hidden", "true");
    iframe.setAttribute("tabindex", "-1");
    iframe.title = "code sandbox";
    iframe.dataset.codeSandbox = "";
    iframe.style.display = "none";
    iframe.src = this.options.src;
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (event: MessageEvent): void => {
        if (event.source !== iframe.contentWindow) return;
        if (isReadyMessage(event.data)) {
          window.removeEventListener("message", onMessage);
          resolve();
        } else if (
          typeof event.data === "object" &&
          event.data !== null &&
          (event.data as { type?: unknown }).type === "boot-error"
        ) {
          window.removeEventListener("message", onMessage);
          reject(new Error("sandbox boot failed"));
        }
      };
      window.addEventListener("message", onMessage);
    });
    ready.catch(() => undefined);
    (this.options.container ?? document.body).appendChild(iframe);
    this.frame = { iframe, ready };
    return this.frame;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: number | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = window.setTimeout(() => reject(new Error("timeout")), ms);
      }),
    ]);
  } finally {
    window.clearTimeout(timer);
  }
}
