import * as vscode from 'vscode';

import { CONFIG_SECTION } from './constants';
import type { RuleSeverity } from './configNormalize';
import {
  normalizeAutoOrList,
  normalizeBoolean,
  normalizeEnum,
  normalizeInteger,
  normalizeRuleSeverities,
  normalizeString,
} from './configNormalize';

/** Key of the on/off switch for diagnostics, under {@link CONFIG_SECTION}. */
export const ENABLE_SETTING = 'enable';

/** The rule sets the server can start from, as the plugin's configs name them. */
export const PRESETS = ['recommended', 'strict', 'browser'] as const;
/** Context managers the plugin knows, plus `auto` (read from the nearest package.json). */
export const CONTEXT_MANAGERS = ['auto', 'async-local-storage', 'zone', 'stack', 'none'] as const;

/** The extension's settings after validation, for one resource. */
export interface ExtensionConfig {
  readonly enable: boolean;
  readonly preset: (typeof PRESETS)[number];
  readonly rules: Readonly<Record<string, RuleSeverity>>;
  readonly contextManager: (typeof CONTEXT_MANAGERS)[number];
  readonly instrumented: 'auto' | readonly string[];
  readonly baggageMaxMembers: number;
  readonly baggageMaxBytes: number;
  readonly traceViewerUrl: string;
}

/** Defaults, identical to the `default` of each setting in package.json. */
export const DEFAULT_CONFIG: ExtensionConfig = {
  enable: true,
  preset: 'recommended',
  rules: {},
  contextManager: 'auto',
  instrumented: 'auto',
  baggageMaxMembers: 180,
  baggageMaxBytes: 8192,
  traceViewerUrl: 'http://localhost:16686/trace/{traceId}',
};

/** Reads and validates the settings for a resource (folder and language overrides apply), or the window. */
export function readConfig(scope?: vscode.Uri): ExtensionConfig {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope ?? null);
  return {
    enable: normalizeBoolean(section.get(ENABLE_SETTING), DEFAULT_CONFIG.enable),
    preset: normalizeEnum(section.get('preset'), PRESETS, DEFAULT_CONFIG.preset),
    rules: normalizeRuleSeverities(section.get('rules')),
    contextManager: normalizeEnum(section.get('contextManager'), CONTEXT_MANAGERS, DEFAULT_CONFIG.contextManager),
    instrumented: normalizeAutoOrList(section.get('instrumented')),
    baggageMaxMembers: normalizeInteger(section.get('baggage.maxMembers'), DEFAULT_CONFIG.baggageMaxMembers, 1, 10_000),
    baggageMaxBytes: normalizeInteger(section.get('baggage.maxBytes'), DEFAULT_CONFIG.baggageMaxBytes, 1, 1_000_000),
    traceViewerUrl: normalizeString(section.get('traceViewerUrl'), DEFAULT_CONFIG.traceViewerUrl),
  };
}

/** The settings object the server receives for the section. */
export function toServerSettings(config: ExtensionConfig): ExtensionConfig {
  return config;
}
