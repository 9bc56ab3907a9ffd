import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { listMembers, nonEmptyListMembers, trimOws } from '../../shared/src/listMembers';

describe('trimOws()', () => {
  it('removes spaces and tabs only, and returns the same string when there is nothing to trim', () => {
    assert.equal(trimOws(' \tk=v\t '), 'k=v');
    assert.equal(trimOws('\nk=v\n'), '\nk=v\n');
    const text = 'k=v';
    assert.equal(trimOws(text), text);
  });
});

describe('listMembers()', () => {
  it('splits at every comma, trims OWS and keeps empty members in place', () => {
    assert.deepEqual(listMembers(' a=1 ,,\tb=2,  '), ['a=1', '', 'b=2', '']);
    assert.deepEqual(listMembers(''), ['']);
  });
});

describe('nonEmptyListMembers()', () => {
  it('skips empty members, keeps those up to the limit and counts them all', () => {
    assert.deepEqual(nonEmptyListMembers('a=1, ,b=2,c=3', 2), { members: ['a=1', 'b=2'], count: 3 });
    assert.deepEqual(nonEmptyListMembers(' , '), { members: [], count: 0 });
  });
});
