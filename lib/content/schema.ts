/**
 * The format of a deck file in content/decks/*.yaml. One deck per topic;
 * every card carries a stable id (its history follows the id, not the file),
 * both languages, the section of the notes it comes from, and tags.
 */
import { z } from "zod";

import { LOCALES, type Locale } from "../locale";

export { LOCALES, type Locale };

const nonEmpty = z.string().trim().min(1, "must be a non-empty string");

const bilingualSchema = z.strictObject({ zh: nonEmpty, en: nonEmpty });
export type Bilingual = z.infer<typeof bilingualSchema>;

const CONTENT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const contentId = z
  .string()
  .regex(CONTENT_ID_PATTERN, "must be kebab-case: lower-case letters, digits and single hyphens (e.g. norm-l0)");

const common = {
  id: contentId,
  tags: z.array(contentId).default([]),
  source: nonEmpty.describe("section of the notes this card comes from"),
};

const basicCardSchema = z.strictObject({
  ...common,
  type: z.literal("basic").default("basic"),
  front: bilingualSchema,
  back: bilingualSchema,
});

const clozeCardSchema = z.strictObject({
  ...common,
  type: z.literal("cloze"),
  text: bilingualSchema,
  extra: bilingualSchema.optional(),
});

const cardSchema = z.discriminatedUnion("type", [basicCardSchema, clozeCardSchema]);

/** Cards without `type` are basic cards. */
const cardInputSchema = z.preprocess(
  (value) =>
    value !== null && typeof value === "object" && !("type" in value) ? { ...value, type: "basic" } : value,
  cardSchema,
);

export const deckSchema = z.strictObject({
  deck: contentId,
  title: bilingualSchema,
  chapter: contentId.describe("chapter of the notes, e.g. concepts, ch4, ch6, ch10"),
  order: z.number().int().nonnegative().default(0),
  cards: z.array(cardInputSchema).min(1, "a deck needs at least one card"),
});

export type DeckFile = z.infer<typeof deckSchema>;
export type CardSource = z.infer<typeof cardSchema>;
