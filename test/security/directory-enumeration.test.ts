import { expect } from '@open-wc/testing';
import { HttpTransport } from '../../src/index.js';
import { loginToRelay } from '../../src/transport/relay-login.js';
import { startRelay, stopRelay, type RelayAccount } from '../helpers/relay.js';

// The reference relay's directory, searched from a page through HttpTransport, as a portal would.

const account = (name: string, displayName: string, role: string, careTeam?: RelayAccount[]): RelayAccount => ({
  userId: `${name}-${crypto.randomUUID().slice(0, 8)}`,
  password: crypto.randomUUID(),
  displayName,
  role,
  ...(careTeam ? { careTeam: careTeam.map((member) => member.userId) } : {}),
});

describe('attack: a signed-in user searches the directory to list everyone the portal has', () => {
  // Dr. Lee is on Ana's care team; Carol is another clinician's patient.
  const lee = account('dr-lee', 'Dr. Lee', 'Clinician');
  const other = account('dr-other', 'Dr. Other', 'Clinician');
  const ana = account('ana', 'Ana Ruiz', 'Patient', [lee]);
  const carol = account('carol', 'Carol Diaz', 'Patient', [other]);
  let url: string;
  const transports: HttpTransport[] = [];

  before(async function () {
    // A relay on PGlite can take a while to start on a busy machine.
    this.timeout(120_000);
    url = await startRelay([lee, other, ana, carol]);
  });
  after(async () => {
    transports.forEach((transport) => transport.close());
    await stopRelay(url);
  });

  async function signedIn(user: RelayAccount): Promise<HttpTransport> {
    const { token } = await loginToRelay(url, user.userId, user.password);
    const transport = new HttpTransport({ baseUrl: url, getAuthToken: () => token, retry: { attempts: 1 } });
    transports.push(transport);
    return transport;
  }

  const ids = async (search: Promise<readonly { userId: string }[]>) => (await search).map((entry) => entry.userId);

  it('finds only the care relationships: a patient their care team, a clinician their patients', async () => {
    const [anaSide, leeSide, otherSide] = [await signedIn(ana), await signedIn(lee), await signedIn(other)];
    // Queries every account matches: nothing, a fragment of every id, a letter of every name.
    for (const query of ['', '-', 'R']) {
      expect(await ids(anaSide.searchDirectory!(query)), `ana: "${query}"`).to.deep.equal([lee.userId]);
      expect(await ids(leeSide.searchDirectory!(query)), `lee: "${query}"`).to.deep.equal([ana.userId]);
      expect(await ids(otherSide.searchDirectory!(query)), `other: "${query}"`).to.deep.equal([carol.userId]);
    }
  });

  it('learns nothing of accounts outside them: an unrelated id answers like one that does not exist', async () => {
    const anaSide = await signedIn(ana);
    for (const query of [carol.userId, other.userId, 'Carol Diaz', 'Dr. Other', `nobody-${crypto.randomUUID().slice(0, 8)}`]) {
      expect(await anaSide.searchDirectory!(query), query).to.deep.equal([]);
    }
  });
});
