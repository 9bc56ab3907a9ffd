import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';

import { createRule } from '../util/createRule';
import { ensureImports } from '../util/fixes';
import { getStaticMemberName, getStaticString, OTEL_API } from '../util/imports';

export type MessageIds = 'handBuiltTraceparent' | 'useInject';
export type Options = [];

/** One piece of an assembled string: literal text, or an expression whose value is unknown. */
type Piece = { readonly text: string } | { readonly hole: TSESTree.Node };

// Stands for an interpolated expression when matching; cannot occur in source text that parses.
const HOLE = '\u0000';

// W3C Trace Context §3.2.2: version "-" trace-id "-" parent-id "-" trace-flags, with the ids either
// interpolated or written as lowercase hex of the right length. The version must be literal: that is
// the hard-coded part this rule is about, and requiring it keeps `${a}-${b}-${c}-${d}` out.
const VERSION_PART = '([0-9a-fA-F]{2})';
const TRACE_ID_PART = `(?:${HOLE}|[0-9a-f]{32})`;
const PARENT_ID_PART = `(?:${HOLE}|[0-9a-f]{16})`;
const FLAGS_PART = `(?:${HOLE}|[0-9a-f]{2})`;
const TRACEPARENT_SHAPE = new RegExp(`^${VERSION_PART}-${TRACE_ID_PART}-${PARENT_ID_PART}-${FLAGS_PART}$`);
// How the text of a traceparent starts, before its first interpolation.
const VERSION_PREFIX = new RegExp(`^${VERSION_PART}-`);

const TRACEPARENT_KEY = /^traceparent$/i;

// Version `00` is the only one in use, so `00-x-y-z` is evidence enough. Other two-hex prefixes can be
// words (`fa-${icon}-${size}-${variant}`), so they also need an interpolated value or a target name that
// speaks of trace context.
const TRACE_CONTEXT_WORDS = /trace|span|parent|sampl|flag/i;

function isStringConcatenation(node: TSESTree.Node): node is TSESTree.BinaryExpression {
  return node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+';
}

/** The pieces of a template literal. */
function templatePieces(template: TSESTree.TemplateLiteral): Piece[] {
  const pieces: Piece[] = [];
  template.quasis.forEach((quasi, index) => {
    pieces.push({ text: quasi.value.cooked ?? quasi.value.raw });
    const expression = template.expressions[index];
    if (expression !== undefined) pieces.push({ hole: expression });
  });
  return pieces;
}

/** The pieces of a `+` chain, or `undefined` when no operand is a string (then it may be arithmetic). */
function concatenationPieces(node: TSESTree.BinaryExpression): Piece[] | undefined {
  const operands: TSESTree.Node[] = [];
  const flatten = (operand: TSESTree.Node): void => {
    if (isStringConcatenation(operand)) {
      flatten(operand.left);
      flatten(operand.right);
    } else {
      operands.push(operand);
    }
  };
  flatten(node);
  const isString = (operand: TSESTree.Node): boolean => getStaticString(operand) !== undefined || operand.type === AST_NODE_TYPES.TemplateLiteral;
  if (!operands.some(isString)) return undefined;
  return operands.flatMap((operand): Piece[] => {
    const text = getStaticString(operand);
    if (text !== undefined) return [{ text }];
    return operand.type === AST_NODE_TYPES.TemplateLiteral ? templatePieces(operand) : [{ hole: operand }];
  });
}

/** The pieces of `['00', traceId, spanId, flags].join('-')`. */
function joinPieces(call: TSESTree.CallExpression): Piece[] | undefined {
  const callee = call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getStaticMemberName(callee) !== 'join') return undefined;
  const [separator] = call.arguments;
  if (call.arguments.length !== 1 || separator === undefined || getStaticString(separator) !== '-') return undefined;
  if (callee.object.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
  const pieces: Piece[] = [];
  for (const [index, element] of callee.object.elements.entries()) {
    if (element === null || element.type === AST_NODE_TYPES.SpreadElement) return undefined;
    if (index > 0) pieces.push({ text: '-' });
    const text = getStaticString(element);
    pieces.push(text === undefined ? { hole: element } : { text });
  }
  return pieces;
}

