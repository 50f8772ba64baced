import { expect } from '@open-wc/testing';
import { MemoryRelay } from '../../src/index.js';
import { cleanupClients, createUser, openClient, testDatabaseName, waitFor } from '../helpers/clients.js';
import { slowNetwork } from '../helpers/slow-network.js';
import { textFile } from '../helpers/stored-records.js';

const CHUNK = 1024;
const slowRetry = { baseDelayMs: 60_000, maxDelayMs: 60_000 };

/**
 * Keeps a readwrite transaction on `storeName` of the database open (the way a busy tab does) until
 * `end()`: transactions of the clients on that store wait behind it, in the order they were started.
 */
async function busyStore(databaseName: string, storeName: string): Promise<{ end: () => Promise<void> }> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(databaseName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(storeName, 'readwrite');
  const store = tx.objectStore(storeName);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  let ending = false;
  const keepBusy = () => {
    store.count().onsuccess = () => {
      if (!ending) keepBusy();
    };
  };
  keepBusy();
  return {
    end: async () => {
      ending = true;
      await done;
      db.close();
    },
  };
}

/** Lets every promise reaction queued so far run (a task boundary, not a timed wait). */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Tabs of one user take turns delivering, but any tab can stop an upload. A failed try recorded by the
 * delivering tab must not write back the item as it was before a cancel made in another tab meanwhile:
 * the message would be sent after all.
 */
describe('outbox changes made in another tab while a try fails', () => {
  afterEach(cleanupClients);

  it('keeps an upload cancelled in another tab as cancelled when the delivering try then fails', async () => {
    const relay = new MemoryRelay();
    const network = slowNetwork(relay.connect('ana'));
    const databaseName = testDatabaseName('ana');
    const options = { databaseName, outbox: slowRetry, attachmentChunkSize: CHUNK };
    const tab = await createUser(network.transport, 'ana', options);
    await createUser(relay.connect('lee'), 'lee');
    const other = await openClient(relay.connect('ana'), 'ana', options);

    network.control.holdSends = true;
    network.hold();
    const sent = await tab.send({ to: ['lee'], subject: 'Scan', body: 'Attached', attachments: [textFile('scan.txt', 'SCAN-5d1e', 2 * CHUNK)] });
    await waitFor(() => network.control.sends > 0, 10_000, 'the files to be uploaded and the message handed over');

    // The try fails while the database is busy; the other tab's cancel is asked for right after.
    const busy = await busyStore(databaseName, 'outbox');
    network.control.failSends = true;
    network.control.release();
    await nextTask();
    const cancelling = other.cancelUpload(sent.id);
    await busy.end();
    expect(await cancelling).to.equal(true);

    const item = await waitFor(async () => (await tab.listOutbox()).find((entry) => entry.attempts === 1 && entry.state !== 'sending'), 10_000, 'the failed try to be recorded');
    expect(item).to.include({ id: sent.id, state: 'failed' });
    expect(item.lastError?.code).to.equal('ABORTED');
    expect(relay.envelopes()).to.have.length(0);
  });
});
