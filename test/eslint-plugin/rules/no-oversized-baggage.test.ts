import rule from '../../../eslint-plugin/src/rules/no-oversized-baggage';
import { cjsRuleTester, jsRuleTester, ruleTester } from '../ruleTester';

ruleTester.run('no-oversized-baggage', rule, {
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
import { context, propagation } from '@opentelemetry/api';
const baggage = (propagation.getActiveBaggage() ?? propagation.createBaggage()).setEntry('synthetic_request', { value: 'true' });
context.with(propagation.setBaggage(context.active(), baggage), handle);
`,
    `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({
  m001: { value: '1' }, m002: { value: '2' }, m003: { value: '3' }, m004: { value: '4' }, m005: { value: '5' }, m006: { value: '6' }, m007: { value: '7' }, m008: { value: '8' }, m009: { value: '9' }, m010: { value: '10' },
  m011: { value: '11' }, m012: { value: '12' }, m013: { value: '13' }, m014: { value: '14' }, m015: { value: '15' }, m016: { value: '16' }, m017: { value: '17' }, m018: { value: '18' }, m019: { value: '19' }, m020: { value: '20' },
  m021: { value: '21' }, m022: { value: '22' }, m023: { value: '23' }, m024: { value: '24' }, m025: { value: '25' }, m026: { value: '26' }, m027: { value: '27' }, m028: { value: '28' }, m029: { value: '29' }, m030: { value: '30' },
  m031: { value: '31' }, m032: { value: '32' }, m033: { value: '33' }, m034: { value: '34' }, m035: { value: '35' }, m036: { value: '36' }, m037: { value: '37' }, m038: { value: '38' }, m039: { value: '39' }, m040: { value: '40' },
  m041: { value: '41' }, m042: { value: '42' }, m043: { value: '43' }, m044: { value: '44' }, m045: { value: '45' }, m046: { value: '46' }, m047: { value: '47' }, m048: { value: '48' }, m049: { value: '49' }, m050: { value: '50' },
  m051: { value: '51' }, m052: { value: '52' }, m053: { value: '53' }, m054: { value: '54' }, m055: { value: '55' }, m056: { value: '56' }, m057: { value: '57' }, m058: { value: '58' }, m059: { value: '59' }, m060: { value: '60' },
  m061: { value: '61' }, m062: { value: '62' }, m063: { value: '63' }, m064: { value: '64' },
});
`,
    `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ a: { value: 'x'.repeat(4094) }, b: { value: 'y'.repeat(4093) } });
`,
    `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ a: { value: 'x'.repeat(4094) } });
`,
    `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ tenant: { value: tenantId }, region: { value: process.env.REGION ?? 'eu' } });
`,
    `
const propagation = makeRegistry();
propagation.createBaggage({ blob: { value: 'x'.repeat(9000) } });
`,
    `
settings.baggage = JSON.stringify(options);
`,
    {
      code: `
headers.baggage = 'k=v,'.repeat(179) + 'last=1';
`,
      options: [{ maxMembers: 200 }],
    },
  ],
  invalid: [
    {
      code: `
