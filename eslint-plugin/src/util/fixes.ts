import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from './ast';

import { getImportTracker, getStaticString, lookupVariable, normalizeModuleName } from './imports';
import { canMoveIntoScope, containsOutsideFunctions, hasEscapingJump, indentedText, isFunctionNode, lineIndent } from './spans';

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

/**
 * `base`, or `base2`, `base3`, … : the first name neither bound where `at` is nor used there as an
 * undeclared global, so a declaration of it next to `at` captures nothing.
 * @param sourceCode the file
 * @param at the node next to which the name is declared
 * @param base the preferred name, e.g. `ctx`
 */
export function freeLocalName(sourceCode: Readonly<TSESLint.SourceCode>, at: TSESTree.Node, base: string): string {
  const scope = sourceCode.getScope(at);
  for (let suffix = 1; ; suffix += 1) {
    const name = suffix === 1 ? base : `${base}${String(suffix)}`;
    if (lookupVariable(scope, name) === undefined && !scope.through.some((reference) => reference.identifier.name === name)) return name;
  }
}

/** A run of statements that can move into the callback of `context.with(ctx, () => { … })`. See {@link planContextWith}. */
export interface ContextWith {
  /** The source range the call replaces: the leading statement (if any) through the last moved one. */
  readonly range: TSESTree.Range;
  /**
   * The replacing text.
   * @param contextName how the file refers to `@opentelemetry/api`'s `context`
   * @param contextArgument the first argument of `with`, e.g. `propagation.extract(ROOT_CONTEXT, carrier)`
   */
  text(contextName: string, contextArgument: string): string;
}

/**
 * Plans moving `statements` (consecutive, running to the end of their block or of the program, or the
 * lone expression statement of an `if` branch) into
 * `context.with(ctx, () => { … })` without changing what they do, or answers `undefined` when that
 * cannot be told: they declare something used elsewhere, hold `import`/`export`, a `yield`, a
 * `break`/`continue` leaving them, or a `return` that is not at the level of a function body. A
 * `return` in a function body becomes `return context.with(…)`; an `await` makes the callback `async`
 * and the call `await`ed (or returned), so completion and errors still reach the caller in order.
 * @param sourceCode the file
 * @param statements the statements to move
 * @param lead a statement just before them that the call replaces (a thrown-away `propagation.extract(…);`)
 */
export function planContextWith(sourceCode: Readonly<TSESLint.SourceCode>, statements: readonly TSESTree.Statement[], lead?: TSESTree.Statement): ContextWith | undefined {
  const first = statements[0];
  const last = statements.at(-1);
  const list = first?.parent;
  if (first === undefined || last === undefined || list === undefined) return undefined;
  // `if (…) work();`: a lone expression statement declares nothing and cannot return.
  const lone = statements.length === 1 && lead === undefined && first.type === AST_NODE_TYPES.ExpressionStatement && list.type === AST_NODE_TYPES.IfStatement;
  if (!lone) {
    if (list.type !== AST_NODE_TYPES.BlockStatement && list.type !== AST_NODE_TYPES.Program) return undefined;
    const body: readonly TSESTree.Node[] = list.body;
    if (body.at(-1) !== last || statements.some((statement) => statement.parent !== list)) return undefined;
  }
  if (!canMoveIntoScope(sourceCode, statements) || hasEscapingJump(sourceCode, statements)) return undefined;
  // At the top of a classic script, declarations are globals that other scripts (or HTML handlers) may use.
  if (list.type === AST_NODE_TYPES.Program && getImportTracker({ sourceCode }).topScope() === sourceCode.scopeManager?.globalScope && statements.some((statement) => sourceCode.getDeclaredVariables(statement).length > 0 || containsOutsideFunctions(sourceCode, statement, isVarDeclaration))) return undefined;
  const returns = statements.some((statement) => containsOutsideFunctions(sourceCode, statement, (node) => node.type === AST_NODE_TYPES.ReturnStatement));
  // A `return` moved into the callback only leaves the function if the call's value is returned in turn.
  if (returns && !(list.type === AST_NODE_TYPES.BlockStatement && isFunctionNode(list.parent) && list.parent.body === list)) return undefined;
  const awaits = statements.some((statement) =>
    containsOutsideFunctions(sourceCode, statement, (node) => node.type === AST_NODE_TYPES.AwaitExpression || (node.type === AST_NODE_TYPES.ForOfStatement && node.await) || (node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'await using')),
  );
  const prefix = returns ? 'return ' : awaits ? 'await ' : '';
  const start = lead ?? first;
  const indent = lineIndent(sourceCode, start);
  const semicolon = (lead === undefined ? usesSemicolons(sourceCode.ast.body, sourceCode) : sourceCode.getLastToken(lead)?.value === ';') ? ';' : '';
  // Comments between the leading statement and the moved ones move along, one level deeper.
  const between = lead === undefined ? `\n${indent}` : sourceCode.text.slice(lead.range[1], first.range[0]);
  const moved = indentedText(sourceCode, statements, '  ');
  return {
    range: [start.range[0], last.range[1]],
    text: (contextName, contextArgument) =>
      `${prefix}${contextName}.with(${contextArgument}, ${awaits ? 'async ' : ''}() => {${between.replace(/\n(?=[^\n]|$)/g, '\n  ')}${moved}\n${indent}})${semicolon}`,
  };
}

function isVarDeclaration(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.VariableDeclaration && node.kind === 'var';
}
