import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { MemoryRelay, type InvalidMessage, type ReadableMessage } from '../../src/index.js';
import { fillRouting, envelopeJson, inject } from '../helpers/attacker.js';
import { cleanupClients, createUser, waitFor } from '../helpers/clients.js';

interface GpgKey {
  home: string;
  fingerprint: string;
  armoredPublicKey: string;
}

async function gpgAvailable(): Promise<boolean> {
  const { available, reason } = await executeServerCommand<{ available: boolean; reason?: string }, unknown>('gpg-available');
  if (!available) console.warn(`GnuPG interop not tested: ${reason ?? 'gpg not found'} (install the gnupg package)`);
  return available;
}

describe('interop with GnuPG 2.2', () => {
  afterEach(cleanupClients);

  it('GnuPG decrypts and verifies a message Sealbox sends', async function () {
    if (!(await gpgAvailable())) return;
    const relay = new MemoryRelay();
    const gpgUser = await executeServerCommand<GpgKey, unknown>('gpg-generate-key', { userId: 'gpg-user' });
    await relay.connect('gpg-user').publishKey({ userId: 'gpg-user', armoredKey: gpgUser.armoredPublicKey });
    const ana = await createUser(relay.connect('ana'), 'ana');

    const sent = await ana.send({ to: ['gpg-user'], subject: 'From Sealbox', body: 'Readable by GnuPG' });
    await waitFor(async () => (await ana.listOutbox()).length === 0);
    const envelope = relay.envelopes().find((e) => e.id === sent.id)!;
    const anaKey = (await relay.connect('x').lookupKey('ana'))!.armoredKey;

    const result = await executeServerCommand<{ ok: boolean; plaintext: string; goodSignature: boolean; signerFingerprint: string | null; notations: Record<string, string> }, unknown>(
      'gpg-decrypt',
      { home: gpgUser.home, armoredMessage: envelope.ciphertext, senderArmoredKey: anaKey },
    );
    expect(result.ok).to.equal(true);
    expect(result.goodSignature).to.equal(true);
    expect(result.signerFingerprint).to.equal(ana.fingerprint);
    // The signature says what it is for, and gpg shows it.
    expect(result.notations['purpose@sealbox']).to.equal('envelope');
    const inner = JSON.parse(result.plaintext);
    expect(inner).to.include({ id: sent.id, threadId: sent.threadId, from: 'ana', subject: 'From Sealbox', body: 'Readable by GnuPG' });
  });

  it('Sealbox decrypts and verifies a message GnuPG signed and encrypted', async function () {
    if (!(await gpgAvailable())) return;
    const relay = new MemoryRelay();
    const gpgUser = await executeServerCommand<GpgKey, unknown>('gpg-generate-key', { userId: 'gpg-user' });
    await relay.connect('gpg-user').publishKey({ userId: 'gpg-user', armoredKey: gpgUser.armoredPublicKey });
    const lee = await createUser(relay.connect('lee'), 'lee');
    const leeKey = (await relay.connect('x').lookupKey('lee'))!.armoredKey;

    // gpg --set-notation purpose@sealbox=envelope --encrypt --sign (docs/signing-contexts.md)
    const routing = fillRouting({ from: 'gpg-user', to: ['lee'] });
    const { armoredMessage } = await executeServerCommand<{ armoredMessage: string }, unknown>('gpg-encrypt-sign', {
      home: gpgUser.home,
      recipientArmoredKey: leeKey,
      plaintext: envelopeJson(routing, 'From GnuPG', 'Written with gpg --encrypt --sign'),
      notations: { 'purpose@sealbox': 'envelope' },
    });
    await inject(relay, routing, armoredMessage);
    await lee.sync();
    const opened = (await lee.openMessage(routing.id)) as ReadableMessage;
    expect(opened.status).to.equal('signer-unverified');
    expect(opened).to.include({ subject: 'From GnuPG', body: 'Written with gpg --encrypt --sign', from: 'gpg-user' });
    expect(opened.signerFingerprint).to.equal(gpgUser.fingerprint);

    // Without it, the signature is not for a message: Sealbox withholds the content.
    const unstated = fillRouting({ from: 'gpg-user', to: ['lee'], threadId: routing.threadId });
    const { armoredMessage: plain } = await executeServerCommand<{ armoredMessage: string }, unknown>('gpg-encrypt-sign', {
      home: gpgUser.home,
      recipientArmoredKey: leeKey,
      plaintext: envelopeJson(unstated, 'No purpose', 'Signed for nothing in particular'),
    });
    await inject(relay, unstated, plain);
    await lee.sync();
    const refused = (await lee.openMessage(unstated.id)) as InvalidMessage;
    expect(refused.status).to.equal('invalid');
    expect(refused.error.code).to.equal('WRONG_PURPOSE');
  });
});
