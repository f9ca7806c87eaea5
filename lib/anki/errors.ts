/** Why a package or collection was refused; lets callers map each cause to a message or status. */
export type AnkiFormatErrorCode =
  | "not-a-zip"
  | "too-many-members"
  | "member-too-large"
  | "unsafe-media-name"
  | "no-collection"
  | "bad-meta"
  | "bad-media-list"
  | "missing-media"
  | "bad-zstd"
  | "corrupt-sqlite"
  | "unknown-schema"
  | "bad-value";

/** Bad input in an Anki package: the message names the member, table or field and what was expected. */
export class AnkiFormatError extends Error {
  override readonly name = "AnkiFormatError";
  constructor(
    readonly code: AnkiFormatErrorCode,
    message: string,
  ) {
    super(message);
  }
}
