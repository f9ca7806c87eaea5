/**
 * Cloze deletions in the Anki sense: `{{c1::answer}}` or
 * `{{c1::answer::hint}}`. One card per cloze number: its front hides that
 * number's deletions, its back reveals them highlighted; other numbers show
 * as plain text.
 */

const CLOZE = /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g;

export function clozeNumbers(text: string): number[] {
  const numbers = new Set<number>();
  for (const m of text.matchAll(CLOZE)) numbers.add(Number(m[1]));
  return [...numbers].sort((a, b) => a - b);
}

export function clozeFront(text: string, n: number): string {
  return text.replace(CLOZE, (_all, num: string, answer: string, hint: string | undefined) =>
    Number(num) === n ? `<span class="cloze-gap">[${hint ? hint : "…"}]</span>` : answer,
  );
}

export function clozeBack(text: string, n: number): string {
  return text.replace(CLOZE, (_all, num: string, answer: string) =>
    Number(num) === n ? `<span class="cloze-answer">${answer}</span>` : answer,
  );
}

/** Text with unbalanced or empty cloze markers, for validation messages. */
export function clozeProblems(text: string): string[] {
  const problems: string[] = [];
  const opens = (text.match(/\{\{c\d+::/g) ?? []).length;
  const closes = [...text.matchAll(CLOZE)].length;
  if (opens !== closes) problems.push("a {{cN::…}} marker is not closed");
  for (const m of text.matchAll(CLOZE)) {
    if ((m[2] ?? "").trim() === "") problems.push(`cloze c${m[1]} is empty`);
  }
  return problems;
}
