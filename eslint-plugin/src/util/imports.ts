import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES, DefinitionType } from './ast';
import { perFile } from './fileCache';

/** The module specifier of the OpenTelemetry API package. */
export const OTEL_API = '@opentelemetry/api';

/**
 * Pseudo module name for references to globals (`setTimeout`, `fetch`, `Worker`, `process`):
 * identifiers that no declaration in the file binds.
 */
export const GLOBAL_MODULE = '<global>';

/** What an expression refers to: a module and the member path read from it (empty for the module itself). */
export interface ResolvedReference {
  /** Normalized module specifier (`node:` prefix removed) or {@link GLOBAL_MODULE}. */
  readonly module: string;
  /** Member path from the module's exports, e.g. `['context', 'with']`. */
  readonly path: readonly string[];
}

/** Whether a file uses ES module syntax or CommonJS `require`. */
export type ModuleKind = 'module' | 'commonjs';

type Variable = TSESLint.Scope.Variable;
type Scope = TSESLint.Scope.Scope;

// Names through which browser and Node code reach the global object; `window.fetch` is `fetch`.
const GLOBAL_OBJECT_NAMES = new Set(['globalThis', 'window', 'self', 'global']);

/**
 * Normalizes a module specifier so that `node:worker_threads` and `worker_threads` compare equal.
 * @param specifier the string written in `import`/`require`
 */
export function normalizeModuleName(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
}

/**
 * Appends one member to a reference. A leading `default` is dropped: the packages rules care about
 * are CommonJS, so their default export (under Node's interop, or the `default` member compiled
 * TypeScript adds, as in `@opentelemetry/api`) mirrors the named exports.
 */
function appendMember(base: ResolvedReference, name: string): ResolvedReference {
  if (base.path.length === 0 && name === 'default' && base.module !== GLOBAL_MODULE) return base;
  if (base.module === GLOBAL_MODULE && base.path.length === 1 && GLOBAL_OBJECT_NAMES.has(base.path[0] ?? '')) {
    return { module: GLOBAL_MODULE, path: [name] };
  }
  return { module: base.module, path: [...base.path, name] };
}

/** Strips wrappers that do not change which value an expression denotes (`a!`, `a as T`, `a?.b`). */
export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/**
 * The static name of a member access (`a.b`, `a['b']`, `` a[`b`] ``), or `undefined` when computed.
 * @param member the member expression
 */
export function getStaticMemberName(member: TSESTree.MemberExpression): string | undefined {
  const { property } = member;
  if (!member.computed) {
    return property.type === AST_NODE_TYPES.Identifier ? property.name : undefined;
  }
  return getStaticString(property);
}

/**
 * The value of a string literal or a template literal without interpolation.
 * @param node any expression
 */
export function getStaticString(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function propertyKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return getStaticString(property.key);
}

/**
 * The member path from a destructuring pattern's root down to `target`
 * (`{ trace: { getTracer: t } }` gives `['trace', 'getTracer']` for `t`), or `undefined`
 * when the binding sits in an array pattern, a rest element or behind a computed key.
 */
function patternPath(pattern: TSESTree.Node, target: TSESTree.Identifier): string[] | undefined {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      return pattern === target ? [] : undefined;
    case AST_NODE_TYPES.AssignmentPattern:
      return patternPath(pattern.left, target);
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const inner = patternPath(property.value, target);
        if (inner === undefined) continue;
        const key = propertyKeyName(property);
        return key === undefined ? undefined : [key, ...inner];
      }
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Per-file map from local bindings to the module members they hold, built from ESLint's scope
 * analysis so that a local `context` parameter never passes for `@opentelemetry/api`'s `context`.
 *
 * The identifier→variable table is built once per file on first use; after that each lookup is a
 * map read plus a cached per-variable answer. Obtain instances through {@link getImportTracker} so
 * every rule linting the same file shares one.
 */
export class ImportTracker {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  #variableOf: Map<TSESTree.Identifier, Variable | null> | undefined;
  readonly #bindings = new Map<Variable, ResolvedReference | null>();
  readonly #resolving = new Set<Variable>();
  // Every rule resolves the same callees; one answer per node keeps the later rules at a map read.
  readonly #resolved = new Map<TSESTree.Node, ResolvedReference | null>();
  #moduleKind: ModuleKind | undefined;
  #importedModules: Set<string> | undefined;
  #declaredAtTop: readonly Variable[] | undefined;
  // Suggestions ask for the same module's names once per finding: its top-level bindings are picked out once.
  readonly #declaredFrom = new Map<string, readonly Variable[]>();

