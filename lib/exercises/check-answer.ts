import { readAnswer } from "../answers/read-answer";
import { valuesMatch } from "./tolerance";
import type { Bilingual, CheckResult, ExerciseInstance } from "./types";

const CORRECT_FEEDBACK: Bilingual = { zh: "正确！", en: "Correct!" };
const INCORRECT_FEEDBACK: Bilingual = {
  zh: "不正确。可以看看提示，或检查单位、对数的底和取整方式。",
  en: "Not correct. Try a hint, or check the units, the log base and the rounding.",
};

export function checkAnswer(instance: ExerciseInstance, input: string): CheckResult {
  const expected = instance.answer.value;
  const read = readAnswer(input, {
    ...(Array.isArray(expected) ? { vectorLength: expected.length } : {}),
    ...(instance.answer.unit ? { unit: instance.answer.unit } : {}),
  });
  if (!read.ok) {
    return { correct: false, value: null, interpretedAs: null, feedback: read.error, error: read.error };
  }
  if (valuesMatch(read.value, expected, instance.tolerance)) {
    return { correct: true, value: read.value, interpretedAs: read.interpretedAs, feedback: CORRECT_FEEDBACK };
  }
  const mistake = instance.wrongAnswers.find((w) => valuesMatch(read.value, w.value, instance.tolerance));
  return {
    correct: false,
    value: read.value,
    interpretedAs: read.interpretedAs,
    feedback: mistake ? mistake.message : INCORRECT_FEEDBACK,
  };
}
