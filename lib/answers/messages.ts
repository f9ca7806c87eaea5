export interface Bilingual {
  zh: string;
  en: string;
}

export function bilingual(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** Thrown (and caught inside lib/answers) when an input is refused; the message is shown to the learner. */
export class AnswerInputError extends Error {
  readonly bilingualMessage: Bilingual;
  constructor(message: Bilingual) {
    super(message.en);
    this.name = "AnswerInputError";
    this.bilingualMessage = message;
  }
}

export function refuse(zh: string, en: string): never {
  throw new AnswerInputError({ zh, en });
}
