/** The exercise list as the app shows it: everything except the functions that build cases. */
import { CODE_EXERCISES, findCodeExercise } from "./exercises/index";
import type { CodeExerciseMeta } from "./types";

export function listCodeExercises(): CodeExerciseMeta[] {
  return CODE_EXERCISES.map(({ buildCases: _buildCases, ...meta }) => meta);
}

export { findCodeExercise };
