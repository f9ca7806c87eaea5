/** All coding exercises, in the order of the notes. */
import type { CodeExercise } from "../types";
import { adamStep, rnnForward } from "./concepts";
import { convLayer, lenet5, maxPool, twoBranchBlock } from "./convolution";
import { forwardPass, xorNetwork } from "./dense";
import { crossEntropyClip, customLoss, meanSquaredError, softmaxCrossEntropy } from "./losses";
import { emaUpdate, exponentialDecay, l2Collection, l2RegularizedLoss, sgdStep } from "./optimization";

export const CODE_EXERCISES: readonly CodeExercise[] = [
  rnnForward,
  adamStep,
  forwardPass,
  xorNetwork,
  crossEntropyClip,
  softmaxCrossEntropy,
  meanSquaredError,
  customLoss,
  sgdStep,
  exponentialDecay,
  l2RegularizedLoss,
  l2Collection,
  emaUpdate,
  convLayer,
  maxPool,
  lenet5,
  twoBranchBlock,
];

export function findCodeExercise(id: string): CodeExercise | undefined {
  return CODE_EXERCISES.find((exercise) => exercise.id === id);
}
