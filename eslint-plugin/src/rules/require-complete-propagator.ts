import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import type { ExportedClass } from '../util/sdk';

import { createRule } from '../util/createRule';
import { ensureImports } from '../util/fixes';
import { getImportTracker, getStaticMemberName, getStaticString, GLOBAL_MODULE, skipWrappers } from '../util/imports';
import { constructorOption, instantiatedClass, isNodeSdkClass, isRegisteringProviderClass, mentionsOpenTelemetry, OTEL_CORE, propertyName, resolveExportedClass, siblingExports } from '../util/sdk';
import { mayMention } from '../util/sourceText';

export type MessageIds = 'addPropagators' | 'deprecatedPropagator' | 'missingEnvPropagator' | 'missingPropagator';
export type Propagation = 'baggage' | 'tracecontext';
export type Options = [{ required?: Propagation[] }];

/** A W3C propagation format the rule can require, with the class that speaks it and its headers. */
interface RequiredFormat {
  readonly className: string;
  readonly headers: string;
}

const REQUIRED_FORMATS: ReadonlyMap<Propagation, RequiredFormat> = new Map([
  ['tracecontext', { className: 'W3CTraceContextPropagator', headers: '`traceparent`/`tracestate`' }],
  ['baggage', { className: 'W3CBaggagePropagator', headers: '`baggage`' }],
]);

// Every propagator class whose formats are known, by package; anything else makes the list unknown.
const KNOWN_PROPAGATORS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    OTEL_CORE,
    new Map([
      ['W3CTraceContextPropagator', 'tracecontext'],
      ['W3CBaggagePropagator', 'baggage'],
    ]),
  ],
  ['@opentelemetry/propagator-b3', new Map([['B3Propagator', 'b3']])],
  ['@opentelemetry/propagator-jaeger', new Map([['JaegerPropagator', 'jaeger']])],
  ['@opentelemetry/propagator-ot-trace', new Map([['OTTracePropagator', 'ottrace']])],
  ['@opentelemetry/propagator-aws-xray', new Map([['AWSXRayPropagator', 'xray']])],
  ['@opentelemetry/propagator-aws-xray-lambda', new Map([['AWSXRayLambdaPropagator', 'xray-lambda']])],
]);

// Formats whose OpenTelemetry propagators are deprecated, with the headers they handle.
const DEPRECATED_FORMATS: ReadonlyMap<string, string> = new Map([
  ['jaeger', '`uber-trace-id` (and `uberctx-*` baggage)'],
  ['ottrace', '`ot-tracer-traceid`/`ot-tracer-spanid`/`ot-tracer-sampled` (and `ot-baggage-*`)'],
]);

const DEFAULT_REQUIRED: Propagation[] = ['tracecontext', 'baggage'];

const PROPAGATORS_ENV = 'OTEL_PROPAGATORS';
// What the SDK half starts from, always written by name: `setGlobalPropagator`, a provider's `register`, `NodeSDK`.
const SDK_ENTRY_NAMES: readonly string[] = ['setglobalpropagator', 'register', 'nodesdk'];

// `OTEL_PROPAGATORS` values (SDK environment variable specification) and the format each selects.
const ENV_FORMATS: ReadonlyMap<string, string> = new Map([
  ['tracecontext', 'tracecontext'],
  ['baggage', 'baggage'],
  ['b3', 'b3'],
  ['b3multi', 'b3'],
  ['jaeger', 'jaeger'],
  ['xray', 'xray'],
  ['ottrace', 'ottrace'],
]);

// Composites nested deeper than this are not followed; real setups nest once at most.
const MAX_NESTING = 4;

/** One propagator of a statically known list. */
interface Member {
  readonly format: string;
  readonly name: string;
  readonly node: TSESTree.NewExpression;
}

/** A statically known global propagator: its flattened members and the outermost composite, if any. */
interface KnownPropagator {
  readonly members: readonly Member[];
  readonly composite: { readonly node: TSESTree.NewExpression; readonly exported: ExportedClass; readonly list: TSESTree.ArrayExpression | undefined } | undefined;
}

