/**
 * The result shapes every codec returns. Parsers never throw on untrusted input:
 * they hand back either the decoded value or the precise list of what is wrong.
 */

/** One finding about a value: which part of it, and what the specification says about it. */
export interface Issue {
  /** The part of the value the finding is about, e.g. `trace-id`, `member[2].key`, `Root`. */
  readonly field: string;
  /** A full sentence a person can act on: what is wrong and what the spec requires. */
  readonly message: string;
}

/** A value that parsed: `warnings` hold spec guidance it breaks without being invalid (limits, reserved bits). */
export interface Parsed<T> {
  readonly ok: true;
  readonly value: T;
  readonly warnings: readonly Issue[];
}

/** A value a receiver following the spec would reject. */
export interface Rejected {
  readonly ok: false;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
}

/** What every `parse*` function returns. */
export type ParseResult<T> = Parsed<T> | Rejected;

/** Builds a successful result. */
export function parsed<T>(value: T, warnings: readonly Issue[] = []): Parsed<T> {
  return { ok: true, value, warnings };
}

/** Builds a rejection; `errors` must not be empty. */
export function rejected(errors: readonly Issue[], warnings: readonly Issue[] = []): Rejected {
  return { ok: false, errors, warnings };
}

/** Shorthand for a single finding. */
export function issue(field: string, message: string): Issue {
  return { field, message };
}
