/**
 * Runs the plugin's rules through ESLint's `Linter` with a flat config built here from the client's
 * settings. No `eslint.config.*` of the workspace is ever loaded, so no workspace code runs, and the
 * bundled parser and rules make it work in projects without `node_modules`.
 */
import * as path from 'node:path';

import { Linter } from 'eslint/universal';
import plugin from 'eslint-plugin-otel-propagation';

import type { LintBaseline, LintStructure, StatementSpan } from './incremental';
import { isDirectiveComment, lineStarts, mapStructure, mergeMessages, mergeStructure, planSlice, sliceToText } from './incremental';
import type { ServerSettings } from './settingsContract';

let tsParser: Linter.Parser | undefined;

/**
 * `@typescript-eslint/parser`, loaded when the first TypeScript document is linted: it brings TypeScript,
 * two thirds of the bundle, which a JavaScript-only workspace never needs in memory.
 */
function typeScriptParser(): Linter.Parser {
  // A literal `require` so esbuild bundles the parser, evaluated only on this first call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tsParser ??= require('@typescript-eslint/parser') as Linter.Parser;
  return tsParser;
}

/** The namespace the rules are registered under, as ESLint names them: `otel-propagation/<rule-id>`. */
export const RULE_NAMESPACE = 'otel-propagation';

/** Files larger than this are not linted: a 2 MB script is generated code, and parsing it would stall the server. */
export const MAX_LINT_CHARS = 2 * 1024 * 1024;

/** The parser and dialect a document is linted with. */
export type LintKind = 'js' | 'jsx' | 'ts' | 'tsx';

const KIND_BY_EXTENSION: ReadonlyMap<string, LintKind> = new Map<string, LintKind>([
  ['.js', 'js'],
  ['.mjs', 'js'],
  ['.cjs', 'js'],
  ['.jsx', 'jsx'],
  ['.ts', 'ts'],
  ['.mts', 'ts'],
  ['.cts', 'ts'],
  ['.tsx', 'tsx'],
]);

// VS Code's ids first, then the ids other editors use (Helix and Zed say `tsx`/`jsx`).
const KIND_BY_LANGUAGE: ReadonlyMap<string, LintKind> = new Map<string, LintKind>([
  ['javascript', 'js'],
  ['javascriptreact', 'jsx'],
  ['jsx', 'jsx'],
  ['typescript', 'ts'],
  ['typescriptreact', 'tsx'],
  ['tsx', 'tsx'],
]);

const EXTENSION_BY_KIND: Readonly<Record<LintKind, string>> = { js: '.js', jsx: '.jsx', ts: '.ts', tsx: '.tsx' };

/**
 * Which parser a document needs, from its file extension when it has a known one, else its language id;
 * undefined for documents the rules do not apply to (JSON, logs, …), which only get hovers.
 *
 * @param filePath the document's path on disk, when it has one
 * @param languageId the language id the editor gave the document
 */
export function lintKindOf(filePath: string | undefined, languageId: string): LintKind | undefined {
  const byExtension = filePath === undefined ? undefined : KIND_BY_EXTENSION.get(path.extname(filePath).toLowerCase());
  return byExtension ?? KIND_BY_LANGUAGE.get(languageId);
}

/**
 * The file name handed to the Linter. It keeps the document's directory, because `auto` settings read the
 * nearest package.json from it, and ends in an extension the config's `files` match. Untitled documents get a
 * relative name, which the plugin treats as "no package.json".
 *
 * @param filePath the document's path on disk, when it has one
 * @param kind the dialect from {@link lintKindOf}
 */
export function lintFileName(filePath: string | undefined, kind: LintKind): string {
  if (filePath === undefined) return `untitled${EXTENSION_BY_KIND[kind]}`;
  return KIND_BY_EXTENSION.has(path.extname(filePath).toLowerCase()) ? filePath : `${filePath}${EXTENSION_BY_KIND[kind]}`;
}