import { propagation } from '@opentelemetry/api';
const big = propagation.createBaggage({ a: { value: 'x'.repeat(4094) }, b: { value: 'y'.repeat(4094) } });
const next = big.setEntry('c', { value: '1' });
`,
      errors: [{ column: 13, data: { bytes: '8193', max: 8192 }, endColumn: 106, line: 3, messageId: 'tooManyBytes' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({
  m001: { value: '1' }, m002: { value: '2' }, m003: { value: '3' }, m004: { value: '4' }, m005: { value: '5' }, m006: { value: '6' }, m007: { value: '7' }, m008: { value: '8' }, m009: { value: '9' }, m010: { value: '10' },
  m011: { value: '11' }, m012: { value: '12' }, m013: { value: '13' }, m014: { value: '14' }, m015: { value: '15' }, m016: { value: '16' }, m017: { value: '17' }, m018: { value: '18' }, m019: { value: '19' }, m020: { value: '20' },
  m021: { value: '21' }, m022: { value: '22' }, m023: { value: '23' }, m024: { value: '24' }, m025: { value: '25' }, m026: { value: '26' }, m027: { value: '27' }, m028: { value: '28' }, m029: { value: '29' }, m030: { value: '30' },
  m031: { value: '31' }, m032: { value: '32' }, m033: { value: '33' }, m034: { value: '34' }, m035: { value: '35' }, m036: { value: '36' }, m037: { value: '37' }, m038: { value: '38' }, m039: { value: '39' }, m040: { value: '40' },
  m041: { value: '41' }, m042: { value: '42' }, m043: { value: '43' }, m044: { value: '44' }, m045: { value: '45' }, m046: { value: '46' }, m047: { value: '47' }, m048: { value: '48' }, m049: { value: '49' }, m050: { value: '50' },
  m051: { value: '51' }, m052: { value: '52' }, m053: { value: '53' }, m054: { value: '54' }, m055: { value: '55' }, m056: { value: '56' }, m057: { value: '57' }, m058: { value: '58' }, m059: { value: '59' }, m060: { value: '60' },
  m061: { value: '61' }, m062: { value: '62' }, m063: { value: '63' }, m064: { value: '64' }, m065: { value: '65' },
});
`,
      errors: [{ column: 17, data: { count: '65', max: 64 }, endColumn: 3, line: 3, messageId: 'tooManyMembers' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ a: { value: 'x'.repeat(4094) }, b: { value: 'y'.repeat(4094) } });
