import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '@typescript-eslint/utils';

import { getImportTracker, getStaticString, lookupVariable, normalizeModuleName } from './imports';

/** The outcome of {@link ensureImport}. */
export interface EnsuredImport {
  /** Text to write where the member is used: `context`, an alias such as `ctx`, or `api.context`. */
  readonly local: string;
  /** The edit that adds the import, or `undefined` when the file already binds the member. */
  readonly fix: TSESLint.RuleFix | undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether `name` is free to be declared at the top and still mean the new binding at `at`. */
function isFreeName(sourceCode: Readonly<TSESLint.SourceCode>, name: string, at: TSESTree.Node | undefined): boolean {
  const top = getImportTracker({ sourceCode }).topScope();
  if (lookupVariable(top, name)?.defs.length) return false;
  if (at !== undefined && lookupVariable(sourceCode.getScope(at), name)?.defs.length) return false;
  // An undeclared use of the name elsewhere would be captured by the new binding.
  return !sourceCode.scopeManager?.globalScope?.through.some((reference) => reference.identifier.name === name);
}

function pickLocalName(sourceCode: Readonly<TSESLint.SourceCode>, name: string, at: TSESTree.Node | undefined): string {
  const candidates = [name, `otel${capitalize(name)}`];
  for (const candidate of candidates) {
    if (isFreeName(sourceCode, candidate, at)) return candidate;
  }
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `otel${capitalize(name)}${suffix}`;
    if (isFreeName(sourceCode, candidate, at)) return candidate;
  }
}

/** Whether the file ends its simple statements with `;`, judged by the first one; `true` when there is none. */
function usesSemicolons(body: readonly TSESTree.ProgramStatement[], sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const simple = body.find(
    (statement) =>
      statement.type === AST_NODE_TYPES.ImportDeclaration ||
      statement.type === AST_NODE_TYPES.VariableDeclaration ||
      statement.type === AST_NODE_TYPES.ExpressionStatement,
  );
  return simple === undefined || sourceCode.getLastToken(simple)?.value === ';';
}

function specifierText(name: string, local: string): string {
  return name === local ? name : `${name} as ${local}`;
}

function propertyText(name: string, local: string): string {
  return name === local ? name : `${name}: ${local}`;
}

/** Requires of `module` at the top of a CommonJS file: `const x = require('module')` declarations. */
function topLevelRequires(body: readonly TSESTree.ProgramStatement[], isRequireOf: (node: TSESTree.Node) => boolean): TSESTree.VariableDeclaration[] {
  return body.filter(
    (statement): statement is TSESTree.VariableDeclaration =>
      statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.some((declarator) => declarator.init !== null && isRequireOf(declarator.init)),
  );
}

/** The first statement after the directive prologue (`'use strict'`), where new imports go when none exist. */
function firstNonDirective(body: readonly TSESTree.ProgramStatement[]): { statement: TSESTree.ProgramStatement | undefined; lastDirective: TSESTree.ProgramStatement | undefined } {
  let lastDirective: TSESTree.ProgramStatement | undefined;
  for (const statement of body) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive !== undefined) {
      lastDirective = statement;
      continue;
    }
    return { statement, lastDirective };
  }
  return { statement: undefined, lastDirective };
}

/** The outcome of {@link ensureImports}. */
export interface EnsuredImports {
  /** For each requested name, in order, the text to write where it is used. */
  readonly locals: readonly string[];
  /** The single edit that adds the missing names, or `undefined` when all are bound already. */
  readonly fix: TSESLint.RuleFix | undefined;
}

/**
 * Makes several exports of one module available with a single edit (so a suggestion needing both
 * `propagation` and `context` adds one import line, not two). See {@link ensureImport}.
 *
 * @param fixer the fixer passed to `fix`
 * @param sourceCode the file being fixed
 * @param module module specifier, e.g. `@opentelemetry/api`
 * @param names exported members, e.g. `['propagation', 'context']`
 * @param at the node the fix writes the members into, to check local names are not shadowed there
 */