/** The literal version when the pieces spell a traceparent with at least one interpolated field. */
function matchTraceparent(pieces: readonly Piece[]): string | undefined {
  let shape = '';
  let holes = 0;
  for (const piece of pieces) {
    if ('hole' in piece) {
      shape += HOLE;
      holes += 1;
    } else {
      shape += piece.text;
    }
  }
  // Constant strings belong to valid-trace-context, which can check them completely.
  if (holes === 0) return undefined;
  return TRACEPARENT_SHAPE.exec(shape)?.[1];
}

/** A carrier expression that is safe to evaluate once more: `headers`, `req.headers`, `this.headers`. */
function isPlainReference(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.ThisExpression) return true;
  return node.type === AST_NODE_TYPES.MemberExpression && !node.computed && !node.optional && isPlainReference(node.object);
}

function isTraceparentKey(property: TSESTree.Property): boolean {
  const key = !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : getStaticString(property.key);
  return key !== undefined && TRACEPARENT_KEY.test(key);
}

export default createRule<Options, MessageIds>({
  name: 'no-hand-built-traceparent',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow assembling traceparent headers by hand from trace and span ids',
      recommended: 'recommended',
      severity: 'warn',
    },
    hasSuggestions: true,
    messages: {
      handBuiltTraceparent:
        'This traceparent is assembled by hand: it hard-codes version `{{version}}` and the flags format, and never writes tracestate, so vendor state and sampling decisions are lost between services. Let the configured propagator write the headers with `propagation.inject(context.active(), carrier)`.',
      useInject: 'Replace with `propagation.inject(context.active(), {{carrier}})`, which also writes tracestate and baggage for the active span.',
    },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const { sourceCode } = context;

    function injectCall(fixer: TSESLint.RuleFixer, carrier: string, at: TSESTree.Node): { text: string; importFix: TSESLint.RuleFix | undefined } {
      const { locals, fix } = ensureImports(fixer, sourceCode, OTEL_API, ['propagation', 'context'], at);
      const [propagation = 'propagation', activeContext = 'context'] = locals;
      return { text: `${propagation}.inject(${activeContext}.active(), ${carrier})`, importFix: fix };
    }

    function withImport(fixes: TSESLint.RuleFix[], importFix: TSESLint.RuleFix | undefined): TSESLint.RuleFix[] {
      return importFix === undefined ? fixes : [importFix, ...fixes];
    }

    /** `carrier.traceparent = <built>;` as a whole statement: swap the statement for an inject call. */
    function assignmentSuggestion(node: TSESTree.Node): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const assignment = node.parent;
      if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=' || assignment.right !== node) return [];
      const statement = assignment.parent;
      const target = assignment.left;
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement || target.type !== AST_NODE_TYPES.MemberExpression) return [];
      const key = getStaticMemberName(target);
      if (key === undefined || !TRACEPARENT_KEY.test(key) || !isPlainReference(target.object)) return [];
      const carrier = sourceCode.getText(target.object);
      return [
        {
          messageId: 'useInject',
          data: { carrier },
          fix(fixer) {
            const { text, importFix } = injectCall(fixer, carrier, statement);
            return withImport([fixer.replaceText(assignment, text)], importFix);
          },
        },
      ];
    }

    /** `const carrier = { ..., traceparent: <built> };` as a statement: drop the property and inject after the declaration. */
    function propertySuggestion(node: TSESTree.Node): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const property = node.parent;
      if (property?.type !== AST_NODE_TYPES.Property || property.value !== node || !isTraceparentKey(property)) return [];
      const object = property.parent;
      const declarator = object.parent;
      if (object.type !== AST_NODE_TYPES.ObjectExpression || declarator.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== object) return [];
      const declaration = declarator.parent;
      if (declarator.id.type !== AST_NODE_TYPES.Identifier || declaration.declarations.length !== 1) return [];
      const holder = declaration.parent;
      if (holder.type !== AST_NODE_TYPES.Program && holder.type !== AST_NODE_TYPES.BlockStatement) return [];
      const carrier = declarator.id.name;
      return [
        {
          messageId: 'useInject',
          data: { carrier },
          fix(fixer) {
            const { text, importFix } = injectCall(fixer, carrier, declaration);
            const semicolon = sourceCode.getLastToken(declaration)?.value === ';' ? ';' : '';
            const indent = ' '.repeat(declaration.loc.start.column);
            return withImport([removeProperty(fixer, object, property), fixer.insertTextAfter(declaration, `\n${indent}${text}${semicolon}`)], importFix);
          },
        },
      ];
    }

    /** Removes an object property with the comma that separates it from its neighbour. */
    function removeProperty(fixer: TSESLint.RuleFixer, object: TSESTree.ObjectExpression, property: TSESTree.Property): TSESLint.RuleFix {
      if (object.properties.length === 1) return fixer.replaceText(object, '{}');
      const before = sourceCode.getTokenBefore(property);
      const after = sourceCode.getTokenAfter(property);
      const next = after?.value === ',' ? sourceCode.getTokenAfter(after) : after;
      // Last property: take it out with the comma before it, keeping a trailing comma if the object had one.
      if (next?.value === '}' && before?.value === ',') {
        return after?.value === ',' ? fixer.removeRange([before.range[1], after.range[1]]) : fixer.removeRange([before.range[0], property.range[1]]);
      }
      return fixer.removeRange([property.range[0], next?.range[0] ?? property.range[1]]);
    }

    /** The name the built value is stored under: variable, property or assigned member. */
    function targetName(node: TSESTree.Node): string | undefined {
      const parent = node.parent;
      if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
      if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) {
        return !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : getStaticString(parent.key);
      }
      if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node) {
        return parent.left.type === AST_NODE_TYPES.MemberExpression ? getStaticMemberName(parent.left) : sourceCode.getText(parent.left);
      }
      return undefined;
    }

    function speaksOfTraceContext(node: TSESTree.Node, pieces: readonly Piece[]): boolean {
      if (TRACE_CONTEXT_WORDS.test(targetName(node) ?? '')) return true;
      return pieces.some((piece) => 'hole' in piece && TRACE_CONTEXT_WORDS.test(sourceCode.getText(piece.hole)));
    }

    function check(node: TSESTree.Node, pieces: readonly Piece[] | undefined): boolean {
      if (pieces === undefined) return false;
      const version = matchTraceparent(pieces);
      if (version === undefined || (version !== '00' && !speaksOfTraceContext(node, pieces))) return false;
      context.report({
        node,
        messageId: 'handBuiltTraceparent',
        data: { version },
        suggest: [...assignmentSuggestion(node), ...propertySuggestion(node)],
      });
      return true;
    }

    /** The template literals among the operands of a `+` chain. */
    function templateOperands(node: TSESTree.Node): TSESTree.TemplateLiteral[] {
      if (isStringConcatenation(node)) return [...templateOperands(node.left), ...templateOperands(node.right)];
      return node.type === AST_NODE_TYPES.TemplateLiteral ? [node] : [];
    }

    return {
      TemplateLiteral(node): void {
        if (node.parent.type === AST_NODE_TYPES.TaggedTemplateExpression) return;
        // Inside a `+` chain the chain is checked first, from its root.
        if (isStringConcatenation(node.parent)) return;
        // The shape opens with the first quasi (`00-` before any hole): most templates are dismissed before their pieces are built.
        const [head] = node.quasis;
        if (node.expressions.length === 0 || head === undefined || !VERSION_PREFIX.test(head.value.cooked ?? head.value.raw)) return;
        check(node, templatePieces(node));
      },
      BinaryExpression(node): void {
        if (!isStringConcatenation(node) || isStringConcatenation(node.parent)) return;
        if (check(node, concatenationPieces(node))) return;
        // `'traceparent: ' + `00-${t}-${s}-01``: the chain is not a traceparent, its template part is.
        for (const template of templateOperands(node)) check(template, templatePieces(template));
      },
      CallExpression(node): void {
        check(node, joinPieces(node));
      },
    };
  },
});
