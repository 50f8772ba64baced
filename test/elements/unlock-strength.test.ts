import { expect } from '@open-wc/testing';
import { estimateStrength, isUsable } from '../../src/elements/unlock/unlock-strength.js';

describe('passphrase strength', () => {
  const level = (passphrase: string) => estimateStrength(passphrase).level;

  it('needs at least 10 characters and says how many are missing', () => {
    expect(estimateStrength('')).to.deep.equal({ level: 'empty', missing: 10 });
    expect(estimateStrength('kettle')).to.deep.equal({ level: 'too-short', missing: 4 });
    expect(level('ñandú café')).to.equal('fair');
    expect(level('¿qué año es?')).to.equal('fair');
  });

  it('calls predictable passphrases weak, however long', () => {
    for (const weak of ['aaaaaaaaaaaaaaaaaaaa', 'abababababababab', '1234567890', 'abcdefghijkl', 'qwertyuiop12', 'Password123!', 'letmein letmein', '9876543210zyx']) {
      expect(level(weak), weak).to.equal('weak');
      expect(isUsable(level(weak))).to.equal(false);
    }
  });

  it('rates length above symbols', () => {
    expect(level('kettle meadow')).to.equal('fair');
    expect(level('Kettle-meadow7')).to.equal('strong');
    expect(level('orange kettle meadow')).to.equal('strong');
    expect(level('story passphrase 2468')).to.equal('strong');
    expect(isUsable('fair')).to.equal(true);
  });
});
