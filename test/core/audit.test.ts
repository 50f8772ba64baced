import { expect } from '@open-wc/testing';
import { AUDIT_KINDS, MemoryRelay, verifyExportedAuditLog, type SecurityAlertEvent } from '../../src/index.js';
import { cleanupClients, createUser, nextEvent, PASSPHRASE, rejectsWith, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';

describe('audit trail', () => {
  afterEach(cleanupClients);

  it('records security-relevant actions in order, with ids and metadata only', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    const lee = await createUser(relay.connect('lee'), 'lee');
    const sent = await lee.send({ to: ['ana'], subject: 'Biopsy result', body: 'The biopsy was benign' });
    await waitFor(async () => (await lee.listOutbox()).length === 0);
    await ana.sync();
    await ana.openMessage(sent.id);
    await ana.verifyContact('lee', lee.fingerprint!);
    await ana.exportBackup(PASSPHRASE);
    await ana.lock();
    await rejectsWith(ana.unlock('wrong'), 'WRONG_PASSPHRASE');
    await ana.unlock(PASSPHRASE);

    const entries = await waitFor(async () => {
      const list = await ana.auditEntries();
      return list.length >= 7 ? list : null;
    });
    const kinds = entries.map((entry) => entry.kind);
    for (const kind of ['identity-created', 'message-opened', 'contact-verified', 'backup-exported', 'lock', 'unlock-failed', 'unlock-succeeded'] as const) {
      expect(kinds, kind).to.include(kind);
    }
    expect(kinds.indexOf('lock')).to.be.lessThan(kinds.indexOf('unlock-failed'));
    expect(entries.map((entry) => entry.seq)).to.deep.equal(entries.map((_, index) => index + 1));
    const opened = entries.find((entry) => entry.kind === 'message-opened')!;
    expect(opened.data).to.deep.include({ messageId: sent.id, from: 'lee', status: 'signer-unverified' });
    const serialized = JSON.stringify(entries);
    expect(serialized).to.not.contain('Biopsy');
    expect(serialized).to.not.contain('benign');
    expect(serialized).to.not.contain(PASSPHRASE);
    for (const entry of entries) expect(AUDIT_KINDS).to.include(entry.kind);

    await ana.lock();
    const verification = await ana.verifyAuditLog();
    expect(verification).to.include({ intact: true, brokenAt: null });
    expect(verification.signedThrough).to.be.at.least(entries.length);
  });

  it('exports a log that a compliance officer verifies with the public key alone', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    await ana.exportBackup(PASSPHRASE);
    const exported = await ana.exportAuditLog();
    expect(exported.format).to.equal('sealbox-audit-log');
    const publicKey = (await relay.connect('officer').lookupKey('ana'))!.armoredKey;
    const result = await verifyExportedAuditLog(JSON.parse(JSON.stringify(exported)), publicKey);
    expect(result).to.include({ intact: true, signedThrough: exported.entries.length });

    const mallory = await createUser(relay.connect('mallory'), 'mallory');
    const wrongKey = (await relay.connect('officer').lookupKey('mallory'))!.armoredKey;
    const forged = await verifyExportedAuditLog(exported, wrongKey);
    expect(forged).to.include({ intact: false, problem: 'bad-seal' });
    void mallory;
  });

  it('delivers signed entries to the portal exactly once across failed deliveries', async () => {
    const relay = new MemoryRelay();
    const faulty = new FaultyTransport(relay.connect('ana'));
    const ana = await createUser(faulty, 'ana', { outbox: { baseDelayMs: 20, maxDelayMs: 50 } });
    faulty.failNextRecords = 3;
    for (let i = 0; i < 5; i += 1) await ana.exportBackup(PASSPHRASE);
    await ana.lock();
    await ana.unlock(PASSPHRASE);
    await ana.lock();
    // The final 'lock' entry is written after the key is gone; it is signed at the next unlock.
    const expected = (await ana.verifyAuditLog()).signedThrough;
    expect(expected).to.equal((await ana.auditEntries()).length - 1);
    await waitFor(() => relay.auditRecords().length === expected, 5000, 'all entries delivered');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ids = relay.auditRecords().map((record) => record.id);
    expect(ids.length).to.equal(expected);
    expect(new Set(ids).size).to.equal(ids.length);
    expect(faulty.recordAttempts.length).to.be.greaterThan(3);
    for (const record of relay.auditRecords()) expect(record.signature).to.contain('BEGIN PGP SIGNATURE');
  });

  it('raises security alerts for repeated failed unlocks and decryption bursts', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana', { securityThresholds: { failedUnlocks: 2, decryptionBurst: { count: 2, windowMs: 60_000 } } });
    const lee = await createUser(relay.connect('lee'), 'lee');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await lee.send({ to: ['ana'], subject: `s${i}`, body: `b${i}` })).id);
    await waitFor(async () => (await lee.listOutbox()).length === 0);
    await ana.sync();
    const burst = nextEvent<SecurityAlertEvent>(ana, 'security-alert', 5000, (event) => event.kind === 'decryption-burst');
    for (const id of ids) await ana.openMessage(id);
    expect((await burst).data).to.include({ count: 3 });

    await ana.lock();
    await rejectsWith(ana.unlock('wrong 1'), 'WRONG_PASSPHRASE');
    const repeated = nextEvent<SecurityAlertEvent>(ana, 'security-alert', 5000, (event) => event.kind === 'repeated-failed-unlocks');
    await rejectsWith(ana.unlock('wrong 2'), 'WRONG_PASSPHRASE');
    expect((await repeated).data).to.deep.equal({ failures: 2 });
    const kinds = (await ana.auditEntries()).map((entry) => entry.kind);
    expect(kinds).to.include('decryption-burst');
    expect(kinds.filter((kind) => kind === 'unlock-failed')).to.have.length(2);
  });
});

describe('security alerts for keys and verification', () => {
  afterEach(cleanupClients);

  it("alert on a contact's key change and on a message that fails verification, and log both", async () => {
    const { envelopeJson, fillRouting, inject, openpgp, publishedKey } = await import('../helpers/attacker.js');
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    await createUser(relay.connect('lee'), 'lee');
    await ana.refreshContact('lee');

    const alerts: SecurityAlertEvent[] = [];
    ana.addEventListener('security-alert', (event) => alerts.push(event));
    const routing = fillRouting({ from: 'lee', to: ['ana'] });
    const unsigned = await openpgp.encrypt({ message: await openpgp.createMessage({ text: envelopeJson(routing, 's', 'b') }), encryptionKeys: await publishedKey(relay, 'ana') });
    await inject(relay, routing, unsigned);
    await ana.sync();
    await ana.openMessage(routing.id);

    const newLee = await createUser(relay.connect('lee'), 'lee');
    await ana.refreshContact('lee');

    expect(alerts.map((alert) => alert.kind)).to.deep.equal(['verification-failed', 'contact-key-changed']);
    expect(alerts[0]!.data).to.deep.equal({ messageId: routing.id, from: 'lee', code: 'NOT_SIGNED' });
    expect(alerts[1]!.data).to.include({ userId: 'lee', newFingerprint: newLee.fingerprint });
    const kinds = (await ana.auditEntries()).map((entry) => entry.kind);
    expect(kinds).to.include.members(['verification-failed', 'contact-key-change-seen']);
  });
});
