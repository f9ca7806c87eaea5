/** All coding exercises, in the order of the notes. */
import type { CodeExercise } from "../types";
import { convLayer, lenet5, maxPool } from "./convolution";
import { forwardPass, xorNetwork } from "./dense";
import { crossEntropyClip, customLoss, meanSquaredError, softmaxCrossEntropy } from "./losses";
import { exponentialDecay, l2RegularizedLoss, sgdStep } from "./optimization";

export const CODE_EXERCISES: readonly CodeExercise[] = [
  forwardPass,
  xorNetwork,
  crossEntropyClip,
  softmaxCrossEntropy,
  meanSquaredError,
  customLoss,
  sgdStep,
  exponentialDecay,
  l2RegularizedLoss,
  convLayer,
  maxPool,
  lenet5,
];

export function findCodeExercise(id: string): CodeExercise | undefined {
  return CODE_EXERCISES.find((exercise) => exercise.id === id);
}
