// What an application's TypeScript sees of the package, checked with skipLibCheck off: every entry point
// and the public types resolve without openpgp.js's own type dependencies.
import { createSealClient, MemoryRelay, setBasePath, SealComposer, type SealClient, type SealWorkerKind } from 'sealbox';
import 'sealbox/define';
import { SealInbox } from 'sealbox/elements/inbox/seal-inbox.js';
import { SealThread } from 'sealbox/elements/thread/seal-thread';
import { defineTransportConformance } from 'sealbox/testing';

setBasePath('/static/sealbox/');
const kind: SealWorkerKind = 'pdf';
export const client: Promise<SealClient> = createSealClient({
  transport: new MemoryRelay().connect('ana'),
  userId: 'ana',
  createWorker: (worker) => new Worker(new URL(`/static/sealbox/${worker}.worker.js`, location.href), { type: 'module' }),
});
export const parts = [kind, SealComposer, SealInbox, SealThread, defineTransportConformance];
