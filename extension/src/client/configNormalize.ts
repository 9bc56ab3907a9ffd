/**
 * Normalizers for raw setting values. Users edit settings.json by hand, so every value is checked
 * and replaced by the default when it has the wrong shape; pure, so unit-tested without VS Code.
 */

import type { ServerSettings } from '../server/settingsContract';
import { DEFAULT_SERVER_SETTINGS, SETTINGS_CONTEXT_MANAGERS, SETTINGS_PRESETS } from '../server/settingsContract';

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

/** Key of the on/off switch for diagnostics, under the `otelPropagation` section. */
export const ENABLE_SETTING = 'enable';

/**
 * The extension's settings after validation, for one resource. It is exactly what the server receives
 * (the settings contract), so a setting added to the contract shows up here as a type error until read.
 */
export type ExtensionConfig = ServerSettings;

/**
 * Where each field lives in settings.json, relative to the `otelPropagation` section; the manifest test
 * checks that package.json contributes exactly these keys with the contract's defaults.
 */
export const SETTING_KEYS: Readonly<Record<keyof ExtensionConfig, string>> = {
  enable: ENABLE_SETTING,
  preset: 'preset',
  rules: 'rules',
  contextManager: 'contextManager',
  instrumented: 'instrumented',
  baggageMaxMembers: 'baggage.maxMembers',
  baggageMaxBytes: 'baggage.maxBytes',
  traceViewerUrl: 'traceViewerUrl',
};

/** Validates raw values read by key (whatever the user wrote), falling back to the contract's defaults. */
export function normalizeConfig(get: (key: string) => unknown): ExtensionConfig {
  const defaults = DEFAULT_SERVER_SETTINGS;
  const traceViewerUrl = normalizeString(get(SETTING_KEYS.traceViewerUrl), defaults.traceViewerUrl);
  return {
    enable: normalizeBoolean(get(SETTING_KEYS.enable), defaults.enable),
    preset: normalizeEnum(get(SETTING_KEYS.preset), SETTINGS_PRESETS, defaults.preset),
    rules: normalizeRuleSeverities(get(SETTING_KEYS.rules)),
    contextManager: normalizeEnum(get(SETTING_KEYS.contextManager), SETTINGS_CONTEXT_MANAGERS, defaults.contextManager),
    instrumented: normalizeAutoOrList(get(SETTING_KEYS.instrumented)),
    baggageMaxMembers: normalizeInteger(get(SETTING_KEYS.baggageMaxMembers), defaults.baggageMaxMembers, 1, Number.MAX_SAFE_INTEGER),
    baggageMaxBytes: normalizeInteger(get(SETTING_KEYS.baggageMaxBytes), defaults.baggageMaxBytes, 1, Number.MAX_SAFE_INTEGER),
    traceViewerUrl: traceViewerUrl.length > 0 ? traceViewerUrl : defaults.traceViewerUrl,
  };
}