`,
      errors: [{ column: 17, data: { bytes: '8193', max: 8192 }, endColumn: 110, line: 3, messageId: 'tooManyBytes' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ big: { value: 'x'.repeat(4093) } });
`,
      errors: [
        {
          column: 59,
          data: { action: 'injects', subject: '"big"', why: 'a single member may be at most 4096 characters' },
          endColumn: 75,
          line: 3,
          messageId: 'droppedByOtel',
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({
  m001: { value: '1' }, m002: { value: '2' }, m003: { value: '3' }, m004: { value: '4' }, m005: { value: '5' }, m006: { value: '6' }, m007: { value: '7' }, m008: { value: '8' }, m009: { value: '9' }, m010: { value: '10' },
  m011: { value: '11' }, m012: { value: '12' }, m013: { value: '13' }, m014: { value: '14' }, m015: { value: '15' }, m016: { value: '16' }, m017: { value: '17' }, m018: { value: '18' }, m019: { value: '19' }, m020: { value: '20' },
  m021: { value: '21' }, m022: { value: '22' }, m023: { value: '23' }, m024: { value: '24' }, m025: { value: '25' }, m026: { value: '26' }, m027: { value: '27' }, m028: { value: '28' }, m029: { value: '29' }, m030: { value: '30' },
  m031: { value: '31' }, m032: { value: '32' }, m033: { value: '33' }, m034: { value: '34' }, m035: { value: '35' }, m036: { value: '36' }, m037: { value: '37' }, m038: { value: '38' }, m039: { value: '39' }, m040: { value: '40' },
  m041: { value: '41' }, m042: { value: '42' }, m043: { value: '43' }, m044: { value: '44' }, m045: { value: '45' }, m046: { value: '46' }, m047: { value: '47' }, m048: { value: '48' }, m049: { value: '49' }, m050: { value: '50' },
  m051: { value: '51' }, m052: { value: '52' }, m053: { value: '53' }, m054: { value: '54' }, m055: { value: '55' }, m056: { value: '56' }, m057: { value: '57' }, m058: { value: '58' }, m059: { value: '59' }, m060: { value: '60' },
  m061: { value: '61' }, m062: { value: '62' }, m063: { value: '63' }, m064: { value: '64' }, m065: { value: '65' }, m066: { value: '66' }, m067: { value: '67' }, m068: { value: '68' }, m069: { value: '69' }, m070: { value: '70' },
  m071: { value: '71' }, m072: { value: '72' }, m073: { value: '73' }, m074: { value: '74' }, m075: { value: '75' }, m076: { value: '76' }, m077: { value: '77' }, m078: { value: '78' }, m079: { value: '79' }, m080: { value: '80' },
  m081: { value: '81' }, m082: { value: '82' }, m083: { value: '83' }, m084: { value: '84' }, m085: { value: '85' }, m086: { value: '86' }, m087: { value: '87' }, m088: { value: '88' }, m089: { value: '89' }, m090: { value: '90' },
  m091: { value: '91' }, m092: { value: '92' }, m093: { value: '93' }, m094: { value: '94' }, m095: { value: '95' }, m096: { value: '96' }, m097: { value: '97' }, m098: { value: '98' }, m099: { value: '99' }, m100: { value: '100' },
  m101: { value: '101' }, m102: { value: '102' }, m103: { value: '103' }, m104: { value: '104' }, m105: { value: '105' }, m106: { value: '106' }, m107: { value: '107' }, m108: { value: '108' }, m109: { value: '109' }, m110: { value: '110' },
  m111: { value: '111' }, m112: { value: '112' }, m113: { value: '113' }, m114: { value: '114' }, m115: { value: '115' }, m116: { value: '116' }, m117: { value: '117' }, m118: { value: '118' }, m119: { value: '119' }, m120: { value: '120' },
  m121: { value: '121' }, m122: { value: '122' }, m123: { value: '123' }, m124: { value: '124' }, m125: { value: '125' }, m126: { value: '126' }, m127: { value: '127' }, m128: { value: '128' }, m129: { value: '129' }, m130: { value: '130' },
  m131: { value: '131' }, m132: { value: '132' }, m133: { value: '133' }, m134: { value: '134' }, m135: { value: '135' }, m136: { value: '136' }, m137: { value: '137' }, m138: { value: '138' }, m139: { value: '139' }, m140: { value: '140' },
  m141: { value: '141' }, m142: { value: '142' }, m143: { value: '143' }, m144: { value: '144' }, m145: { value: '145' }, m146: { value: '146' }, m147: { value: '147' }, m148: { value: '148' }, m149: { value: '149' }, m150: { value: '150' },
  m151: { value: '151' }, m152: { value: '152' }, m153: { value: '153' }, m154: { value: '154' }, m155: { value: '155' }, m156: { value: '156' }, m157: { value: '157' }, m158: { value: '158' }, m159: { value: '159' }, m160: { value: '160' },
  m161: { value: '161' }, m162: { value: '162' }, m163: { value: '163' }, m164: { value: '164' }, m165: { value: '165' }, m166: { value: '166' }, m167: { value: '167' }, m168: { value: '168' }, m169: { value: '169' }, m170: { value: '170' },
  m171: { value: '171' }, m172: { value: '172' }, m173: { value: '173' }, m174: { value: '174' }, m175: { value: '175' }, m176: { value: '176' }, m177: { value: '177' }, m178: { value: '178' }, m179: { value: '179' }, m180: { value: '180' },
  m181: { value: '181' },
});
`,
      errors: [
        {
          column: 3,
          data: { action: 'injects', subject: '"m181"', why: 'it keeps only the first 180 members' },
          endColumn: 7,
          line: 22,
          messageId: 'droppedByOtel',
        },
      ],
      options: [{ maxMembers: 200 }],
    },
    {
      code: `
headers.baggage = 'k=v,'.repeat(180) + 'last=1';
`,
      errors: [
        { column: 19, data: { count: 181, max: 64 }, endColumn: 48, line: 2, messageId: 'tooManyMembers' },
        { column: 19, data: { action: 'extracts', subject: '"last"', why: 'it keeps only the first 180 members' }, endColumn: 48, line: 2, messageId: 'droppedByOtel' },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ note: { value: ' '.repeat(1400) } });
`,
      errors: [
        {
          column: 60,
          data: { action: 'injects', subject: '"note"', why: 'a single member may be at most 4096 characters' },
          endColumn: 76,
          line: 3,
          messageId: 'droppedByOtel',
        },
      ],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ cart: { value: JSON.stringify(cart) } });
