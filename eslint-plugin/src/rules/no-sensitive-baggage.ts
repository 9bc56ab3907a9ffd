import type { TSESTree } from '@typescript-eslint/utils';

import { AST_NODE_TYPES } from '../util/ast';
import { parseBaggage } from 'otel-propagation-core';

import type { BaggageBuild } from '../util/baggageEntries';

import { baggageSiteListeners } from '../util/baggageEntries';
import { createRule } from '../util/createRule';
import { getImportTracker, getStaticMemberName, getStaticString, GLOBAL_MODULE, skipWrappers } from '../util/imports';
import { evaluateString } from '../util/staticValues';

export type MessageIds = 'requestCredential' | 'sensitiveKey' | 'sensitiveValue';
export type Options = [{ additionalKeys?: string[]; allowedKeys?: string[] }];

/** A sensitive term as word segments (`api_key` is `['api', 'key']`), and what it reveals. */
interface Term {
  readonly segments: readonly string[];
  readonly kind: string;
}

const SECRET = 'a secret or credential';
const PERSONAL = 'personal data';

// Terms from the OWASP logging cheat sheet's "never log" list that show up as baggage keys.
const DEFAULT_TERMS: readonly (readonly [string, string])[] = [
  ['password', SECRET],
  ['passwd', SECRET],
  ['token', SECRET],
  ['secret', SECRET],
  ['authorization', SECRET],
  ['cookie', SECRET],
  ['session', SECRET],
  ['api_key', SECRET],
  ['apikey', SECRET],
  ['email', PERSONAL],
  ['phone', PERSONAL],
  ['ssn', PERSONAL],
];

// A last segment that turns the key into a description of the secret rather than the secret itself
// (`token_count`, `session.ttl`, `password_policy`, `email_verified`).
const DESCRIPTOR_SEGMENTS: ReadonlySet<string> = new Set([
  'count',
  'counts',
  'enabled',
  'expires',
  'expiry',
  'length',
  'limit',
  'limits',
  'policy',
  'required',
  'timeout',
  'ttl',
  'type',
  'usage',
  'verified',
]);

// Headers that hold the caller's credentials, whatever the key matcher says.
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'x-auth-token']);

// A JWT: base64url JSON header (`{"` encodes to `eyJ`), payload and an optional signature.
const JWT = /^eyJ[\w-]{5,}\.[\w-]+\.[\w-]*$/;
const AUTH_SCHEME = /^(?:bearer|basic|digest)\s+\S{8,}/i;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}$/i;
const CARD_CHARS = /^[\d -]+$/;

// Issuer prefixes of the major card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay): a Luhn
// check alone passes one random number in ten, so an order id must also start like a card to be reported.
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65|35|30[0-5]|3[68]|62)/;

// Constants chained through more variables than this are not followed.
const MAX_DEPTH = 8;

/** Splits a key into lowercase word segments: camelCase, PascalCase acronyms, snake_case, kebab-case, dots. */
function segmentsOf(key: string): string[] {
  return key
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z\d]+/)
    .filter((segment) => segment.length > 0)
    .map((segment) => segment.toLowerCase());
}

function termOf(text: string, kind: string): Term {
  return { segments: segmentsOf(text), kind };
}

// Split once at load: `create` runs for every linted file.
const BUILT_IN_TERMS: readonly Term[] = DEFAULT_TERMS.map(([text, kind]) => termOf(text, kind));

/** Whether `segments` contain `term` as consecutive segments (the last one may be plural), not followed by a descriptor. */
function containsTerm(segments: readonly string[], term: Term): boolean {
  const width = term.segments.length;
  if (width === 0) return false;
  for (let start = 0; start + width <= segments.length; start++) {
    const matches = term.segments.every((segment, offset) => {
      const actual = segments[start + offset];
      return actual === segment || (offset === width - 1 && actual === `${segment}s`);
    });
    if (!matches) continue;
    const next = segments[start + width];
    if (next !== undefined && start + width === segments.length - 1 && DESCRIPTOR_SEGMENTS.has(next)) continue;
    return true;
  }
  return false;
}

