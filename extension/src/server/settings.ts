/**
 * Reading the settings the client sends. The VS Code client validates them already, but other editors
 * pass whatever their users wrote, so every field is checked and falls back to its default.
 */
import type { ServerSettings, SettingsContextManager, SettingsPreset, SettingsRuleSeverity } from './settingsContract';
import { DEFAULT_SERVER_SETTINGS, SETTINGS_CONTEXT_MANAGERS, SETTINGS_PRESETS } from './settingsContract';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

// ESLint accepts 0/1/2 as well as the words; the namespace prefix is optional in the keys.
const SEVERITY_WORDS: ReadonlyMap<unknown, SettingsRuleSeverity> = new Map<unknown, SettingsRuleSeverity>([
  ['off', 'off'],
  ['warn', 'warn'],
  ['error', 'error'],
  [0, 'off'],
  [1, 'warn'],
  [2, 'error'],
]);

function ruleOverrides(value: unknown): Record<string, SettingsRuleSeverity> {
  const rules: Record<string, SettingsRuleSeverity> = {};
  if (!isRecord(value)) return rules;
  for (const [key, raw] of Object.entries(value)) {
    const severity = SEVERITY_WORDS.get(raw);
    if (severity === undefined) continue;
    rules[key.startsWith('otel-propagation/') ? key.slice('otel-propagation/'.length) : key] = severity;
  }
  return rules;
}

function instrumentedList(value: unknown): 'auto' | string[] {
  if (!Array.isArray(value)) return 'auto';
  return [...new Set(value.filter((name): name is string => typeof name === 'string' && name.trim().length > 0).map((name) => name.trim()))];
}

/**
 * Normalizes a settings object: the client's flat {@link ServerSettings}, or the raw settings.json section
 * (`baggage: { maxBytes, maxMembers }`, dotted keys) that other editors push. Unknown or mistyped values
 * take the defaults.
 *
 * @param raw whatever arrived for the `otelPropagation` section
 */
export function normalizeServerSettings(raw: unknown): ServerSettings {
  if (!isRecord(raw)) return DEFAULT_SERVER_SETTINGS;
  const baggage = isRecord(raw['baggage']) ? raw['baggage'] : {};
  const defaults = DEFAULT_SERVER_SETTINGS;
  return {
    enable: typeof raw['enable'] === 'boolean' ? raw['enable'] : defaults.enable,
    preset: oneOf<SettingsPreset>(raw['preset'], SETTINGS_PRESETS, defaults.preset),
    rules: ruleOverrides(raw['rules']),
    contextManager: oneOf<SettingsContextManager>(raw['contextManager'], SETTINGS_CONTEXT_MANAGERS, defaults.contextManager),
    instrumented: instrumentedList(raw['instrumented']),
    baggageMaxMembers: positiveInteger(raw['baggageMaxMembers'] ?? baggage['maxMembers'] ?? raw['baggage.maxMembers'], defaults.baggageMaxMembers),
    baggageMaxBytes: positiveInteger(raw['baggageMaxBytes'] ?? baggage['maxBytes'] ?? raw['baggage.maxBytes'], defaults.baggageMaxBytes),
    traceViewerUrl: typeof raw['traceViewerUrl'] === 'string' && raw['traceViewerUrl'].trim().length > 0 ? raw['traceViewerUrl'].trim() : defaults.traceViewerUrl,
  };
}
