/**
 * Expected failures of the data layer, returned to the UI as values with a
 * stable code; anything else is a bug and goes to error.tsx.
 */
export type DomainErrorCode =
  | "invalid-input"
  | "not-found"
  | "stale-state"
  | "nothing-to-undo"
  | "undo-not-latest"
  | "unauthorized"
  | "conflict"
  | "too-large";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super("not-found", message);
  }
}

export class StaleStateError extends DomainError {
  constructor(message: string) {
    super("stale-state", message);
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string) {
    super("invalid-input", message);
  }
}
