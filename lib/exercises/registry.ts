import { createRng } from "../random";
import { ACTIVATION_GENERATORS } from "./generators/activations";
import { CLUSTERING_GENERATORS } from "./generators/clustering";
import { CONVOLUTION_GENERATORS } from "./generators/convolution";
import { INFORMATION_GENERATORS } from "./generators/information";
import { NORM_GENERATORS } from "./generators/norms";
import { OPTIMIZATION_GENERATORS } from "./generators/optimization";
import { OPTIMIZER_GENERATORS } from "./generators/optimizers";
import { PROBABILITY_GENERATORS } from "./generators/probability";
import { SIGNAL_GENERATORS } from "./generators/signals";
import { TRAINING_GENERATORS } from "./generators/training";
import { DISTINCT_MISTAKE_FACTOR, defaultTolerance, isFiniteValue, valuesMatch } from "./tolerance";
import type { ExerciseGenerator, ExerciseInstance, GeneratorInfo, WrongAnswer, Tolerance, AnswerValue } from "./types";

const ALL_GENERATORS: readonly ExerciseGenerator[] = [
  ...CLUSTERING_GENERATORS,
  ...NORM_GENERATORS,
  ...PROBABILITY_GENERATORS,
  ...SIGNAL_GENERATORS,
  ...INFORMATION_GENERATORS,
  ...CONVOLUTION_GENERATORS,
  ...OPTIMIZATION_GENERATORS,
  ...OPTIMIZER_GENERATORS,
  ...TRAINING_GENERATORS,
  ...ACTIVATION_GENERATORS,
];

const GENERATORS_BY_ID = new Map<string, ExerciseGenerator>(ALL_GENERATORS.map((g) => [g.info.id, g]));
if (GENERATORS_BY_ID.size !== ALL_GENERATORS.length) throw new Error("Duplicate exercise generator id");

export function listGenerators(): GeneratorInfo[] {
  return ALL_GENERATORS.map((g) => ({ ...g.info, title: { ...g.info.title } }));
}

function findGenerator(generatorId: string): ExerciseGenerator {
  const generator = GENERATORS_BY_ID.get(generatorId);
  if (!generator) {
    throw new Error(
      `Unknown exercise generator "${generatorId}". Known ids: ${[...GENERATORS_BY_ID.keys()].join(", ")}`,
    );
  }
  return generator;
}

/** Keeps finite mistakes that are clearly apart from the right answer and from each other. */
function selectDistinctMistakes(
  answer: AnswerValue,
  mistakes: readonly WrongAnswer[],
  tolerance: Tolerance,
): WrongAnswer[] {
  const kept: WrongAnswer[] = [];
  for (const mistake of mistakes) {
    if (!isFiniteValue(mistake.value)) continue;
    if (typeof mistake.value !== typeof answer) continue;
    if (valuesMatch(mistake.value, answer, tolerance, DISTINCT_MISTAKE_FACTOR)) continue;
    if (kept.some((k) => valuesMatch(mistake.value, k.value, tolerance, DISTINCT_MISTAKE_FACTOR))) continue;
    kept.push(mistake);
  }
  return kept;
}

export function generateExercise(generatorId: string, seed: number): ExerciseInstance {
  if (!Number.isSafeInteger(seed)) throw new Error(`Exercise seed must be a safe integer, got ${seed}`);
  const generator = findGenerator(generatorId);
  const generated = generator.generate(createRng(seed));
  if (!isFiniteValue(generated.answer.value)) {
    throw new Error(`Generator "${generatorId}" produced a non-finite answer for seed ${seed}`);
  }
  const tolerance = generated.tolerance ?? defaultTolerance(generated.answer);
  const instance: ExerciseInstance = {
    generatorId,
    seed,
    params: generated.params,
    prompt: generated.prompt,
    answer: generated.answer,
    tolerance,
    hints: generated.hints,
    solution: generated.solution,
    wrongAnswers: selectDistinctMistakes(generated.answer.value, generated.wrongAnswers, tolerance),
    ...(generated.answerForms ? { answerForms: generated.answerForms } : {}),
  };
  // A JSON round trip guarantees the instance is plain data (and turns −0 into 0) before it is stored or sent.
  return JSON.parse(JSON.stringify(instance)) as ExerciseInstance;
}
