/** The answer reader: typed answers read by a strict parser, never evaluated by mathjs. */
export { readAnswer, type AnswerExpectation } from "./read-answer";
export { evaluateExpression, listAnswerFunctions, MAX_INPUT_LENGTH } from "./parse-expression";
export type { Bilingual } from "./messages";
