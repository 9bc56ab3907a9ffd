import rule from '../../../eslint-plugin/src/rules/no-sensitive-baggage';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

const SECRET = 'a secret or credential';
const PERSONAL = 'personal data';

ruleTester.run('no-sensitive-baggage', rule, {
  valid: [
    `
import { baggageEntryMetadataFromString, context, propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({
  'user.id': { value: userId },
  'user.plan': { value: 'pro', metadata: baggageEntryMetadataFromString('cached') },
});
const ctx = propagation.setBaggage(context.active(), baggage);
`,
    `
import { propagation } from '@opentelemetry/api';
const rootBaggage = propagation.createBaggage({ [ROOT_TRACE_PARENT_KEY]: { value: traceparent } });
`,
    `
const { propagation, context } = require('@opentelemetry/api');
const baggage = propagation.createBaggage({
  'user.id': { value: '12345' },
  'request.id': { value: 'req-abc-123' },
});
context.with(propagation.setBaggage(context.active(), baggage), run);
`,
    `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ 'user.id': { value: '12345' }, 'tenant.tier': { value: 'gold' } });
`,
    `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ tokenizer: { value: 'bpe' }, sessionless: { value: 'true' } });
`,
    `
import { propagation } from '@opentelemetry/api';
const next = propagation.getActiveBaggage()?.setEntry('llm.token_count', { value: String(usage.total) });
`,
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ 'session.id': { value: sessionId } });
`,
      options: [{ allowedKeys: ['Session.Id'] }],
    },
    `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ order: { value: '1234567890123' }, invoice: { value: '4111111111111112' } });
`,
    `
settings.baggage = 'password=hunter2';
`,
    `
const headers = { baggage: 'tenant=acme,region=eu' };
`,
    `
import { propagation } from '@opentelemetry/api';
export function handle(req: Request) {
  return propagation.createBaggage({ requestId: { value: req.headers['x-request-id'] as string } });
}
`,
    `
cache.setEntry('token', cachedToken);
`,
    `
import { propagation } from '@opentelemetry/api';
const tokens = new Map();
tokens.set('token', secret);
`,
  ],
  invalid: [
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ password: { value: pw } });
`,
      errors: [{ column: 45, data: { key: 'password', kind: SECRET }, endColumn: 53, line: 3, messageId: 'sensitiveKey' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const next = propagation.getActiveBaggage()!.setEntry('userEmail', { value: user.email });
`,
      errors: [{ column: 55, data: { key: 'userEmail', kind: PERSONAL }, endColumn: 66, line: 3, messageId: 'sensitiveKey' }],
    },
    {
      code: `
headers.baggage = 'tenant=acme,x-api-key=abc123';
`,
      errors: [{ column: 19, data: { key: 'x-api-key', kind: SECRET }, endColumn: 49, line: 2, messageId: 'sensitiveKey' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ user: { value: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl' } });
`,
      errors: [{ column: 60, data: { kind: 'a JSON Web Token', member: '"user"' }, endColumn: 111, line: 3, messageId: 'sensitiveValue' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ card: { value: '4111 1111 1111 1111' } });
`,
      errors: [{ column: 60, data: { kind: 'a payment card number', member: '"card"' }, endColumn: 81, line: 3, messageId: 'sensitiveValue' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
export function handle(req) {
  return propagation.createBaggage().setEntry('caller', { value: req.headers.authorization });
}
`,
      errors: [{ column: 66, data: { member: '"caller"', source: 'req.headers.authorization' }, endColumn: 91, line: 4, messageId: 'requestCredential' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
export function handle(req) {
  const sid = req.cookies.sid;
  return propagation.createBaggage({ sid: { value: sid } });
}
`,
      errors: [{ column: 52, data: { member: '"sid"', source: 'req.cookies.sid' }, endColumn: 55, line: 5, messageId: 'requestCredential' }],
    },
    {
      code: `
fetch(url, { headers: { baggage: \`auth=\${req.get('authorization')}\` } });
`,
      errors: [{ column: 34, data: { member: 'of this baggage header', source: "req.get('authorization')" }, endColumn: 68, line: 2, messageId: 'requestCredential' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ 'user.taxId': { value: taxId } });
`,
      errors: [{ column: 45, data: { key: 'user.taxId', kind: 'data configured as sensitive' }, endColumn: 57, line: 3, messageId: 'sensitiveKey' }],
      options: [{ additionalKeys: ['tax_id'] }],
    },
    {
      code: `
const headers = { baggage: \`session_id=\${id},tenant=acme\` };
`,
      errors: [{ column: 28, data: { key: 'session_id', kind: SECRET }, endColumn: 58, line: 2, messageId: 'sensitiveKey' }],
    },
  ],
});

jsRuleTester.run('no-sensitive-baggage', rule, {
  valid: [
    `
import { propagation } from '@opentelemetry/api';
export const baggage = propagation.createBaggage({ 'app.feature': { value: 'checkout-v2' } });
`,
  ],
  invalid: [
    {
      code: `
import { spawn } from 'node:child_process';
spawn('worker', [], { env: { ...process.env, BAGGAGE: 'phone_number=5551234' } });
`,
      errors: [{ column: 55, data: { key: 'phone_number', kind: PERSONAL }, endColumn: 77, line: 3, messageId: 'sensitiveKey' }],
    },
    {
      code: `
import * as api from '@opentelemetry/api';
const AUTH = 'Bearer 0123456789abcdef';
api.propagation.createBaggage({ upstream: { value: AUTH } });
`,
      errors: [{ column: 52, data: { kind: 'an Authorization header credential', member: '"upstream"' }, endColumn: 56, line: 4, messageId: 'sensitiveValue' }],
    },
  ],
});

cjsRuleTester.run('no-sensitive-baggage', rule, {
  valid: [
    `
const { propagation } = require('@opentelemetry/api');
propagation.createBaggage({ sessionTimeout: { value: '30' } });
`,
  ],
  invalid: [
    {
      code: `
const { propagation } = require('@opentelemetry/api');
propagation.createBaggage({ sessionId: { value: id } });
`,
      errors: [{ column: 29, data: { key: 'sessionId', kind: SECRET }, endColumn: 38, line: 3, messageId: 'sensitiveKey' }],
    },
    {
      code: `
process.env.BAGGAGE = 'contact=jane%40example.com';
`,
      errors: [{ column: 23, data: { kind: 'an email address', member: '"contact"' }, endColumn: 51, line: 2, messageId: 'sensitiveValue' }],
    },
  ],
});
