import * as vscode from 'vscode';

import type { ServerSettings } from '../server/settingsContract';
import { CONFIG_SECTION } from './constants';
import type { ExtensionConfig } from './configNormalize';
import { normalizeConfig } from './configNormalize';

export type { ExtensionConfig } from './configNormalize';
export { ENABLE_SETTING, SETTING_KEYS } from './configNormalize';

/** Reads and validates the settings for a resource (folder and language overrides apply), or the window-wide ones. */
export function readConfig(scope?: vscode.Uri): ExtensionConfig {
  const section = vscode.workspace.getConfiguration(CONFIG_SECTION, scope ?? null);
  return normalizeConfig((key) => section.get(key));
}

/** The settings object the server receives for the section (the contract's {@link ServerSettings}). */
export function toServerSettings(config: ExtensionConfig): ServerSettings {
  return config;
}
