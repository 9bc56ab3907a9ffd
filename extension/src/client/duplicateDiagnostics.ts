import * as vscode from 'vscode';

import { CONFIG_SECTION, DUPLICATE_OFFER_STATE_KEY, ESLINT_EXTENSION_ID } from './constants';
import { ENABLE_SETTING } from './config';
import { configMentionsPlugin, ESLINT_CONFIG_FILE_NAMES, packageJsonMentionsPlugin } from './eslintConfigDetection';

/** Reads a workspace file as text; undefined when it does not exist or cannot be read. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The first workspace config file (or package.json `eslintConfig`) that names the plugin. */
export async function findConfigRunningPlugin(folders: readonly vscode.WorkspaceFolder[]): Promise<vscode.Uri | undefined> {
  for (const folder of folders) {
    for (const name of ESLINT_CONFIG_FILE_NAMES) {
      const uri = vscode.Uri.joinPath(folder.uri, name);
      const text = await readText(uri);
      if (text !== undefined && configMentionsPlugin(text)) return uri;
    }
    const packageJson = vscode.Uri.joinPath(folder.uri, 'package.json');
    const text = await readText(packageJson);
    if (text !== undefined && packageJsonMentionsPlugin(text)) return packageJson;
  }
  return undefined;
}

/**
 * When the ESLint extension is active and the workspace's ESLint config already runs this plugin,
 * offers once per workspace to turn our diagnostics off, since every problem would show twice.
 * Resolves to true when our diagnostics were turned off.
 */
export async function offerToAvoidDuplicateDiagnostics(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<boolean> {
  if (context.workspaceState.get<boolean>(DUPLICATE_OFFER_STATE_KEY) === true) return false;
  if (vscode.extensions.getExtension(ESLINT_EXTENSION_ID)?.isActive !== true) return false;
  if (!vscode.workspace.getConfiguration(CONFIG_SECTION).get<boolean>(ENABLE_SETTING, true)) return false;
  const configFile = await findConfigRunningPlugin(vscode.workspace.workspaceFolders ?? []);
  if (configFile === undefined) return false;
  output.info(`${vscode.workspace.asRelativePath(configFile)} already enables eslint-plugin-otel-propagation and the ESLint extension is active`);
  const turnOff = 'Turn Off Ours';
  const choice = await vscode.window.showInformationMessage(
    'ESLint already runs eslint-plugin-otel-propagation in this workspace, so its problems would show twice. Turn off the OTel Propagation diagnostics here? Hovers and commands keep working.',
    turnOff,
    'Keep Both',
  );
  if (choice === undefined) return false;
  await context.workspaceState.update(DUPLICATE_OFFER_STATE_KEY, true);
  if (choice !== turnOff) return false;
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update(ENABLE_SETTING, false, vscode.ConfigurationTarget.Workspace);
  return true;
}
