import "server-only";
/**
 * The FSRS optimizer (fsrs-rs through napi-rs, @open-spaced-repetition/binding
 * 0.5.0), loaded from its prebuilt Linux x64 module. The registry this app is
 * installed from publishes 0.5.0 for that platform only, so the package is an
 * optional dependency and the app asks for it by platform: elsewhere fitting
 * is unavailable (the defaults stay, and the lab says so). The types are the
 * part of the module's API the app calls.
 */
import { createRequire } from "node:module";

export interface FsrsBindingReview {
  readonly rating: number;
  readonly deltaT: number;
}

export interface FsrsBindingItem {
  readonly reviews: FsrsBindingReview[];
}

export interface ComputeParametersOptions {
  enableShortTerm: boolean;
  numRelearningSteps?: number;
  /** How often, in ms, the optimizer calls `progress`: a poll interval, not a deadline. */
  timeout?: number;
  /** Return true to ask the optimizer to stop. */
  progress?: (current: number, total: number) => boolean | undefined | void;
}

export interface FsrsBinding {
  FSRSBindingReview: new (rating: number, deltaT: number) => FsrsBindingReview;
  FSRSBindingItem: new (reviews: FsrsBindingReview[]) => FsrsBindingItem;
  computeParameters(trainSet: FsrsBindingItem[], options?: ComputeParametersOptions): Promise<number[]>;
  evaluateWithTimeSeriesSplits(
    trainSet: FsrsBindingItem[],
    options?: ComputeParametersOptions,
  ): Promise<{ logLoss: number; rmseBins: number }>;
}

/** The module for this platform; the only one installed here. */
const PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  "linux-x64": "@open-spaced-repetition/binding-linux-x64-gnu",
};

let loaded: { binding: FsrsBinding | null; reason: string | null } | null = null;

/** The optimizer, or null with the reason it cannot be loaded on this machine. */
export function loadFsrsBinding(): { binding: FsrsBinding | null; reason: string | null } {
  if (loaded) return loaded;
  const platform = `${process.platform}-${process.arch}`;
  const name = PLATFORM_PACKAGES[platform];
  if (!name) {
    loaded = { binding: null, reason: `The FSRS optimizer has no build for ${platform} here.` };
    return loaded;
  }
  try {
    // Loaded by Node at run time, never bundled: the build cannot place a native addon in a chunk.
    const nodeRequire = createRequire(import.meta.url);
    loaded = {
      binding: nodeRequire(/* turbopackIgnore: true */ /* webpackIgnore: true */ name) as FsrsBinding,
      reason: null,
    };
  } catch (error) {
    loaded = { binding: null, reason: `The FSRS optimizer (${name}) did not load: ${(error as Error).message}` };
  }
  return loaded;
}
