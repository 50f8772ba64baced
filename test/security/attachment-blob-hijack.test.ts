import { expect } from '@open-wc/testing';
import { HttpTransport, isSealError } from '../../src/index.js';
import { makeBlobChunk, makeEnvelope } from '../../src/testing/index.js';
import { loginToRelay } from '../../src/transport/relay-login.js';
import { startRelay, stopRelay } from '../helpers/relay.js';

// The reference relay in front of real HttpTransports, across origins, as a portal would run it.

interface Account {
  readonly userId: string;
  readonly password: string;
  readonly displayName: string;
  readonly role: string;
}

const account = (name: string): Account => ({ userId: `${name}-${crypto.randomUUID().slice(0, 8)}`, password: crypto.randomUUID(), displayName: name, role: 'Patient' });

/** The HTTP status of a refusal, which must be a non-retryable TRANSPORT error. */
async function refusal(action: Promise<unknown>): Promise<unknown> {
  const error = await action.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isSealError(error, 'TRANSPORT') && !error.retryable, String(error)).to.equal(true);
  return isSealError(error) ? error.details.status : undefined;
}

describe('attack: a user who learns the id of someone else’s attachment tries to read or change it', () => {
  const [ana, lee, carol] = [account('ana'), account('lee'), account('carol')];
  let url: string;
  const transports: HttpTransport[] = [];

  before(async function () {
    // A relay on PGlite can take a while to start on a busy machine.
    this.timeout(120_000);
    url = await startRelay([ana, lee, carol]);
  });
  after(async () => {
    transports.forEach((transport) => transport.close());
    await stopRelay(url);
  });

  async function signedIn(user: Account): Promise<HttpTransport> {
    const { token } = await loginToRelay(url, user.userId, user.password);
    const transport = new HttpTransport({ baseUrl: url, getAuthToken: () => token, retry: { attempts: 1 } });
    transports.push(transport);
    return transport;
  }

  it('is refused: reading, listing it in an envelope of her own, or adding and replacing chunks', async () => {
    const [anaSide, leeSide, carolSide] = [await signedIn(ana), await signedIn(lee), await signedIn(carol)];
    const blobId = crypto.randomUUID();
    const chunks = [await makeBlobChunk(blobId, 0, 2, 2000), await makeBlobChunk(blobId, 1, 2, 50)];
    for (const chunk of chunks) await anaSide.putBlobChunk(chunk);
    await anaSide.send(makeEnvelope(ana.userId, [lee.userId], { blobIds: [blobId] }));

    // Carol has the id (from a shared screen, a forwarded link, a log): it opens nothing for her.
    expect(await refusal(carolSide.getBlobChunk(blobId, 0))).to.equal(403);
    expect(await carolSide.listBlobChunks(blobId)).to.deep.equal([]);
    expect(await refusal(carolSide.send(makeEnvelope(carol.userId, [lee.userId], { blobIds: [blobId] })))).to.equal(400);
    expect(await refusal(carolSide.getBlobChunk(blobId, 0))).to.equal(403);
    expect(await refusal(carolSide.putBlobChunk(await makeBlobChunk(blobId, 0, 2, 2000)))).to.equal(403);
    expect(await refusal(carolSide.putBlobChunk(await makeBlobChunk(blobId, 2, 3, 10)))).to.equal(403);

    // Lee, the recipient, still reads exactly what Ana uploaded.
    for (const chunk of chunks) expect(await leeSide.getBlobChunk(blobId, chunk.index)).to.deep.equal(chunk.bytes);
    expect((await leeSide.fetch({ after: null, limit: 10 })).envelopes.map((envelope) => envelope.from)).to.deep.equal([ana.userId]);
  });
});