  /** @param sourceCode the file being linted */
  constructor(sourceCode: Readonly<TSESLint.SourceCode>) {
    this.#sourceCode = sourceCode;
  }

  /** The source code this tracker reads. */
  get sourceCode(): Readonly<TSESLint.SourceCode> {
    return this.#sourceCode;
  }

  /**
   * Whether the file is an ES module or CommonJS: any `import` declaration makes it a module, else a
   * top-level `require` makes it CommonJS, else the parser's `sourceType` decides.
   */
  get moduleKind(): ModuleKind {
    this.#moduleKind ??= this.#detectModuleKind();
    return this.#moduleKind;
  }

  #detectModuleKind(): ModuleKind {
    const { body, sourceType } = this.#sourceCode.ast;
    if (body.some((statement) => statement.type === AST_NODE_TYPES.ImportDeclaration)) return 'module';
    const requiresAtTop = body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.VariableDeclaration &&
        statement.declarations.some((declarator) => declarator.init !== null && this.#requiredModule(skipWrappers(declarator.init)) !== undefined),
    );
    if (requiresAtTop) return 'commonjs';
    return sourceType === 'module' ? 'module' : 'commonjs';
  }

  /**
   * Every module the file names in an `import` declaration (type-only ones too) or a `require('x')` call
   * anywhere in it, normalized. Read from the declarations and the scope analysis' references, so rules
   * need no listeners of their own to know what a file loads.
   */
  importedModules(): ReadonlySet<string> {
    if (this.#importedModules !== undefined) return this.#importedModules;
    const modules = new Set<string>();
    addDeclaredImports(this.#sourceCode.ast.body, modules);
    for (const identifier of this.#variableTable().keys()) {
      if (identifier.name !== 'require') continue;
      let callee: TSESTree.Node = identifier;
      while (callee.parent !== undefined && skipWrappers(callee.parent) === identifier) callee = callee.parent;
      const call = callee.parent;
      const [specifier] = call?.type === AST_NODE_TYPES.CallExpression && call.callee === callee ? call.arguments : [];
      const module = specifier === undefined ? undefined : getStaticString(specifier);
      if (module !== undefined) modules.add(normalizeModuleName(module));
    }
    this.#importedModules = modules;
    return modules;
  }

  #variableTable(): Map<TSESTree.Identifier, Variable | null> {
    if (this.#variableOf !== undefined) return this.#variableOf;
    const table = new Map<TSESTree.Identifier, Variable | null>();
    const { scopeManager } = this.#sourceCode;
    if (scopeManager !== null) {
      for (const scope of scopeManager.scopes) {
        for (const reference of scope.references) {
          table.set(reference.identifier as TSESTree.Identifier, reference.resolved);
        }
      }
    }
    this.#variableOf = table;
    return table;
  }

  /**
   * The variable an identifier in expression position refers to: `null` for an undeclared global,
   * `undefined` when the identifier is not a reference at all (a property key, a label).
   * @param identifier an identifier node of this file
   */
  variableOf(identifier: TSESTree.Identifier): Variable | null | undefined {
    return this.#variableTable().get(identifier);
  }

  /**
   * What a variable holds when it is bound once to a module member: `import`, `require`,
   * destructuring of either, or an alias such as `const ctx = api.context`. `undefined` otherwise.
   * @param variable a variable from this file's scope analysis
   */
  bindingOf(variable: Variable): ResolvedReference | undefined {
    const cached = this.#bindings.get(variable);
    if (cached !== undefined) return cached ?? undefined;
    // A cycle (`const a = b, b = a`) resolves to nothing instead of recursing forever.
    if (this.#resolving.has(variable)) return undefined;
    this.#resolving.add(variable);
    const binding = this.#computeBinding(variable);
    this.#resolving.delete(variable);
    this.#bindings.set(variable, binding ?? null);
    return binding;
  }

  #computeBinding(variable: Variable): ResolvedReference | undefined {
    // Implicit globals and those declared through `languageOptions.globals` have no definition.
    if (variable.defs.length === 0) return { module: GLOBAL_MODULE, path: [variable.name] };
    if (variable.defs.length !== 1) return undefined;
    const [definition] = variable.defs;
    if (definition === undefined) return undefined;
    if (definition.type === DefinitionType.ImportBinding) return this.#importBinding(definition.node);
    if (definition.type !== DefinitionType.Variable) return undefined;
    const declarator = definition.node;
    if (declarator.init === null) return undefined;
    // `let api = require('x'); api = other;` may hold anything at the use site.
    if (variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
    const initial = this.resolveReference(declarator.init);
    if (initial === undefined) return undefined;
    const path = patternPath(declarator.id, definition.name);
    if (path === undefined) return undefined;
    return path.reduce(appendMember, initial);
  }

  #importBinding(node: TSESTree.Node): ResolvedReference | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.ImportSpecifier: {
        const declaration = node.parent;
        if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || node.importKind === 'type' || declaration.importKind === 'type') return undefined;
        const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
        return appendMember({ module: normalizeModuleName(declaration.source.value), path: [] }, imported);
      }
      case AST_NODE_TYPES.ImportDefaultSpecifier:
      case AST_NODE_TYPES.ImportNamespaceSpecifier: {
        const declaration = node.parent;
        if (declaration.importKind === 'type') return undefined;
        return { module: normalizeModuleName(declaration.source.value), path: [] };
      }
      case AST_NODE_TYPES.TSImportEqualsDeclaration: {
        const reference = node.moduleReference;
        if (node.importKind === 'type' || reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
        const specifier = getStaticString(reference.expression);
        return specifier === undefined ? undefined : { module: normalizeModuleName(specifier), path: [] };
      }
      default:
        return undefined;
    }
  }

  /** The module a `require('x')` or `await import('x')` expression loads, when it is one. */
  #requiredModule(node: TSESTree.Node): string | undefined {
    if (node.type === AST_NODE_TYPES.AwaitExpression && node.argument.type === AST_NODE_TYPES.ImportExpression) {
      const specifier = getStaticString(node.argument.source);
      return specifier === undefined ? undefined : normalizeModuleName(specifier);
    }
    if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length !== 1) return undefined;
    const callee = skipWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'require') return undefined;
    // A local function named `require` is not Node's loader.
    const variable = this.variableOf(callee);
    if (variable !== null && (variable === undefined || variable.defs.length > 0)) return undefined;
    const [argument] = node.arguments;
    const specifier = argument === undefined ? undefined : getStaticString(argument);
    return specifier === undefined ? undefined : normalizeModuleName(specifier);
  }

  /**
   * Resolves an expression such as `ctx.with`, `api.context.with`, `trace.getTracer`,
   * `require('x').y` or a `new Worker(...)` callee to the module member it denotes.
   * Returns `undefined` when the expression is not statically a module member or a global.
   * @param node any expression of this file
   */
  resolveReference(node: TSESTree.Node): ResolvedReference | undefined {
    const cached = this.#resolved.get(node);
    if (cached !== undefined) return cached ?? undefined;
    const resolved = this.#resolveUncached(node);
    // An answer computed while a binding cycle is being broken is partial; only final ones are kept.
    if (this.#resolving.size === 0) this.#resolved.set(node, resolved ?? null);
    return resolved;
  }

  #resolveUncached(node: TSESTree.Node): ResolvedReference | undefined {
    const target = skipWrappers(node);
    switch (target.type) {
      case AST_NODE_TYPES.Identifier: {
        const variable = this.variableOf(target);
        if (variable === undefined) return undefined;
        if (variable === null) return { module: GLOBAL_MODULE, path: [target.name] };
        return this.bindingOf(variable);
      }
      case AST_NODE_TYPES.MemberExpression: {
        const name = getStaticMemberName(target);
        if (name === undefined) return undefined;
        const object = this.resolveReference(target.object);
        return object === undefined ? undefined : appendMember(object, name);
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.AwaitExpression: {
        const module = this.#requiredModule(target);
        return module === undefined ? undefined : { module, path: [] };
      }
      default:
        return undefined;
    }
  }

  /**
   * The initializer of the variable an identifier refers to, when that variable is declared once as
   * a plain identifier (`const ctx = context.active()`, not a pattern) and never reassigned, so the
   * value at every use is the initializer's. `undefined` otherwise.
   * @param identifier an identifier in expression position
   */
  constantInitializer(identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
    const variable = this.variableOf(identifier);
    if (variable === null || variable === undefined || variable.defs.length !== 1) return undefined;
    const [definition] = variable.defs;
    if (definition?.type !== DefinitionType.Variable) return undefined;
    const declarator = definition.node;
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.init === null) return undefined;
    if (variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
    return declarator.init;
  }

  /**
   * Resolves a type name (`Context`, `api.Context`) to the module export it names. Unlike
   * {@link resolveReference}, type-only imports count here.
   * @param name the `typeName` of a type reference
   */
  resolveTypeName(name: TSESTree.EntityName): ResolvedReference | undefined {
    if (name.type === AST_NODE_TYPES.TSQualifiedName) {
      const left = this.resolveTypeName(name.left);
      return left === undefined ? undefined : appendMember(left, name.right.name);
    }
    if (name.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = this.variableOf(name);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type !== DefinitionType.ImportBinding) return undefined;
    const node = definition.node;
    if (node.type === AST_NODE_TYPES.ImportSpecifier && node.parent.type === AST_NODE_TYPES.ImportDeclaration) {
      const imported = node.imported.type === AST_NODE_TYPES.Identifier ? node.imported.name : node.imported.value;
      return appendMember({ module: normalizeModuleName(node.parent.source.value), path: [] }, imported);
    }
    if (node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
      return { module: normalizeModuleName(node.parent.source.value), path: [] };
    }
    return undefined;
  }

  /**
   * Whether `node` denotes exactly `module` followed by `path`.
   * @param node any expression
   * @param module module specifier (a `node:` prefix is ignored)
   * @param path member path, e.g. `'context', 'with'`
   */
  isReferenceTo(node: TSESTree.Node, module: string, ...path: readonly string[]): boolean {
    return this.#refersTo(node, module, path);
  }

  #refersTo(node: TSESTree.Node, module: string, path: readonly string[]): boolean {
    // A member access `x.name` resolves to a path ending in `name` (or to none), so most callees are
    // told apart by their last name before anything is resolved.
    const last = path.at(-1);
    if (last !== undefined) {
      const target = skipWrappers(node);
      if (target.type === AST_NODE_TYPES.MemberExpression && getStaticMemberName(target) !== last) return false;
    }
    const resolved = this.resolveReference(node);
    return resolved !== undefined && referenceEquals(resolved, module, path);
  }

  /**
   * Whether `node` is a call (or `new`) whose callee denotes `module` followed by `path`.
   * Returns a plain boolean, not a type predicate: a `false` answer says nothing about the node's
   * type, and a predicate would narrow it to `never` in `isCallTo(a) || isCallTo(b)` chains.
   * @param node any node
   * @param module module specifier
   * @param path member path of the callee
   */
  isCallTo(node: TSESTree.Node, module: string, ...path: readonly string[]): boolean {
    if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return false;
    return this.#refersTo(node.callee, module, path);
  }

  /**
   * Whether `node` calls a member of `@opentelemetry/api`, e.g. `isApiCall(node, 'context', 'with')`
   * for `context.with(...)`, `api.context.with(...)` or `ctx.with(...)` with `ctx` an alias.
   * @param node any node
   * @param path member path of the callee from the API's exports
   */
  isApiCall(node: TSESTree.Node, ...path: readonly string[]): boolean {
    return node.type === AST_NODE_TYPES.CallExpression && this.#refersTo(node.callee, OTEL_API, path);
  }

  /**
   * The scope holding the file's top-level declarations (module scope, CommonJS wrapper scope or global scope).
   */
  topScope(): Scope {
    const { ast, scopeManager } = this.#sourceCode;
    // `getScope(Program)` answers the global scope; the module/CommonJS scope is the innermost one of Program.
    return scopeManager?.acquire(ast, true) ?? this.#sourceCode.getScope(ast);
  }

  /**
   * Finds an existing top-level binding that reaches `module`'s member `name` and is not shadowed at
   * `at`: the local name for a named import (`ctx` for `import { context as ctx }`) or a member access
   * on a namespace binding (`api.context`).
   * @param module module specifier
   * @param name exported member
   * @param at node where the returned text will be used; defaults to the top scope
   */
  findLocalName(module: string, name: string, at?: TSESTree.Node): string | undefined {
    const normalized = normalizeModuleName(module);
    const useScope = at === undefined ? this.topScope() : this.#sourceCode.getScope(at);
    let viaNamespace: string | undefined;
    for (const variable of this.#topLevelDeclaredFrom(normalized)) {
      const binding = this.bindingOf(variable);
      if (binding === undefined || lookupVariable(useScope, variable.name) !== variable) continue;
      if (binding.path.length === 1 && binding.path[0] === name) return variable.name;
      if (binding.path.length === 0) viaNamespace ??= `${variable.name}.${name}`;
    }
    return viaNamespace;
  }

  /** The {@link #topLevelDeclared} variables bound to a member of `module` (normalized), in order. */
  #topLevelDeclaredFrom(module: string): readonly Variable[] {
    let declared = this.#declaredFrom.get(module);
    if (declared === undefined) {
      declared = this.#topLevelDeclared().filter((variable) => this.bindingOf(variable)?.module === module);
      this.#declaredFrom.set(module, declared);
    }
    return declared;
  }

  /**
   * The declared variables of the top scope and the one above it (the global scope of a module), in
   * order. The global scope of a TypeScript file holds every library global without a definition, so
   * they are skipped once per file rather than on every {@link findLocalName}.
   */
  #topLevelDeclared(): readonly Variable[] {
    if (this.#declaredAtTop !== undefined) return this.#declaredAtTop;
    const top = this.topScope();
    const declared: Variable[] = [];
    for (const scope of new Set([top, top.upper].filter((candidate) => candidate !== null))) {
      for (const variable of scope.variables) if (variable.defs.length > 0) declared.push(variable);
    }
    this.#declaredAtTop = declared;
    return declared;
  }
}

