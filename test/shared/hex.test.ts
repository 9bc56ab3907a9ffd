import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decimalToHex64, hex64ToDecimal, isAllZeros, isHex, isLowerHex, padHex } from '../../shared/src/hex';

describe('hex helpers', () => {
  it('accepts only lowercase hex as lower hex', () => {
    assert.equal(isLowerHex('0af7651916cd43dd'), true);
    assert.equal(isLowerHex('0AF7'), false);
    assert.equal(isLowerHex(''), false);
  });
  it('accepts either case as hex', () => {
    assert.equal(isHex('0AF7ab'), true);
    assert.equal(isHex('0g'), false);
  });
  it('recognizes all-zero ids', () => {
    assert.equal(isAllZeros('0000'), true);
    assert.equal(isAllZeros('0001'), false);
  });
  it('left-pads 64-bit ids to 128 bits', () => {
    assert.equal(padHex('a3ce929d0e0e4736', 32), '0000000000000000a3ce929d0e0e4736');
  });
  it('converts 64-bit decimals to hex and back', () => {
    assert.equal(decimalToHex64('18446744073709551615'), 'ffffffffffffffff');
    assert.equal(decimalToHex64('18446744073709551616'), undefined);
    assert.equal(hex64ToDecimal('00000000000000ff'), '255');
  });
});