/** Luhn checksum of a digit string. */
function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** What a literal value looks like, when it looks like a secret or personal data. */
function sensitiveValueKind(value: string): string | undefined {
  const trimmed = value.trim();
  if (JWT.test(trimmed)) return 'a JSON Web Token';
  if (AUTH_SCHEME.test(trimmed)) return 'an Authorization header credential';
  if (EMAIL.test(trimmed)) return 'an email address';
  if (CARD_CHARS.test(trimmed)) {
    const digits = trimmed.replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && passesLuhn(digits)) return 'a payment card number';
  }
  return undefined;
}

/** The last name of an expression (`headers` for `req.headers`). */
function lastName(node: TSESTree.Node): string | undefined {
  const target = skipWrappers(node);
  if (target.type === AST_NODE_TYPES.Identifier) return target.name;
  if (target.type === AST_NODE_TYPES.MemberExpression) return getStaticMemberName(target);
  return undefined;
}

export default createRule<Options, MessageIds>({
  name: 'no-sensitive-baggage',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow secrets and personal data in baggage',
      recommended: 'recommended',
      severity: 'error',
    },
    messages: {
      requestCredential:
        'The value of baggage member {{member}} is taken from {{source}}, the caller\'s credentials. Baggage is sent in plain text to every downstream service, third parties included, and often ends up in logs, so the credential leaks. Pass an opaque identifier (a user or tenant id) instead.',
      sensitiveKey:
        'Baggage key "{{key}}" names {{kind}}. Baggage is sent in plain text to every downstream service, third parties included, and often ends up in logs, so the value leaks beyond this service. Keep it out of baggage and pass an opaque identifier instead.',
      sensitiveValue:
        'The value of baggage member {{member}} looks like {{kind}}. Baggage is sent in plain text to every downstream service, third parties included, and often ends up in logs, so the value leaks beyond this service. Keep it out of baggage and pass an opaque identifier instead.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          additionalKeys: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'More sensitive words, matched against key segments like the built-in ones (`tax_id` matches `user.taxId`).',
          },
          allowedKeys: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Keys never reported for their name, compared case-insensitively (values are still checked).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ additionalKeys: [], allowedKeys: [] }],
  },
  create(context, [{ additionalKeys = [], allowedKeys = [] }]) {
    const tracker = getImportTracker(context);
    const terms: readonly Term[] = additionalKeys.length === 0 ? BUILT_IN_TERMS : [...BUILT_IN_TERMS, ...additionalKeys.map((text) => termOf(text, 'data configured as sensitive'))];
    const allowed = new Set(allowedKeys.map((key) => key.toLowerCase()));

    function sensitiveKeyKind(key: string): string | undefined {
      if (allowed.has(key.toLowerCase())) return undefined;
      const segments = segmentsOf(key);
      return terms.find((term) => containsTerm(segments, term))?.kind;
    }

    function isCredentialHeader(name: string): boolean {
      const lower = name.toLowerCase();
      return CREDENTIAL_HEADERS.has(lower) || sensitiveKeyKind(lower) === SECRET;
    }

    /** The source text when an expression reads the caller's credentials: auth or cookie headers, `req.cookies`. */
    function credentialSource(node: TSESTree.Node, depth: number): string | undefined {
      if (depth > MAX_DEPTH) return undefined;
      const target = skipWrappers(node);
      switch (target.type) {
        case AST_NODE_TYPES.Identifier: {
          const initializer = tracker.constantInitializer(target);
          return initializer === undefined ? undefined : credentialSource(initializer, depth + 1);
        }
        case AST_NODE_TYPES.TemplateLiteral:
          return firstSource(target.expressions, depth);
        case AST_NODE_TYPES.BinaryExpression:
          return target.operator === '+' ? firstSource([target.left, target.right], depth) : undefined;
        case AST_NODE_TYPES.LogicalExpression:
          return firstSource([target.left, target.right], depth);
        case AST_NODE_TYPES.MemberExpression: {
          const name = getStaticMemberName(target);
          const holder = lastName(target.object);
          const readsHeader = holder !== undefined && /headers$/i.test(holder) && name !== undefined && isCredentialHeader(name);
          return readsHeader || name === 'cookies' || holder === 'cookies' || holder === 'signedCookies' ? context.sourceCode.getText(target) : undefined;
        }
        case AST_NODE_TYPES.CallExpression:
          return credentialCall(target, depth);
        default:
          return undefined;
      }
    }

    function firstSource(nodes: readonly TSESTree.Node[], depth: number): string | undefined {
      for (const node of nodes) {
        const source = credentialSource(node, depth);
        if (source !== undefined) return source;
      }
      return undefined;
    }

    /** `req.get('authorization')`, `req.header('cookie')`, `headers.get('authorization')`, `String(x)`. */
    function credentialCall(call: TSESTree.CallExpression, depth: number): string | undefined {
      const [first] = call.arguments;
      if (first === undefined || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
      const callee = skipWrappers(call.callee);
      if (callee.type === AST_NODE_TYPES.Identifier) {
        return call.arguments.length === 1 && tracker.isReferenceTo(callee, GLOBAL_MODULE, 'String') ? credentialSource(first, depth) : undefined;
      }
      if (callee.type !== AST_NODE_TYPES.MemberExpression || call.arguments.length !== 1) return undefined;
      const method = getStaticMemberName(callee);
      const holder = lastName(callee.object) ?? '';
      const readsRequest = (method === 'get' && /headers$/i.test(holder)) || ((method === 'get' || method === 'header') && /^(?:req|request)$/i.test(holder));
      const name = getStaticString(skipWrappers(first));
      return readsRequest && name !== undefined && isCredentialHeader(name) ? context.sourceCode.getText(call) : undefined;
    }

    /** Checks one member; at most one finding, the key first since it says the most. */
    function checkMember(key: string, keyNode: TSESTree.Node, valueNode: TSESTree.Node | undefined): void {
      const keyKind = sensitiveKeyKind(key);
      if (keyKind !== undefined) {
        context.report({ node: keyNode, messageId: 'sensitiveKey', data: { key, kind: keyKind } });
        return;
      }
      if (valueNode === undefined) return;
      const member = `"${key}"`;
      const source = credentialSource(valueNode, 0);
      if (source !== undefined) {
        context.report({ node: valueNode, messageId: 'requestCredential', data: { member, source } });
        return;
      }
      const value = evaluateString(valueNode, tracker);
      const valueKind = value.kind === 'known' ? sensitiveValueKind(value.value) : undefined;
      if (valueKind !== undefined) context.report({ node: valueNode, messageId: 'sensitiveValue', data: { member, kind: valueKind } });
    }

    function checkBuild(build: BaggageBuild): void {
      for (const entry of build.entries) {
        if (entry.own) checkMember(entry.key, entry.keyNode, entry.value);
      }
    }

    /** A header string: its members' keys and values, or for a template, the keys around the expressions. */
    function checkHeader(node: TSESTree.Node): void {
      const target = skipWrappers(node);
      const value = evaluateString(target, tracker);
      if (target.type === AST_NODE_TYPES.TemplateLiteral && value.kind !== 'known') {
        const source = firstSource(target.expressions, 0);
        if (source !== undefined) {
          context.report({ node: target, messageId: 'requestCredential', data: { member: 'of this baggage header', source } });
          return;
        }
      }
      // Unknown parts stand in as a harmless token so the keys around them can still be read.
      const text = value.kind === 'known' ? value.value : target.type === AST_NODE_TYPES.TemplateLiteral ? target.quasis.map((quasi) => quasi.value.cooked ?? '').join('0') : undefined;
      if (text === undefined) return;
      const parsed = parseBaggage(text);
      if (!parsed.ok) return;
      for (const member of parsed.value.members) {
        const keyKind = sensitiveKeyKind(member.key);
        if (keyKind !== undefined) {
          context.report({ node: target, messageId: 'sensitiveKey', data: { key: member.key, kind: keyKind } });
          continue;
        }
        const valueKind = value.kind === 'known' ? sensitiveValueKind(member.value) : undefined;
        if (valueKind !== undefined) context.report({ node: target, messageId: 'sensitiveValue', data: { member: `"${member.key}"`, kind: valueKind } });
      }
    }

    return baggageSiteListeners(tracker, { header: checkHeader, build: (_call, build) => { checkBuild(build); } });
  },
});
