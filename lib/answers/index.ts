export { readAnswer, type AnswerExpectation, type ReadResult } from "./read-answer";
export {
  evaluateExpression,
  formatValue,
  listAnswerFunctions,
  MAX_BRACKET_DEPTH,
  MAX_INPUT_LENGTH,
  type AnswerFunction,
  type EvaluatedExpression,
} from "./parse-expression";
export { AnswerInputError, bilingual, type Bilingual } from "./messages";
export { findUnit, splitTrailingUnit, type UnitDimension, type UnitSpec } from "./units";