`,
      errors: [{ column: 60, data: { source: 'JSON.stringify(…)', subject: '"cart"' }, endColumn: 80, line: 3, messageId: 'unboundedValue' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage().setEntry('a', { value: 'x'.repeat(5000) }).setEntry('b', { value: '1' });
`,
      errors: [
        {
          column: 68,
          data: { action: 'injects', subject: '"a"', why: 'a single member may be at most 4096 characters' },
          endColumn: 84,
          line: 3,
          messageId: 'droppedByOtel',
        },
      ],
    },
    {
      code: `
import * as api from '@opentelemetry/api';
export function handler(req: Request) {
  const bag = api.propagation.getActiveBaggage();
  return bag?.setEntry('payload', { value: req.body as string });
}
`,
      errors: [{ column: 44, data: { source: 'req.body', subject: '"payload"' }, endColumn: 62, line: 5, messageId: 'unboundedValue' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ ...defaults, a: { value: 'x'.repeat(4000) }, b: { value: 'y'.repeat(4500) } });
`,
      errors: [
        { column: 17, data: { bytes: 'at least 8505', max: 8192 }, endColumn: 123, line: 3, messageId: 'tooManyBytes' },
        { column: 102, data: { action: 'injects', subject: '"b"', why: 'a single member may be at most 4096 characters' }, endColumn: 118, line: 3, messageId: 'droppedByOtel' },
      ],
    },
    {
      code: `
fetch(url, { headers: { baggage: \`cart=\${JSON.stringify(cart)}\` } });
`,
      errors: [{ column: 34, data: { source: 'JSON.stringify(…)', subject: 'of this baggage header' }, endColumn: 64, line: 2, messageId: 'unboundedValue' }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ session: { value: 'x'.repeat(98) } });
`,
      errors: [{ column: 17, data: { bytes: '106', max: 100 }, endColumn: 82, line: 3, messageId: 'tooManyBytes' }],
      options: [{ maxBytes: 100 }],
    },
    {
      code: `
import { propagation } from '@opentelemetry/api';
const baggage = propagation.createBaggage({ a: { value: 'x'.repeat(4000) }, b: { value: 'y'.repeat(4000) }, c: { value: 'z'.repeat(4000) } });
`,
      errors: [
        {
          column: 109,
          data: { action: 'injects', subject: '"c"', why: 'it stops adding members once the header would pass 8192 characters' },
          endColumn: 110,
          line: 3,
          messageId: 'droppedByOtel',
        },
      ],
      options: [{ maxBytes: 16384 }],
    },
    {
      code: `
headers.baggage = 'a=' + 'x'.repeat(4000) + ',b=' + 'y'.repeat(4000) + ',c=' + 'z'.repeat(4000) + ',d=1';
`,
      errors: [
        {
          column: 19,
          data: { action: 'extracts', subject: '"c" and the 1 member after it', why: 'it stops adding members once the header would pass 8192 characters' },
          endColumn: 105,
          line: 2,
          messageId: 'droppedByOtel',
        },
      ],
      options: [{ maxBytes: 16384 }],
    },
  ],
});

jsRuleTester.run('no-oversized-baggage', rule, {
  valid: [
    `
import { propagation } from '@opentelemetry/api';
const entries = { 'app.user.tier': { value: 'premium' } };
export const baggage = propagation.createBaggage(entries);
`,
  ],
  invalid: [
    {
      code: `
import { spawn } from 'node:child_process';
const BLOB = 'x'.repeat(8200);
spawn('worker', [], { env: { ...process.env, BAGGAGE: 'blob=' + BLOB } });
`,
      errors: [
        { column: 55, data: { bytes: 8205, max: 8192 }, endColumn: 69, line: 4, messageId: 'tooManyBytes' },
        { column: 55, data: { action: 'extracts', subject: '"blob"', why: 'a single member may be at most 4096 characters' }, endColumn: 69, line: 4, messageId: 'droppedByOtel' },
      ],
    },
  ],
});

cjsRuleTester.run('no-oversized-baggage', rule, {
  valid: [
    `
const api = require('@opentelemetry/api');
api.propagation.createBaggage({ requestId: { value: 'abc' } });
`,
  ],
  invalid: [
    {
      code: `
const api = require('@opentelemetry/api');
const base = api.propagation.createBaggage({ a: { value: 'x'.repeat(4094) } });
const full = base.setEntry('b', { value: 'y'.repeat(4094) });
`,
      errors: [{ column: 14, data: { bytes: '8193', max: 8192 }, endColumn: 61, line: 4, messageId: 'tooManyBytes' }],
    },
    {
      code: `
const { propagation: p } = require('@opentelemetry/api');
process.env.BAGGAGE = 'k=v,'.repeat(64) + 'z=1';
`,
      errors: [{ column: 23, data: { count: 65, max: 64 }, endColumn: 48, line: 3, messageId: 'tooManyMembers' }],
    },
  ],
});