type RuleLevel = 'off' | 'warn' | 'error';

function presetRules(settings: ServerSettings): Record<string, RuleLevel> {
  const preset = plugin.configs[settings.preset];
  const rules: Record<string, RuleLevel> = {};
  for (const [id, entry] of Object.entries(preset.rules ?? {})) {
    const level = Array.isArray(entry) ? entry[0] : entry;
    rules[id] = level === 2 || level === 'error' ? 'error' : level === 1 || level === 'warn' ? 'warn' : 'off';
  }
  for (const [id, level] of Object.entries(settings.rules)) {
    if (Object.hasOwn(plugin.rules, id)) rules[`${RULE_NAMESPACE}/${id}`] = level;
  }
  return rules;
}

function propagationSettings(settings: ServerSettings): Record<string, unknown> {
  const presetSettings = plugin.configs[settings.preset].settings?.[RULE_NAMESPACE];
  const merged: Record<string, unknown> = typeof presetSettings === 'object' && presetSettings !== null ? { ...presetSettings } : {};
  // `auto` leaves the key out, so the plugin detects it from the nearest package.json itself.
  if (settings.contextManager !== 'auto') merged['contextManager'] = settings.contextManager;
  if (settings.instrumented !== 'auto') merged['instrumented'] = [...settings.instrumented];
  return merged;
}

/**
 * The flat config the Linter runs for one dialect: the preset's rules with the per-rule overrides, the
 * baggage limits as `no-oversized-baggage` options, and `settings['otel-propagation']` from the client.
 *
 * @param settings the document's settings
 * @param kind the dialect, choosing espree or `@typescript-eslint/parser` and JSX
 */
export function buildLintConfig(settings: ServerSettings, kind: LintKind): Linter.Config[] {
  const levels = presetRules(settings);
  const rules: Linter.RulesRecord = { ...levels };
  const baggageRule = `${RULE_NAMESPACE}/no-oversized-baggage`;
  const baggageLevel = levels[baggageRule];
  if (baggageLevel !== undefined && baggageLevel !== 'off') {
    rules[baggageRule] = [baggageLevel, { maxBytes: settings.baggageMaxBytes, maxMembers: settings.baggageMaxMembers }];
  }
  const jsx = kind === 'jsx' || kind === 'tsx';
  const languageOptions: Linter.LanguageOptions =
    kind === 'ts' || kind === 'tsx'
      ? // No rule reads JSDoc, and skipping its parse saves about a tenth of the parse time of a large file.
        { parser: typeScriptParser(), parserOptions: { ecmaFeatures: { jsx }, jsDocParsingMode: 'none' } }
      : { ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx } } };
  return [
    {
      name: 'otel-propagation-server',
      files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
      plugins: { [RULE_NAMESPACE]: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      languageOptions,
      // Disable comments for rules this server does not run (`no-console`, other plugins) must not be reported as unused.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      settings: { [RULE_NAMESPACE]: propagationSettings(settings) },
      rules,
    },
  ];
}

/** What one lint run found. */
export type LintOutcome =
  | { readonly kind: 'linted'; readonly messages: readonly Linter.LintMessage[]; readonly structure: LintStructure; readonly mode: 'full' | 'incremental' }
  | { readonly kind: 'parseError'; readonly message: string; readonly line: number; readonly column: number; readonly mode: 'full' | 'incremental' }
  | { readonly kind: 'skipped'; readonly reason: string };

/** A document as the linter needs it. */
export interface LintInput {
  readonly text: string;
  /** Path on disk, or undefined for untitled documents. */
  readonly filePath: string | undefined;
  readonly kind: LintKind;
  readonly settings: ServerSettings;
}

/**
 * Why a document is not linted at all (too big, binary), or undefined when it should be.
 *
 * @param text the document's text
 */