export default createRule<Options, MessageIds>({
  name: 'require-complete-propagator',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require the global propagator to include the W3C trace context and baggage propagators',
      recommended: 'recommended',
      severity: 'warn',
    },
    hasSuggestions: true,
    messages: {
      addPropagators: 'Add {{missing}} to the propagators.',
      deprecatedPropagator:
        '`{{name}}` is deprecated: it reads and writes {{headers}}, a format OpenTelemetry no longer maintains. Keep it only while callers still send it, next to `W3CTraceContextPropagator`, and plan to remove it.',
      missingEnvPropagator:
        "`OTEL_PROPAGATORS` is set to '{{value}}', which has no {{missing}}: {{headers}} will no longer be read from incoming requests nor written to outgoing ones, so services using the OpenTelemetry defaults lose the {{lost}} at this hop. Add {{missing}} to the list.",
      missingPropagator:
        'The global propagator has no {{missing}}: {{headers}} will no longer be read from incoming requests nor written to outgoing ones, so services using the OpenTelemetry defaults lose the {{lost}} at this hop. Add {{missing}} to the propagators.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          required: {
            type: 'array',
            items: { type: 'string', enum: ['tracecontext', 'baggage'] },
            uniqueItems: true,
            description: "W3C formats the global propagator must include: 'tracecontext' (`W3CTraceContextPropagator`) and/or 'baggage' (`W3CBaggagePropagator`).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ required: DEFAULT_REQUIRED }],
  },
  create(context, [{ required = DEFAULT_REQUIRED }]) {
    const { sourceCode } = context;
    const tracker = getImportTracker(context);

    function knownClass(exported: ExportedClass): string | undefined {
      return KNOWN_PROPAGATORS.get(exported.module)?.get(exported.name);
    }

    function isComposite(exported: ExportedClass): boolean {
      return exported.module === OTEL_CORE && exported.name === 'CompositePropagator';
    }

    /** Flattens a propagator expression into its members, or `undefined` when any part is not statically known. */
    function membersOf(node: TSESTree.Node, depth: number): { members: Member[]; list: TSESTree.ArrayExpression | undefined } | undefined {
      const instance = instantiatedClass(tracker, node);
      if (instance === undefined || depth > MAX_NESTING) return undefined;
      const { exported, expression } = instance;
      const format = knownClass(exported);
      if (format !== undefined) return { members: [{ format, name: exported.name, node: expression }], list: undefined };
      if (!isComposite(exported)) return undefined;
      const option = constructorOption(expression, 'propagators');
      if (option.kind === 'absent') return { members: [], list: undefined };
      if (option.kind === 'unknown') return undefined;
      const list = skipWrappers(option.value);
      if (list.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
      const members: Member[] = [];
      for (const element of list.elements) {
        if (element === null || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
        const inner = membersOf(element, depth + 1);
        if (inner === undefined) return undefined;
        members.push(...inner.members);
      }
      return { members, list };
    }

    function analyze(node: TSESTree.Node): KnownPropagator | undefined {
      const flattened = membersOf(node, 0);
      if (flattened === undefined) return undefined;
      const instance = instantiatedClass(tracker, node);
      const composite = instance !== undefined && isComposite(instance.exported) ? { node: instance.expression, exported: instance.exported, list: flattened.list } : undefined;
      return { members: flattened.members, composite };
    }

    function addMissing(fixer: TSESLint.RuleFixer, property: TSESTree.Property | undefined, value: TSESTree.Node, known: KnownPropagator, classNames: readonly string[]): TSESLint.RuleFix[] {
      const { composite } = known;
      if (composite !== undefined) {
        const { texts, fix } = siblingExports(fixer, sourceCode, composite.node.callee, composite.exported, classNames);
        const additions = texts.map((text) => `new ${text}()`).join(', ');
        const edits: TSESLint.RuleFix[] = fix === undefined ? [] : [fix];
        const last = composite.list?.elements.at(-1);
        if (composite.list === undefined) {
          // `new CompositePropagator()` with no options has an empty list; give it one.
          const [options] = composite.node.arguments;
          const text = `{ propagators: [${additions}] }`;
          if (options === undefined) {
            const closing = sourceCode.getLastToken(composite.node);
            if (closing?.value === ')') edits.push(fixer.insertTextBefore(closing, text));
          } else if (options.type === AST_NODE_TYPES.ObjectExpression) {
            const closing = sourceCode.getLastToken(options);
            if (closing !== null) edits.push(fixer.insertTextBefore(closing, `${options.properties.length > 0 ? ', ' : ''}propagators: [${additions}] `));
          }
        } else if (last === undefined || last === null) {
          const closing = sourceCode.getLastToken(composite.list);
          if (closing !== null) edits.push(fixer.insertTextBefore(closing, additions));
        } else {
          edits.push(fixer.insertTextAfter(last, `, ${additions}`));
        }
        return edits;
      }
      const { locals, fix } = ensureImports(fixer, sourceCode, OTEL_CORE, ['CompositePropagator', ...classNames], value);
      const [compositeName = 'CompositePropagator', ...others] = locals;
      const wrapped = `new ${compositeName}({ propagators: [${sourceCode.getText(value)}, ${others.map((name) => `new ${name}()`).join(', ')}] })`;
      const wrap = property?.shorthand === true ? fixer.replaceText(property, `${sourceCode.getText(property.key)}: ${wrapped}`) : fixer.replaceText(value, wrapped);
      return fix === undefined ? [wrap] : [fix, wrap];
    }

    const reportedDeprecated = new Set<TSESTree.Node>();

    function check(value: TSESTree.Node, property: TSESTree.Property | undefined): void {
      const known = analyze(value);
      if (known === undefined) return;
      for (const member of known.members) {
        const headers = DEPRECATED_FORMATS.get(member.format);
        if (headers === undefined || reportedDeprecated.has(member.node)) continue;
        reportedDeprecated.add(member.node);
        context.report({ node: member.node, messageId: 'deprecatedPropagator', data: { name: member.name, headers } });
      }
      const formats = new Set(known.members.map((member) => member.format));
      const missing = required.filter((format) => !formats.has(format)).flatMap((format) => REQUIRED_FORMATS.get(format) ?? []);
      if (missing.length === 0) return;
      const missingText = missing.map((format) => `\`${format.className}\``).join(' and ');
      const lost = required.filter((format) => !formats.has(format)).map((format) => (format === 'tracecontext' ? 'trace' : 'baggage')).join(' and the ');
      const classNames = missing.map((format) => format.className);
      context.report({
        node: value,
        messageId: 'missingPropagator',
        data: { missing: missingText, headers: missing.map((format) => format.headers).join(' and '), lost },
        suggest: [{ messageId: 'addPropagators', data: { missing: missingText }, fix: (fixer) => addMissing(fixer, property, value, known, classNames) }],
      });
    }

    function checkOption(call: TSESTree.NewExpression | TSESTree.CallExpression, key: string): void {
      const option = constructorOption(call, key);
      if (option.kind === 'found') check(option.value, option.property);
    }

    /** Checks an `OTEL_PROPAGATORS` value written in code, when every name in it is known. */
    function checkEnvValue(value: TSESTree.Node): void {
      const text = getStaticString(value);
      if (text === undefined) return;
      const names = text.split(',').map((name) => name.trim().toLowerCase()).filter((name) => name !== '');
      // Empty means the defaults, and `none` switches propagation off on purpose.
      if (names.length === 0 || names.includes('none') || names.some((name) => !ENV_FORMATS.has(name))) return;
      for (const name of names) {
        const headers = DEPRECATED_FORMATS.get(ENV_FORMATS.get(name) ?? '');
        if (headers !== undefined) context.report({ node: value, messageId: 'deprecatedPropagator', data: { name, headers } });
      }
      const missingFormats = required.filter((format) => !names.includes(format));
      if (missingFormats.length === 0) return;
      const missing = missingFormats.map((format) => `'${format}'`).join(' and ');
      const headers = missingFormats.map((format) => REQUIRED_FORMATS.get(format)?.headers ?? format).join(' and ');
      const lost = missingFormats.map((format) => (format === 'tracecontext' ? 'trace' : 'baggage')).join(' and the ');
      const literal = value.type === AST_NODE_TYPES.Literal ? value : undefined;
      context.report({
        node: value,
        messageId: 'missingEnvPropagator',
        data: { value: text, missing, headers, lost },
        suggest:
          literal === undefined
            ? []
            : [
                {
                  messageId: 'addPropagators',
                  data: { missing },
                  fix: (fixer): TSESLint.RuleFix => {
                    const quote = sourceCode.getText(literal).charAt(0);
                    return fixer.replaceText(literal, `${quote}${[...names, ...missingFormats].join(',')}${quote}`);
                  },
                },
              ],
      });
    }

    const envListeners: TSESLint.RuleListener = {
      Property(node): void {
        if (node.parent.type === AST_NODE_TYPES.ObjectExpression && propertyName(node) === PROPAGATORS_ENV) checkEnvValue(node.value);
      },
      AssignmentExpression(node): void {
        const target = skipWrappers(node.left);
        if (node.operator !== '=' || target.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(target) !== PROPAGATORS_ENV) return;
        if (tracker.isReferenceTo(target.object, 'process', 'env') || tracker.isReferenceTo(target.object, GLOBAL_MODULE, 'process', 'env')) checkEnvValue(node.right);
      },
    };

    const sdkListeners: TSESLint.RuleListener = {
      CallExpression(node): void {
        if (tracker.isApiCall(node, 'propagation', 'setGlobalPropagator')) {
          const [argument] = node.arguments;
          if (argument !== undefined && argument.type !== AST_NODE_TYPES.SpreadElement) check(argument, undefined);
          return;
        }
        const callee = skipWrappers(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(callee) !== 'register') return;
        const provider = instantiatedClass(tracker, callee.object);
        if (provider !== undefined && isRegisteringProviderClass(provider.exported)) checkOption(node, 'propagator');
      },
      NewExpression(node): void {
        if (isNodeSdkClass(resolveExportedClass(tracker, node.callee))) checkOption(node, 'textMapPropagator');
      },
    };

    // Each half only runs in files that mention what it looks for (one substring search each).
    return {
      ...(mentionsOpenTelemetry(sourceCode) && mayMention(sourceCode, SDK_ENTRY_NAMES) ? sdkListeners : {}),
      ...(sourceCode.text.includes(PROPAGATORS_ENV) ? envListeners : {}),
    };
  },
});
