import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';

interface GpgKey {
  home: string;
  fingerprint: string;
  armoredPublicKey: string;
}

interface GpgDecryptResult {
  ok: boolean;
  plaintext: string;
  goodSignature: boolean;
  signerFingerprint: string | null;
  status: string[];
}

const gpg = <R>(command: string, payload?: Record<string, unknown>) =>
  executeServerCommand<R, Record<string, unknown> | undefined>(command, payload);

describe('GnuPG test plugin', () => {
  it('round-trips a message signed and encrypted by one gpg key to another', async function () {
    const { available, version, reason } = await gpg<{ available: boolean; version?: string; reason?: string }>(
      'gpg-available',
    );
    if (!available) {
      console.warn(`GnuPG plugin not tested: ${reason ?? 'gpg not found'} (install the gnupg package)`);
      return;
    }
    expect(version).to.match(/^\d+\.\d+\.\d+$/);

    const alice = await gpg<GpgKey>('gpg-generate-key', { userId: 'Alice <alice@example.org>' });
    const bob = await gpg<GpgKey>('gpg-generate-key', { userId: 'Bob <bob@example.org>' });
    expect(alice.fingerprint).to.match(/^[0-9A-F]{40}$/);
    expect(alice.home).to.not.equal(bob.home);
    expect(alice.armoredPublicKey).to.contain('-----BEGIN PGP PUBLIC KEY BLOCK-----');

    const plaintext = 'Lab results: 6.1 \u2713\nsecond line';
    const { armoredMessage } = await gpg<{ armoredMessage: string }>('gpg-encrypt-sign', {
      home: alice.home,
      recipientArmoredKey: bob.armoredPublicKey,
      plaintext,
    });
    expect(armoredMessage).to.contain('-----BEGIN PGP MESSAGE-----');
    expect(armoredMessage).to.not.contain('Lab results');

    const result = await gpg<GpgDecryptResult>('gpg-decrypt', {
      home: bob.home,
      armoredMessage,
      senderArmoredKey: alice.armoredPublicKey,
    });
    expect(result.ok).to.equal(true);
    expect(result.plaintext).to.equal(plaintext);
    expect(result.goodSignature).to.equal(true);
    expect(result.signerFingerprint).to.equal(alice.fingerprint);
    expect(result.status).to.include('DECRYPTION_OKAY');

    // The sender cannot read it: it was encrypted to Bob only.
    const wrongHome = await gpg<GpgDecryptResult>('gpg-decrypt', {
      home: alice.home,
      armoredMessage,
      senderArmoredKey: alice.armoredPublicKey,
    });
    expect(wrongHome.ok).to.equal(false);
    expect(wrongHome.plaintext).to.equal('');
  });
});
