import { expect, fixture } from '@open-wc/testing';
import { html } from 'lit';
import '../../src/elements/consent-banner/seal-consent-banner.js';
import '../../src/elements/provider/seal-provider.js';
import { MemoryRelay } from '../../src/index.js';
import { cleanupClients, openClient, PASSPHRASE, waitFor } from '../helpers/clients.js';

// Alone in its file: the page must not have started any crypto worker before this test.
// The worker starts from its file or from its locate module (see start-worker.ts).
const workerLoaded = () => performance.getEntriesByType('resource').some((entry) => /crypto(\.worker|-locate)/.test(entry.name));

describe('<seal-consent-banner> loading', () => {
  afterEach(cleanupClients);

  it('records a decision without loading the cryptography code, which starts only when a receipt is signed', async () => {
    const client = await openClient(new MemoryRelay().connect('ana'), 'ana');
    const provider = await fixture(html`<seal-provider .client=${client}>
      <seal-consent-banner policy-version="1"><p>Terms</p></seal-consent-banner>
    </seal-provider>`);
    const banner = provider.querySelector('seal-consent-banner')!;
    const accept = await waitFor(() => [...(banner.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === 'Accept'));
    accept.click();
    await waitFor(async () => (await client.consentStatus()).granted, 5000, 'consent');
    expect(workerLoaded()).to.equal(false);

    await client.createIdentity(PASSPHRASE);
    expect(workerLoaded()).to.equal(true);
    await waitFor(async () => (await client.listConsentReceipts())[0]!.signature !== '', 5000, 'signed receipt');
  });
});
