/**
 * Whether the workspace's own ESLint config already runs this plugin. Config files are only read as
 * text: executing them would run workspace code, which this extension never does (it is declared
 * safe for untrusted workspaces).
 */

/** Config file names ESLint looks for at a workspace root, flat config first, then legacy eslintrc. */
export const ESLINT_CONFIG_FILE_NAMES: readonly string[] = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  'eslint.config.mts',
  'eslint.config.cts',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yaml',
  '.eslintrc.yml',
  '.eslintrc',
];

/** The package name and the config namespace; either in a config means the plugin is wired in. */
const PLUGIN_MENTIONS = ['eslint-plugin-otel-propagation', 'otel-propagation/', "'otel-propagation'", '"otel-propagation"'];

/** Strips comments so a commented-out plugin line is not taken for an enabled one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/[^\n]*/g, '$1');
}

/** Whether a config file's text names this plugin outside comments. */
export function configMentionsPlugin(text: string): boolean {
  const code = withoutComments(text);
  return PLUGIN_MENTIONS.some((mention) => code.includes(mention));
}

/** Whether a package.json's `eslintConfig` (legacy inline config) names this plugin. */
export function packageJsonMentionsPlugin(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== 'object' || parsed === null) return false;
  const inline = (parsed as Record<string, unknown>)['eslintConfig'];
  return inline !== undefined && configMentionsPlugin(JSON.stringify(inline));
}
