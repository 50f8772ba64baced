import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fingerprintGroups, formatFingerprint, normalizeFingerprint } from '../../src/core/fingerprint.js';

const FPR = '6E3797AAD9085E987B38907559ADD564AF8C4BA3';

describe('fingerprint formatting', () => {
  it('groups hex in tens of four for reading aloud', () => {
    assert.equal(formatFingerprint(FPR.toLowerCase()), '6E37 97AA D908 5E98 7B38 9075 59AD D564 AF8C 4BA3');
  });

  it('gives all 160 bits as 49 digits in groups of five, losslessly', () => {
    const digits = formatFingerprint(FPR, 'digits');
    const groups = fingerprintGroups(FPR, 'digits');
    assert.equal(groups.length, 10);
    assert.equal(digits.replace(/ /g, '').length, 49);
    assert.equal(BigInt(digits.replace(/ /g, '')).toString(16).toUpperCase().padStart(40, '0'), FPR);
  });

  it('accepts its own formats back and rejects anything else', () => {
    assert.equal(normalizeFingerprint(formatFingerprint(FPR)), FPR);
    assert.throws(() => normalizeFingerprint('1234'), { code: 'INVALID_INPUT' });
    assert.throws(() => normalizeFingerprint(`${FPR}00`), { code: 'INVALID_INPUT' });
  });

  it('differs in the digit form when a single bit differs', () => {
    const other = `${FPR.slice(0, 39)}2`;
    assert.notEqual(formatFingerprint(FPR, 'digits'), formatFingerprint(other, 'digits'));
  });
});