/** Adds the sources of the `import` declarations among `statements`, looking into `declare module` blocks. */
function addDeclaredImports(statements: readonly TSESTree.Node[], modules: Set<string>): void {
  for (const statement of statements) {
    const declaration = statement.type === AST_NODE_TYPES.ExportNamedDeclaration ? statement.declaration : statement;
    if (declaration?.type === AST_NODE_TYPES.ImportDeclaration) modules.add(normalizeModuleName(declaration.source.value));
    const block = declaration?.type === AST_NODE_TYPES.TSModuleDeclaration ? declaration.body : undefined;
    if (block !== undefined) addDeclaredImports(block.body, modules);
  }
}

function referenceEquals(resolved: ResolvedReference, module: string, path: readonly string[]): boolean {
  if (resolved.path.length !== path.length) return false;
  // Compared before normalizing: most resolved references differ from the asked-for one in length or module.
  if (resolved.module !== module && resolved.module !== normalizeModuleName(module)) return false;
  for (let index = 0; index < path.length; index++) {
    if (resolved.path[index] !== path[index]) return false;
  }
  return true;
}

/**
 * The variable that `name` denotes in `scope`, walking outwards; `undefined` when nothing declares it.
 * @param scope where the name is looked up
 * @param name the identifier text
 */
export function lookupVariable(scope: Scope, name: string): Variable | undefined {
  for (let current: Scope | null = scope; current !== null; current = current.upper) {
    const variable = current.set.get(name);
    if (variable !== undefined) return variable;
  }
  return undefined;
}

const trackerOf = perFile((sourceCode) => new ImportTracker(sourceCode));

/**
 * The shared {@link ImportTracker} of the file a rule is linting (one per `SourceCode`, so every
 * rule and every fix pass reads a table built once).
 * @param context the rule context
 */
export function getImportTracker(context: Readonly<{ sourceCode: Readonly<TSESLint.SourceCode> }>): ImportTracker {
  return trackerOf(context.sourceCode);
}

/**
 * Shorthand for `getImportTracker(context).resolveReference(node)`.
 * @param context the rule context
 * @param node any expression
 */
export function resolveReference(context: Readonly<{ sourceCode: Readonly<TSESLint.SourceCode> }>, node: TSESTree.Node): ResolvedReference | undefined {
  return getImportTracker(context).resolveReference(node);
}

/**
 * Shorthand for `getImportTracker(context).isApiCall(node, ...path)`.
 * @param context the rule context
 * @param node any node
 * @param path member path of the callee from `@opentelemetry/api`'s exports
 */
export function isApiCall(context: Readonly<{ sourceCode: Readonly<TSESLint.SourceCode> }>, node: TSESTree.Node, ...path: readonly string[]): boolean {
  return getImportTracker(context).isApiCall(node, ...path);
}
