import { expect } from '@open-wc/testing';
import { MemoryRelay, verifyExportedAuditLog, type AuditEntry, type AuditExport } from '../../src/index.js';
import { cleanupClients, createUser, PASSPHRASE } from '../helpers/clients.js';

describe('attack: rewriting the audit log', () => {
  afterEach(cleanupClients);

  let exported: AuditExport;
  let publicKey: string;

  beforeEach(async () => {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana');
    for (let i = 0; i < 3; i += 1) await ana.exportBackup(PASSPHRASE);
    await ana.lock();
    await ana.unlock(PASSPHRASE);
    exported = await ana.exportAuditLog();
    publicKey = (await relay.connect('officer').lookupKey('ana'))!.armoredKey;
    expect(exported.entries.length).to.be.at.least(6);
    expect((await verifyExportedAuditLog(exported, publicKey)).intact).to.equal(true);
  });

  const withEntries = (entries: AuditEntry[]): AuditExport => ({ ...exported, entries });

  it('detects an edited entry and says which', async () => {
    const entries = exported.entries.map((entry) => ({ ...entry }));
    entries[2] = { ...entries[2]!, data: { ...entries[2]!.data, fingerprint: 'forged' } };
    expect(await verifyExportedAuditLog(withEntries(entries), publicKey)).to.include({ intact: false, brokenAt: 3, problem: 'edited' });
  });

  it('detects a deleted entry', async () => {
    const entries = exported.entries.filter((_, index) => index !== 2);
    expect(await verifyExportedAuditLog(withEntries(entries), publicKey)).to.include({ intact: false, brokenAt: 3, problem: 'deleted-or-inserted' });
  });

  it('detects an inserted entry, even one with a correct hash of its own', async () => {
    const { hash: _hash, ...fields } = exported.entries[1]!;
    void _hash;
    const inserted = { ...fields, id: crypto.randomUUID(), kind: 'consent-given' as const, data: {} };
    const bytes = new TextEncoder().encode(JSON.stringify(inserted));
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
    const entries = [...exported.entries.slice(0, 2), { ...inserted, hash: digest }, ...exported.entries.slice(2)];
    const result = await verifyExportedAuditLog(withEntries(entries), publicKey);
    expect(result).to.include({ intact: false, brokenAt: 3 });
  });

  it('detects reordered entries', async () => {
    const entries = [...exported.entries];
    [entries[2], entries[3]] = [entries[3]!, entries[2]!];
    expect(await verifyExportedAuditLog(withEntries(entries), publicKey)).to.include({ intact: false, brokenAt: 3, problem: 'reordered' });
  });

  it('detects a rewritten chain through the seal signature', async () => {
    // Recomputing every hash after an edit keeps the chain consistent, but no longer matches the signed seal.
    const result = await verifyExportedAuditLog({ ...exported, seals: exported.seals.map((seal) => ({ ...seal, hash: 'f'.repeat(64) })) }, publicKey);
    expect(result).to.include({ intact: false, problem: 'seal-mismatch' });
  });
});