export function ensureImports(fixer: TSESLint.RuleFixer, sourceCode: Readonly<TSESLint.SourceCode>, module: string, names: readonly string[], at?: TSESTree.Node): EnsuredImports {
  const tracker = getImportTracker({ sourceCode });
  const missing: { name: string; local: string }[] = [];
  const locals = names.map((name) => {
    const existing = tracker.findLocalName(module, name, at);
    if (existing !== undefined) return existing;
    const local = pickLocalName(sourceCode, name, at);
    missing.push({ name, local });
    return local;
  });
  if (missing.length === 0) return { locals, fix: undefined };

  const { body } = sourceCode.ast;
  const normalized = normalizeModuleName(module);
  const { statement: first, lastDirective } = firstNonDirective(body);
  const semicolon = usesSemicolons(body, sourceCode) ? ';' : '';

  if (tracker.moduleKind === 'module') {
    const specifiers = missing.map(({ name, local }) => specifierText(name, local)).join(', ');
    const imports = body.filter((statement): statement is TSESTree.ImportDeclaration => statement.type === AST_NODE_TYPES.ImportDeclaration);
    const joinable = imports.find(
      (declaration) =>
        normalizeModuleName(declaration.source.value) === normalized &&
        declaration.importKind !== 'type' &&
        declaration.specifiers.length > 0 &&
        declaration.specifiers.every((specifier) => specifier.type === AST_NODE_TYPES.ImportSpecifier),
    );
    const lastSpecifier = joinable?.specifiers.at(-1);
    if (lastSpecifier !== undefined) return { locals, fix: fixer.insertTextAfter(lastSpecifier, `, ${specifiers}`) };
    const text = `import { ${specifiers} } from '${module}'${semicolon}`;
    return { locals, fix: insertStatement(fixer, imports.at(-1) ?? lastDirective, first, text) };
  }

  const properties = missing.map(({ name, local }) => propertyText(name, local)).join(', ');
  const requires = topLevelRequires(body, (node) => tracker.resolveReference(node)?.path.length === 0 && isRequireCall(node));
  for (const declaration of requires) {
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || declarator.init === null) continue;
      if (tracker.resolveReference(declarator.init)?.module !== normalized) continue;
      const lastProperty = declarator.id.properties.at(-1);
      if (lastProperty?.type !== AST_NODE_TYPES.Property) continue;
      return { locals, fix: fixer.insertTextAfter(lastProperty, `, ${properties}`) };
    }
  }
  const text = `const { ${properties} } = require('${module}')${semicolon}`;
  return { locals, fix: insertStatement(fixer, requires.at(-1) ?? lastDirective, first, text) };
}

/**
 * Makes `module`'s export `name` available in the file and says how to refer to it.
 *
 * Reuses an existing binding when one reaches the member and is visible at `at` (`ctx` for
 * `import { context as ctx }`, `api.context` for a namespace import or `const api = require(...)`).
 * Otherwise returns the edit that adds `import { name } from 'module'` to an ES module (joining an
 * existing named import of the module) or `const { name } = require('module')` to a CommonJS file
 * (joining an existing destructuring require), choosing `otelName` when `name` is taken. The file's
 * semicolon style is kept.
 *
 * @param fixer the fixer passed to `fix`
 * @param sourceCode the file being fixed
 * @param module module specifier, e.g. `@opentelemetry/api`
 * @param name exported member, e.g. `context`
 * @param at the node the fix writes the member into, to check the local name is not shadowed there
 */
export function ensureImport(fixer: TSESLint.RuleFixer, sourceCode: Readonly<TSESLint.SourceCode>, module: string, name: string, at?: TSESTree.Node): EnsuredImport {
  const { locals, fix } = ensureImports(fixer, sourceCode, module, [name], at);
  return { local: locals[0] ?? name, fix };
}

function isRequireCall(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 1 && node.arguments[0] !== undefined && getStaticString(node.arguments[0]) !== undefined;
}

function insertStatement(
  fixer: TSESLint.RuleFixer,
  after: TSESTree.Node | undefined,
  before: TSESTree.Node | undefined,
  text: string,
): TSESLint.RuleFix {
  if (after !== undefined) return fixer.insertTextAfter(after, `\n${text}`);
  if (before !== undefined) return fixer.insertTextBefore(before, `${text}\n`);
  return fixer.insertTextAfterRange([0, 0], `${text}\n`);
}
