import { expect } from '@open-wc/testing';
import { MemoryRelay, verifyConsentReceipt, type ConsentChangeEvent } from '../../src/index.js';
import { cleanupClients, createUser, nextEvent, openClient, PASSPHRASE, rejectsWith, waitFor } from '../helpers/clients.js';
import { FaultyTransport } from '../helpers/faulty-transport.js';

const POLICY = {
  id: 'secure-messaging-terms',
  version: '2026-11',
  text: 'Secure messages are for non-urgent questions. Your care team answers within two business days.',
  purposes: [{ id: 'email-notifications' }, { id: 'care-team-access' }],
};

describe('consent', () => {
  afterEach(cleanupClients);

  it('blocks sending until consent is given, asks again for a new version, and withdrawal blocks at once', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    await createUser(relay.connect('lee'), 'lee');
    ana.requireConsent(POLICY);
    await rejectsWith(ana.send({ to: ['lee'], subject: 's', body: 'b' }), 'CONSENT_REQUIRED');
    await rejectsWith(ana.saveDraft({ to: ['lee'], subject: 's', body: 'b', threadId: null, replyTo: null }), 'CONSENT_REQUIRED');

    const change = nextEvent<ConsentChangeEvent>(ana, 'consent-change');
    await ana.recordConsent(POLICY, 'accepted', { 'email-notifications': true });
    expect(await change).to.include({ policyId: POLICY.id, decision: 'accepted', granted: true });
    await ana.send({ to: ['lee'], subject: 's', body: 'b' });
    const status = await ana.consentStatus();
    expect(status).to.deep.include({ granted: true, version: '2026-11', purposes: { 'email-notifications': true, 'care-team-access': false } });

    ana.requireConsent({ ...POLICY, version: '2027-01' });
    await rejectsWith(ana.send({ to: ['lee'], subject: 's', body: 'b' }), 'CONSENT_REQUIRED');
    await ana.recordConsent({ ...POLICY, version: '2027-01' }, 'accepted');
    await ana.send({ to: ['lee'], subject: 's', body: 'b' });

    await ana.recordConsent({ ...POLICY, version: '2027-01' }, 'withdrawn');
    await rejectsWith(ana.send({ to: ['lee'], subject: 's', body: 'b' }), 'CONSENT_REQUIRED');
    const kinds = (await ana.auditEntries()).map((entry) => entry.kind);
    expect(kinds).to.include.members(['consent-given', 'consent-withdrawn']);
  });

  it('issues a signed receipt that verifies, and fails after any field is altered', async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    await ana.recordConsent(POLICY, 'accepted', { 'care-team-access': true });
    await waitFor(() => relay.consentRecords().length === 1);
    const [delivered] = relay.consentRecords();
    const publicKey = (await relay.connect('portal').lookupKey('ana'))!.armoredKey;
    const check = await verifyConsentReceipt(delivered!, publicKey);
    expect(check.valid).to.equal(true);
    expect(check.receipt).to.include({ policyId: POLICY.id, policyVersion: '2026-11', decision: 'accepted', userId: 'ana' });
    expect(check.receipt!.policyHash).to.match(/^[0-9a-f]{64}$/);

    const payload = JSON.parse(delivered!.payload) as Record<string, unknown>;
    const alterations: Record<string, unknown> = {
      policyId: 'other-policy',
      policyVersion: '2020-01',
      policyHash: '0'.repeat(64),
      purposes: { 'email-notifications': true, 'care-team-access': true },
      decision: 'declined',
      at: '2020-01-01T00:00:00.000Z',
      userId: 'mallory',
      deviceId: 'another-device',
    };
    for (const [field, value] of Object.entries(alterations)) {
      const altered = { ...delivered!, payload: JSON.stringify({ ...payload, [field]: value }) };
      expect((await verifyConsentReceipt(altered, publicKey)).valid, field).to.equal(false);
    }
    expect((await verifyConsentReceipt({ ...delivered!, id: crypto.randomUUID() }, publicKey)).valid).to.equal(false);
    expect((await verifyConsentReceipt({ ...delivered!, signature: '' }, publicKey)).valid).to.equal(false);
  });

  it('signs a decision made before any identity exists as soon as one does, and delivers it once', async () => {
    const relay = new MemoryRelay();
    const faulty = new FaultyTransport(relay.connect('ana'));
    const ana = await openClient(faulty, 'ana');
    await ana.recordConsent(POLICY, 'accepted');
    const [unsigned] = await ana.listConsentReceipts();
    expect(unsigned!.signature).to.equal('');
    expect(relay.consentRecords()).to.have.length(0);

    faulty.failNextRecords = 1;
    await ana.createIdentity(PASSPHRASE);
    const [signed] = await ana.listConsentReceipts();
    expect(signed!.signature).to.contain('BEGIN PGP SIGNATURE');
    // The first delivery's response is lost; the next unlock delivers again, and the relay keeps one.
    await ana.lock();
    await ana.unlock(PASSPHRASE);
    await waitFor(async () => (await ana.listConsentReceipts())[0]!.delivered, 5000, 'delivery');
    expect(relay.consentRecords().map((record) => record.id)).to.deep.equal([signed!.id]);
  });
});
