import { expect } from '@open-wc/testing';
import { MemoryRelay, type LockChangeEvent, type ReadableMessage } from '../../src/index.js';
import { cleanupClients, createUser, nextEvent, openClient, PASSPHRASE, rejectsWith, testDatabaseName, useProductionKdf, waitFor } from '../helpers/clients.js';

// The passphrase KDF and the lockout are under test: keys keep the production S2K.
useProductionKdf();

describe('identity and key vault', () => {
  afterEach(cleanupClients);

  it('starts without an identity, then creates, locks and unlocks one', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const ana = await openClient(relay.connect('ana'), 'ana', { databaseName });
    expect(ana.state).to.equal('no-identity');
    await rejectsWith(ana.unlock(PASSPHRASE), 'NO_IDENTITY');

    // Creation runs the production KDF, which takes seconds on a busy machine.
    const created = nextEvent<LockChangeEvent>(ana, 'lock-change', 30_000);
    await ana.createIdentity(PASSPHRASE);
    expect(await created).to.include({ state: 'unlocked', reason: 'created' });
    expect(ana.fingerprint).to.match(/^[0-9A-F]{40}$/);
    const published = await relay.connect('someone').lookupKey('ana');
    expect(published?.armoredKey).to.contain('BEGIN PGP PUBLIC KEY BLOCK');

    await ana.lock();
    expect(ana.state).to.equal('locked');
    await rejectsWith(ana.saveDraft({ to: [], subject: '', body: 'x', threadId: null, replyTo: null }), 'LOCKED');
    await rejectsWith(ana.unlock('wrong passphrase'), 'WRONG_PASSPHRASE');
    await ana.unlock(PASSPHRASE);
    expect(ana.state).to.equal('unlocked');
    await rejectsWith(ana.createIdentity(PASSPHRASE), 'IDENTITY_EXISTS');
  });

  it('reopens locked on the next visit (the unlocked key is never persisted)', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const first = await createUser(relay.connect('ana'), 'ana', { databaseName });
    const fingerprint = first.fingerprint;
    first.close();
    const second = await openClient(relay.connect('ana'), 'ana', { databaseName });
    expect(second.state).to.equal('locked');
    expect(second.fingerprint).to.equal(fingerprint);
    await second.unlock(PASSPHRASE);
  });

  it('publishes its key again at unlock when the backend lost it (data reset or restored from an old backup)', async () => {
    const databaseName = testDatabaseName('ana');
    const original = new MemoryRelay();
    const first = await createUser(original.connect('ana'), 'ana', { databaseName });
    const { armoredKey } = (await original.connect('dr-lee').lookupKey('ana'))!;
    first.close();
    const wiped = new MemoryRelay();
    const again = await openClient(wiped.connect('ana'), 'ana', { databaseName });
    expect(await wiped.connect('dr-lee').lookupKey('ana')).to.equal(null);
    await again.unlock(PASSPHRASE);
    const published = await waitFor(() => wiped.connect('dr-lee').lookupKey('ana'), 5000, 'the key published again');
    expect(published.armoredKey).to.equal(armoredKey);
  });

  it('locks itself after the idle time and forgets decrypted messages', async () => {
    const relay = new MemoryRelay();
    await createUser(relay.connect('lee'), 'lee');
    const ana = await createUser(relay.connect('ana'), 'ana', { autoLockMs: 1500 });
    const sent = await ana.send({ to: ['lee'], subject: 's', body: 'b' });
    await ana.openMessage(sent.id);
    const event = await nextEvent<LockChangeEvent>(ana, 'lock-change', 5000);
    expect(event).to.include({ state: 'locked', reason: 'idle' });
    expect(ana.state).to.equal('locked');
    await rejectsWith(ana.openMessage(sent.id), 'LOCKED');
  });

  it('exports an encrypted backup that restores the identity on another device', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    const sent = await lee.send({ to: ['ana'], subject: 'Before the move', body: 'Old message' });
    await waitFor(async () => (await lee.listOutbox()).length === 0);

    const backup = await ana.exportBackup(PASSPHRASE);
    expect(backup).to.contain('BEGIN PGP PRIVATE KEY BLOCK');

    const laptop = await openClient(relay.connect('ana'), 'ana');
    await rejectsWith(laptop.importBackup(backup, 'not the passphrase'), 'WRONG_PASSPHRASE');
    expect(laptop.state).to.equal('no-identity');
    await laptop.importBackup(backup, PASSPHRASE);
    expect(laptop.state).to.equal('unlocked');
    expect(laptop.fingerprint).to.equal(ana.fingerprint);
    await laptop.sync();
    const message = (await laptop.openMessage(sent.id)) as ReadableMessage;
    expect(message.body).to.equal('Old message');
  });

  it("refuses a backup that belongs to another user id", async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await openClient(relay.connect('lee'), 'lee');
    await rejectsWith(lee.importBackup(await ana.exportBackup(PASSPHRASE), PASSPHRASE), 'INVALID_INPUT');
    await rejectsWith(lee.importBackup('-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAAAA\n-----END PGP PRIVATE KEY BLOCK-----', PASSPHRASE), 'INVALID_INPUT');
  });

  it('changes the passphrase: the old one stops working, the new one unlocks', async () => {
    const relay = new MemoryRelay();
    const databaseName = testDatabaseName('ana');
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName });
    await rejectsWith(ana.changePassphrase('wrong', 'new passphrase 2'), 'WRONG_PASSPHRASE');
    await ana.changePassphrase(PASSPHRASE, 'new passphrase 2');
    await ana.lock();
    await rejectsWith(ana.unlock(PASSPHRASE), 'WRONG_PASSPHRASE');
    await ana.unlock('new passphrase 2');
    expect(ana.state).to.equal('unlocked');
  });

  it('delays tries after five wrong passphrases, increasingly', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana', { lockout: { baseDelayMs: 300, maxDelayMs: 10_000 } });
    await ana.lock();
    for (let i = 1; i <= 4; i += 1) await rejectsWith(ana.unlock(`wrong ${i}`), 'WRONG_PASSPHRASE');
    expect((await ana.lockoutStatus()).retryAt).to.equal(null);
    const fifth = await rejectsWith(ana.unlock('wrong 5'), 'WRONG_PASSPHRASE');
    const firstDelay = (fifth as unknown as { retryAt: number }).retryAt - Date.now();
    expect(firstDelay).to.be.within(0, 300);

    // During the delay even the right passphrase is not tried.
    const locked = await rejectsWith(ana.unlock(PASSPHRASE), 'LOCKED_OUT');
    expect((locked as unknown as { retryAt: number }).retryAt).to.be.greaterThan(Date.now());

    await new Promise((resolve) => setTimeout(resolve, 320));
    const sixth = await rejectsWith(ana.unlock('wrong 6'), 'WRONG_PASSPHRASE');
    const secondDelay = (sixth as unknown as { retryAt: number }).retryAt - Date.now();
    expect(secondDelay).to.be.within(300, 600);
    await new Promise((resolve) => setTimeout(resolve, 620));
    await ana.unlock(PASSPHRASE);
    expect(await ana.lockoutStatus()).to.deep.equal({ failures: 0, freeAttempts: 5, retryAt: null });
  });

  it('protects the stored key with Argon2 by default', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana', { keyProtection: undefined });
    const backup = await ana.exportBackup(PASSPHRASE);
    const { readPrivateKey } = await import('openpgp');
    const key = await readPrivateKey({ armoredKey: backup });
    expect(key.isDecrypted()).to.equal(false);
    expect((key.keyPacket as unknown as { s2k: { type: string } }).s2k.type).to.equal('argon2');
    await ana.lock();
    await ana.unlock(PASSPHRASE);
    expect(ana.state).to.equal('unlocked');
  });
});
