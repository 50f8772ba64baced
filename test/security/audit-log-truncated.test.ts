// Attack: cut the audit log short. Cutting the exported log at an earlier seal and dropping the later
// entries and seals left a consistent, validly signed prefix that verified as intact. Seals now form a
// chain of their own (each names the one before it), and verification compares the log's last seal
// with one kept elsewhere: the portal's copy of the delivered log, or the last seal this device made.
import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/audit-log/seal-audit-log.js';
import '../../src/elements/provider/seal-provider.js';
import { MemoryRelay, verifyExportedAuditLog, type AuditExport, type SealClient } from '../../src/index.js';
import { cleanupClients, createUser, PASSPHRASE, testDatabaseName, waitFor } from '../helpers/clients.js';
import { storedRecords } from '../helpers/stored-records.js';

describe('attack: an audit log cut short at an earlier seal', () => {
  afterEach(cleanupClients);

  /** Ana's log with two seals: one at her first lock, one at her second. */
  async function twoSeals(databaseName = testDatabaseName('ana')) {
    const relay = new MemoryRelay();
    const ana = await createUser(relay.connect('ana'), 'ana', { databaseName });
    await ana.exportBackup(PASSPHRASE);
    await ana.lock();
    await ana.unlock(PASSPHRASE);
    await ana.exportBackup(PASSPHRASE);
    await ana.exportBackup(PASSPHRASE);
    await ana.lock();
    await ana.unlock(PASSPHRASE);
    const exported = await ana.exportAuditLog();
    expect(exported.seals.length).to.be.at.least(2);
    const publicKey = (await relay.connect('officer').lookupKey('ana'))!.armoredKey;
    return { relay, ana, exported, publicKey, databaseName };
  }

  /** The log as it was at its first seal: later entries and seals dropped. */
  function cut(exported: AuditExport): AuditExport {
    const [first] = [...exported.seals].sort((a, b) => a.throughSeq - b.throughSeq);
    return { ...exported, entries: exported.entries.slice(0, first!.throughSeq), seals: [first!] };
  }

  it('is reported as truncated against the last seal the portal received', async () => {
    const { relay, exported, publicKey } = await twoSeals();
    const short = cut(exported);
    // Alone, a cut log is a consistent prefix: nothing in it shows what is missing.
    expect((await verifyExportedAuditLog(short, publicKey)).intact).to.equal(true);

    // The portal's copy: every delivered record names the seal that covers it.
    await waitFor(() => relay.auditRecords().length >= exported.seals.at(-1)!.throughSeq, 10_000, 'the log delivered');
    const heads = relay.auditRecords().map((record) => (JSON.parse(record.payload) as { seal: { throughSeq: number; hash: string } }).seal);
    const knownHead = heads.reduce((a, b) => (b.throughSeq > a.throughSeq ? b : a));
    const result = await verifyExportedAuditLog(short, publicKey, { knownHead });
    expect(result).to.include({ intact: false, problem: 'truncated', signedThrough: short.entries.length, knownThrough: knownHead.throughSeq });
    expect((await verifyExportedAuditLog(exported, publicKey, { knownHead })).intact).to.equal(true);
  });

  it('detects a seal removed from the middle, or replaced, by the chain of seals', async () => {
    const { exported, publicKey } = await twoSeals();
    const seals = [...exported.seals].sort((a, b) => a.throughSeq - b.throughSeq);
    expect(await verifyExportedAuditLog({ ...exported, seals: seals.slice(1) }, publicKey)).to.include({ intact: false, problem: 'seal-chain' });
    const replaced = [{ ...seals[0]!, prevSealHash: 'e'.repeat(64) }, ...seals.slice(1)];
    expect((await verifyExportedAuditLog({ ...exported, seals: replaced }, publicKey)).intact).to.equal(false);
  });

  it('says in the viewer when the local log ends before the last seal this device made', async () => {
    const { ana, databaseName } = await twoSeals();
    const seals = ((await storedRecords(databaseName, 'auditSeals')) as { throughSeq: number }[]).sort((a, b) => a.throughSeq - b.throughSeq);
    await truncateLocally(databaseName, seals[0]!.throughSeq);
    expect(await ana.verifyAuditLog()).to.include({ intact: false, problem: 'truncated', signedThrough: seals[0]!.throughSeq });

    const root = await fixture(html`<seal-provider .client=${ana as SealClient}><seal-audit-log></seal-audit-log></seal-provider>`);
    const viewer = root.querySelector('seal-audit-log')!;
    const integrity = await waitFor(() => {
      const part = viewer.shadowRoot?.querySelector('[part~="integrity"]');
      return part?.textContent?.includes('ends early') ? part : null;
    }, 10_000, 'the viewer to say the log ends early');
    expect(integrity.getAttribute('role')).to.equal('alert');
    expect(integrity.textContent).to.contain(`sealed through entry ${seals[0]!.throughSeq}`);
  });
});

/** Drops the entries and seals after `through` from the stored log, as someone with the profile could. */
async function truncateLocally(databaseName: string, through: number): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(databaseName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(['audit', 'auditSeals'], 'readwrite');
  tx.objectStore('audit').delete(IDBKeyRange.lowerBound(through, true));
  tx.objectStore('auditSeals').delete(IDBKeyRange.lowerBound(through, true));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}
