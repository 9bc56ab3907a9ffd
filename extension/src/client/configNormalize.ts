/**
 * Normalizers for raw setting values. Users edit settings.json by hand, so every value is checked
 * and replaced by the default when it has the wrong shape; pure, so unit-tested without VS Code.
 */

/** Rule severities as settings write them (ESLint's words; numbers are accepted as ESLint does). */
export type RuleSeverity = 'off' | 'warn' | 'error';

/** Returns `value` when it is one of `allowed`, else `fallback`. */
export function normalizeEnum<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Returns a boolean setting, or `fallback` for anything else. */
export function normalizeBoolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** Returns a whole number within `[min, max]`, or `fallback` when the value is not one. */
export function normalizeInteger(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

/** Returns a trimmed string, or `fallback` when the value is not a string. */
export function normalizeString(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

/** `'auto'`, or a de-duplicated list of non-empty names; anything else becomes `'auto'`. */
export function normalizeAutoOrList(value: unknown): 'auto' | string[] {
  if (!Array.isArray(value)) return 'auto';
  const names = value.filter((item): item is string => typeof item === 'string').map((item) => item.trim()).filter((item) => item.length > 0);
  return [...new Set(names)];
}

const NUMERIC_SEVERITY: Readonly<Record<number, RuleSeverity>> = { 0: 'off', 1: 'warn', 2: 'error' };

/** Reads one severity: `off`/`warn`/`error`, `0`/`1`/`2`, or ESLint's `[severity, …options]` form (options ignored). */
export function normalizeSeverity(value: unknown): RuleSeverity | undefined {
  const head: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof head === 'number') return NUMERIC_SEVERITY[head];
  if (head === 'off' || head === 'warn' || head === 'error') return head;
  return undefined;
}

/**
 * Per-rule severity overrides keyed by rule id. Keys may be written with or without the
 * `otel-propagation/` prefix; they come back without it. Entries with an unknown severity are dropped.
 */
export function normalizeRuleSeverities(value: unknown, prefix = 'otel-propagation/'): Record<string, RuleSeverity> {
  const result: Record<string, RuleSeverity> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return result;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const severity = normalizeSeverity(raw);
    const id = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (severity !== undefined && id.length > 0) result[id] = severity;
  }
  return result;
}