export function skipReason(text: string): string | undefined {
  if (text.length > MAX_LINT_CHARS) return `larger than ${MAX_LINT_CHARS} characters`;
  // NUL never appears in source code; a NUL in the first 8 KiB means a binary file opened as text.
  if (text.slice(0, 8192).includes('\u0000')) return 'binary content';
  return undefined;
}

function isOwnMessage(message: Linter.LintMessage): boolean {
  return message.ruleId?.startsWith(`${RULE_NAMESPACE}/`) === true;
}

const IMPORT_TYPES: ReadonlySet<string> = new Set(['ImportDeclaration', 'ExportAllDeclaration', 'TSImportEqualsDeclaration']);

/** The top-level statements and directive comments of the text the linter just parsed. */
function structureOf(linter: Linter): LintStructure {
  const ast = linter.getSourceCode().ast;
  const statements: StatementSpan[] = ast.body.map((statement) => {
    const [start, end] = statement.range ?? [0, 0];
    const isImport = IMPORT_TYPES.has(statement.type) || (statement.type === 'ExportNamedDeclaration' && statement.source !== null && statement.source !== undefined);
    return { start, end, isImport };
  });
  const directives = ast.comments.filter((comment) => isDirectiveComment(comment.value)).map((comment) => ({ start: comment.range?.[0] ?? 0, end: comment.range?.[1] ?? 0 }));
  return { statements, directives };
}

/** ESLint's Linter with the bundled plugin, one instance per file-system root (flat config matches files under `cwd` only). */
export class LintEngine {
  readonly #linters = new Map<string, Linter>();
  // Settings rarely change, and rebuilding the config on every keystroke shows up in re-lint time.
  readonly #configs = new Map<string, Linter.Config[]>();

  #configFor(settings: ServerSettings, kind: LintKind): Linter.Config[] {
    const key = `${kind}\u0000${JSON.stringify(settings)}`;
    let config = this.#configs.get(key);
    if (config === undefined) {
      if (this.#configs.size >= 64) this.#configs.clear();
      config = buildLintConfig(settings, kind);
      this.#configs.set(key, config);
    }
    return config;
  }

