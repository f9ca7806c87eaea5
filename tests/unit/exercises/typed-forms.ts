import type { AnswerValue, ExerciseInstance } from "@/lib/exercises";

const TYPED_DIGITS = 15;

/** What a person types as a plain decimal: no exponent, no grouping, 15 significant digits. */
export function typePlain(x: number): string {
  return x.toLocaleString("en-US", { useGrouping: false, maximumSignificantDigits: TYPED_DIGITS });
}

export function typeScientific(x: number): string {
  return x.toExponential(TYPED_DIGITS - 1);
}

/** Tiny values (a mistake such as 0.96^5000) are typed in scientific notation, as a person would. */
const PLAIN_TYPING_FLOOR = 1e-6;

function typeNatural(x: number): string {
  return x !== 0 && Math.abs(x) < PLAIN_TYPING_FLOOR ? typeScientific(x) : typePlain(x);
}

export function typeValue(value: AnswerValue): string {
  return Array.isArray(value) ? `[${value.map(typeNatural).join(", ")}]` : typeNatural(value);
}

/** Every notation the answer box promises to accept for this instance's right answer. */
export function typedForms(instance: ExerciseInstance): string[] {
  const { value, kind, unit } = instance.answer;
  const forms = [...(instance.answerForms ?? [])];
  if (Array.isArray(value)) {
    forms.push(
      `[${value.map(typePlain).join(", ")}]`,
      value.map(typePlain).join(", "),
      `[${value.map(typeScientific).join(",")}]`,
    );
    return forms;
  }
  forms.push(typePlain(value), typeScientific(value));
  if (kind === "integer") forms.push(`${2 * value}/2`);
  if (kind === "real" && value > 0 && value <= 1) forms.push(`${typePlain(value * 100)}%`);
  if (unit === "bit/s") {
    forms.push(
      `${typePlain(value)} bit/s`,
      `${typePlain(value)}bps`,
      `${typePlain(value / 1e3)} kbps`,
      `${typePlain(value / 1e6)} Mbps`,
    );
  } else if (unit === "baud") {
    forms.push(`${typePlain(value)} baud`, `${typePlain(value / 1e3)} kBd`);
  } else if (unit === "bit") {
    forms.push(`${typePlain(value)} bit`, `${typePlain(value)} bits`, `${typePlain(value * Math.LN2)} nat`);
  } else if (unit === "nat") {
    forms.push(`${typePlain(value)} nat`, `${typePlain(value)} nats`, `${typePlain(value / Math.LN2)} bit`);
  } else if (unit === "Hz") {
    forms.push(`${typePlain(value)} Hz`, `${typePlain(value / 1e3)} kHz`);
  }
  return forms;
}
