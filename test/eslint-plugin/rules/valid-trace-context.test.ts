import rule from '../../../eslint-plugin/src/rules/valid-trace-context';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

const NEW_TRACE = 'the receiver starts a new trace instead of continuing this one';

ruleTester.run('valid-trace-context', rule, {
  valid: [
    `
const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
`,
    `
const headers: Record<string, string> = {
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
  baggage: 'userId=alice,serverNode=DF%2028,isProduction=false',
};
`,
    `
headers.set('traceparent', \`00-\${traceId}-\${spanId}-01\`);
`,
    `
const config = { baggage: 'enabled' };
`,
    `
settings.baggage = 'on';
`,
    `
cache.set('baggage', 'none');
`,
    `
res.setHeader('b3', '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90');
`,
    `
res.setHeader('X-Amzn-Trace-Id', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');
`,
    `
req.headers['uber-trace-id'] = '7d3b2bb8d8a3e2b1:5f1c2d3e4a5b6c7d:0:1';
`,
    `
process.env.TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';
`,
    `
const traceparent = '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01';
`,
    `
headers.traceparent = traceparentFor(span);
`,
    `
const headers = { tracestate: '' };
`,
    `
const carrier = { traceparent: '', tracestate: '' };
propagation.inject(context.active(), carrier);
`,
    `
export const FORMAT_LABELS: Record<TraceHeader, string> = {
  traceparent: 'W3C traceparent',
  tracestate: 'W3C tracestate',
  b3: 'B3 single header',
  'uber-trace-id': 'Jaeger',
};
`,
    `
const names = new Map<string, string>();
names.set('traceparent', 'W3C Trace Context');
`,
    `
span.traceparent = 'pending';
`,
  ],
  invalid: [
    {
      code: `
const headers = { traceparent: '00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01' };
`,
      errors: [
        {
          column: 32,
          data: {
            defect: 'trace-id must be 32 lowercase hex characters; uppercase hex is not allowed; use lowercase',
            header: 'traceparent',
            lost: NEW_TRACE,
          },
          endColumn: 89,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [
            {
              data: { corrected: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
              messageId: 'useLowercase',
              output: `
const headers = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
`,
            },
          ],
        },
      ],
    },
    {
      code: `
headers.set('traceparent', '00-00000000000000000000000000000000-b7ad6b7169203331-01');
`,
      errors: [
        {
          column: 28,
          data: { defect: 'trace-id must not be all zeros', header: 'traceparent', lost: NEW_TRACE },
          endColumn: 85,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      // The header name spelled with an escape: the file is still searched, though its text never says `traceparent`.
      code: `
headers.set('tr\\x61ceparent', '00-00000000000000000000000000000000-b7ad6b7169203331-01');
`,
      errors: [
        {
          column: 31,
          data: { defect: 'trace-id must not be all zeros', header: 'traceparent', lost: NEW_TRACE },
          endColumn: 88,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
headers['traceparent'] = 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
`,
      errors: [{ column: 26, data: { defect: 'version ff is forbidden by the spec', header: 'traceparent', lost: NEW_TRACE }, endColumn: 83, line: 2, messageId: 'invalidValue', suggestions: [] }],
    },
    {
      code: `
headers.traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra';
`,
      errors: [
        {
          column: 23,
          data: { defect: 'version 00 must be exactly 55 characters with nothing after trace-flags; got 61', header: 'traceparent', lost: NEW_TRACE },
          endColumn: 86,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
res.setHeader('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1x');
`,
      errors: [
        {
          column: 30,
          data: { defect: 'trace-flags must be 2 lowercase hex characters; found "x" (U+0078) at position 2', header: 'traceparent', lost: NEW_TRACE },
          endColumn: 87,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
const headers = {
  tracestate: 'a=1,b=1,c=1,d=1,e=1,f=1,g=1,h=1,i=1,j=1,k=1,l=1,m=1,n=1,o=1,p=1,q=1,r=1,s=1,t=1,u=1,v=1,w=1,x=1,y=1,z=1,aa=1,ab=1,ac=1,ad=1,ae=1,af=1,ag=1',
};
`,
      errors: [
        {
          column: 15,
          data: { defect: 'tracestate has 33 list-members; at most 32 are allowed', header: 'tracestate', lost: 'the receiver drops the vendor state' },
          endColumn: 155,
          line: 3,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
fetch(url, { headers: { baggage: 'user id=alice' } });
`,
      errors: [
        {
          column: 34,
          data: { defect: 'member[0].key: key must be an RFC 7230 token; found " " (U+0020) at position 5', header: 'baggage', lost: 'the receiver drops the baggage' },
          endColumn: 49,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
const headers = {
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'X-B3-Ignored': 'x',
  b3: '80F198EE56343BA864FE8B2A57D3EFF7-e457b5a2e4d86bd1-1',
};
`,
      errors: [
        {
          column: 7,
          data: {
            defect: 'The TraceId "80F198EE56343BA864FE8B2A57D3EFF7" contains uppercase letters; B3 requires lowercase hex digits (0-9, a-f)',
            header: 'b3',
            lost: NEW_TRACE,
          },
          endColumn: 60,
          line: 5,
          messageId: 'invalidValue',
          suggestions: [
            {
              data: { corrected: '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1' },
              messageId: 'useLowercase',
              output: `
const headers = {
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'X-B3-Ignored': 'x',
  b3: '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1',
};
`,
            },
          ],
        },
      ],
    },
    {
      code: `
xhr.setRequestHeader('X-Amzn-Trace-Id', 'Root=1-5759e988-bd862e3fe1be46a99427279;Sampled=1');
`,
      errors: [
        {
          column: 41,
          data: {
            defect: 'Root "1-5759e988-bd862e3fe1be46a99427279" is malformed; X-Ray trace ids are 1-{8 hex epoch seconds}-{24 hex random}, e.g. 1-5759e988-bd862e3fe1be46a994272793',
            header: 'x-amzn-trace-id',
            lost: NEW_TRACE,
          },
          endColumn: 92,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
const env = { ...process.env, TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01' as string };
`,
      errors: [{ column: 44, data: { defect: 'parent-id must not be all zeros', header: 'traceparent', lost: NEW_TRACE }, endColumn: 101, line: 2, messageId: 'invalidValue', suggestions: [] }],
    },
    {
      code: `
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
const parent = propagation.extract(ROOT_CONTEXT, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331' });
`,
      errors: [
        {
          column: 65,
          data: { defect: 'traceparent must have 4 dash-separated fields (version-trace-id-parent-id-trace-flags); got 3', header: 'traceparent', lost: NEW_TRACE },
          endColumn: 119,
          line: 3,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
const outgoing = new Headers();
outgoing.set('tracestate', 'Congo=t61rcWkgMzE');
`,
      errors: [
        {
          column: 28,
          data: {
            defect: 'member[0].key: key must start with a lowercase letter or a digit; found "C" (U+0043); use lowercase',
            header: 'tracestate',
            lost: 'the receiver drops the vendor state',
          },
          endColumn: 47,
          line: 3,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
  ],
});

jsRuleTester.run('valid-trace-context', rule, {
  valid: [
    `
import { spawn } from 'node:child_process';
spawn('worker', [], { env: { ...process.env, TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } });
`,
  ],
  invalid: [
    {
      code: `
import { spawn } from 'node:child_process';
spawn('worker', [], { env: { ...process.env, BAGGAGE: 'tenant=acme,' } });
`,
      errors: [
        {
          column: 55,
          data: { defect: 'member[1]: empty list-member (a leading, trailing or doubled comma); the grammar has none', header: 'baggage', lost: 'the receiver drops the baggage' },
          endColumn: 69,
          line: 3,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
    {
      code: `
headers.set('uber-trace-id', \`7d3b2bb8d8a3e2b1:5f1c2d3e4a5b6c7d:0\`);
`,
      errors: [
        {
          column: 30,
          data: {
            defect: 'The uber-trace-id value has 3 colon-separated fields; Jaeger requires exactly 4: {trace-id}:{span-id}:{parent-span-id}:{flags}',
            header: 'uber-trace-id',
            lost: NEW_TRACE,
          },
          endColumn: 67,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [],
        },
      ],
    },
  ],
});

cjsRuleTester.run('valid-trace-context', rule, {
  valid: [
    `
process.env.TRACESTATE = 'congo=t61rcWkgMzE';
`,
  ],
  invalid: [
    {
      code: `
process.env.TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-B7AD6B7169203331-01";
`,
      errors: [
        {
          column: 27,
          data: { defect: 'parent-id must be 16 lowercase hex characters; uppercase hex is not allowed; use lowercase', header: 'traceparent', lost: NEW_TRACE },
          endColumn: 84,
          line: 2,
          messageId: 'invalidValue',
          suggestions: [
            {
              messageId: 'useLowercase',
              output: `
process.env.TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
`,
            },
          ],
        },
      ],
    },
  ],
});
