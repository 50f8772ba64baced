// Attack: guess passphrases faster than the lockout counts them. Twelve `unlock()` calls made at once
// were all tried (each checked the delay before any had failed); `importBackup(exportBackup(), guess,
// { replace: true })` tried passphrases with no lockout at all; and `exportBackup()` handed the key to
// any script on the page without a passphrase, to be guessed elsewhere. Every passphrase check now
// counts its attempt first, in one transaction, behind the same lockout.
import { expect } from '@open-wc/testing';
import { MemoryRelay } from '../../src/index.js';
import { cleanupClients, createUser, PASSPHRASE, rejectsWith } from '../helpers/clients.js';

const outcome = (work: Promise<unknown>) => work.then(() => 'unlocked', (error: { code?: string }) => error.code ?? 'error');

describe('attack: passphrase guesses around the lockout', () => {
  afterEach(cleanupClients);

  it('tries no more than the free attempts of twelve unlocks made at once', async () => {
    const ana = await createUser(new MemoryRelay().connect('ana'), 'ana');
    await ana.lock();
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => outcome(ana.unlock(`guess ${i}`))));
    expect(outcomes.filter((code) => code === 'WRONG_PASSPHRASE')).to.have.length(5);
    expect(outcomes.filter((code) => code === 'LOCKED_OUT')).to.have.length(7);
    expect((await ana.lockoutStatus()).failures).to.equal(5);
    // The right passphrase waits too.
    await rejectsWith(ana.unlock(PASSPHRASE), 'LOCKED_OUT');
  });

  it('counts passphrases given to importBackup with replace, and to exportBackup, like unlock', async () => {
    const ana = await createUser(new MemoryRelay().connect('ana'), 'ana');
    const backup = await ana.exportBackup(PASSPHRASE);
    for (let i = 0; i < 3; i += 1) await rejectsWith(ana.importBackup(backup, `guess ${i}`, { replace: true }), 'WRONG_PASSPHRASE');
    for (let i = 3; i < 5; i += 1) await rejectsWith(ana.exportBackup(`guess ${i}`), 'WRONG_PASSPHRASE');
    expect((await ana.lockoutStatus()).failures).to.equal(5);
    await rejectsWith(ana.importBackup(backup, PASSPHRASE, { replace: true }), 'LOCKED_OUT');
    await rejectsWith(ana.exportBackup(PASSPHRASE), 'LOCKED_OUT');
    await rejectsWith(ana.changePassphrase(PASSPHRASE, 'a new passphrase 2468'), 'LOCKED_OUT');
  });

  it('gives back an attempt that was not a passphrase check (a backup that is not a key)', async () => {
    const ana = await createUser(new MemoryRelay().connect('ana'), 'ana');
    await rejectsWith(ana.importBackup('not a key', PASSPHRASE, { replace: true }), 'INVALID_INPUT');
    expect((await ana.lockoutStatus()).failures).to.equal(0);
    // A right passphrase starts the count over.
    await rejectsWith(ana.exportBackup('wrong'), 'WRONG_PASSPHRASE');
    expect(await ana.exportBackup(PASSPHRASE)).to.contain('BEGIN PGP PRIVATE KEY BLOCK');
    expect((await ana.lockoutStatus()).failures).to.equal(0);
  });
});
