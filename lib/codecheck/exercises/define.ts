/** Shared helpers for writing exercise definitions. */
import type { CodeExercise } from "../types";

/** Identity with the full type, so each definition is checked where it is written. */
export function defineExercise(exercise: CodeExercise): CodeExercise {
  return exercise;
}

/** Strips the common indentation of a template literal, so sources read naturally in the definitions. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, "")
    .replace(/\n\s*$/, "")
    .split("\n");
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(common)).join("\n") + "\n";
}