  #linterFor(fileName: string): Linter {
    const root = path.isAbsolute(fileName) ? path.parse(fileName).root : path.parse(process.cwd()).root;
    let linter = this.#linters.get(root);
    if (linter === undefined) {
      linter = new Linter({ configType: 'flat', cwd: root });
      this.#linters.set(root, linter);
    }
    return linter;
  }

  /**
   * Lints a document. Only this plugin's messages are kept: disable comments naming other plugins' rules
   * make ESLint report "Definition for rule … was not found", which is not ours to say.
   */
  lint(input: LintInput): LintOutcome {
    const reason = skipReason(input.text);
    if (reason !== undefined) return { kind: 'skipped', reason };
    const fileName = lintFileName(input.filePath, input.kind);
    const linter = this.#linterFor(fileName);
    const messages = linter.verify(input.text, this.#configFor(input.settings, input.kind), { filename: fileName });
    const fatal = messages.find((message) => message.fatal === true);
    if (fatal !== undefined) return { kind: 'parseError', message: fatal.message, line: fatal.line, column: fatal.column, mode: 'full' };
    return { kind: 'linted', messages: messages.filter(isOwnMessage), structure: structureOf(linter), mode: 'full' };
  }

  /**
   * Lints a document after an edit of `baseline` (the last lint of the same document with the same
   * settings): on a slice when the edit stays inside one top-level statement (see `incremental.ts`), else
   * the whole text. An incremental result is exact inside the edited statement; elsewhere it is the
   * baseline's, moved, until a full lint.
   */
  lintAfterEdit(input: LintInput, baseline: LintBaseline): LintOutcome {
    const plan = skipReason(input.text) === undefined ? planSlice(baseline, input.text) : undefined;
    if (plan === undefined) return this.lint(input);
    const fileName = lintFileName(input.filePath, input.kind);
    const linter = this.#linterFor(fileName);
    const messages = linter.verify(plan.text, this.#configFor(input.settings, input.kind), { filename: fileName });
    const fatal = messages.find((message) => message.fatal === true);
    if (fatal !== undefined) {
      // The statements around the edited one parsed before and did not change: an error inside it is the
      // edit's own, and the full lint that follows would only confirm it.
      // Lines are the same in the slice and the text.
      const [firstLine, lastLine] = [plan.statement.start, plan.statement.end].map((offset) => input.text.slice(0, offset).split('\n').length);
      if (firstLine !== undefined && lastLine !== undefined && fatal.line >= firstLine && fatal.line <= lastLine) {
        return { kind: 'parseError', message: fatal.message, line: fatal.line, column: fatal.column, mode: 'incremental' };
      }
      return this.lint(input);
    }
    const merged = mergeMessages(baseline, plan, input.text, messages.filter(isOwnMessage));
    if (merged === undefined) return this.lint(input);
    const [sliceStarts, textStarts] = [lineStarts(plan.text), lineStarts(input.text)];
    const sliceStructure = mapStructure(structureOf(linter), (offset) => sliceToText(sliceStarts, textStarts, offset));
    return { kind: 'linted', messages: merged, structure: mergeStructure(baseline.structure, plan, sliceStructure), mode: 'incremental' };
  }

  /**
   * Applies every auto-fix, repeating until nothing more changes (ESLint's passes); undefined when the
   * document is skipped, does not parse or has nothing to fix.
   */
  fixAll(input: LintInput): string | undefined {
    if (skipReason(input.text) !== undefined) return undefined;
    const fileName = lintFileName(input.filePath, input.kind);
    const report = this.#linterFor(fileName).verifyAndFix(input.text, this.#configFor(input.settings, input.kind), { filename: fileName, fix: true });
    return report.fixed && report.output !== input.text ? report.output : undefined;
  }
}

/**
 * The documentation URL of a rule, from its `meta.docs.url`.
 *
 * @param ruleId the rule as ESLint names it (`otel-propagation/require-span-end`) or without the namespace
 */
export function ruleDocsUrl(ruleId: string): string | undefined {
  const id = ruleId.startsWith(`${RULE_NAMESPACE}/`) ? ruleId.slice(RULE_NAMESPACE.length + 1) : ruleId;
  if (!Object.hasOwn(plugin.rules, id)) return undefined;
  return plugin.rules[id]?.meta.docs?.url;
}

/**
 * Runs work per key after a quiet period: a new request for the same key replaces the pending one, so
 * a burst of edits lints only the last version and superseded runs never start.
 */
export class Debouncer {
  /** Pending work per key: its timer, and when it is due in `performance.now()` time. */
  readonly #pending = new Map<string, { readonly timer: NodeJS.Timeout; readonly due: number }>();
  readonly #delayMs: number;

  /** @param delayMs the quiet period before work runs */
  constructor(delayMs: number) {
    this.#delayMs = delayMs;
  }

  /** Schedules `work` for `key` after `delayMs` (the quiet period by default), cancelling whatever was pending for it. */
  schedule(key: string, work: () => void, delayMs: number = this.#delayMs): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.#pending.delete(key);
      work();
    }, delayMs);
    this.#pending.set(key, { timer, due: performance.now() + delayMs });
  }

  /** Whether work of a key other than `ignored` is due within `ms` (or overdue, waiting for the event loop). */
  dueWithin(ms: number, ignored?: string): boolean {
    const limit = performance.now() + ms;
    for (const [key, { due }] of this.#pending) if (key !== ignored && due <= limit) return true;
    return false;
  }

  /** Drops the pending work of `key`, if any. */
  cancel(key: string): void {
    clearTimeout(this.#pending.get(key)?.timer);
    this.#pending.delete(key);
  }

  /** Whether work is pending for `key`. */
  isPending(key: string): boolean {
    return this.#pending.has(key);
  }

  /** Cancels everything, for shutdown. */
  dispose(): void {
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#pending.clear();
  }
}
