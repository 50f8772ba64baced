import { expect } from '@open-wc/testing';
import type { SealProvider } from '../../src/elements/provider/provider.js';
import { SealLockChangeEvent } from '../../src/events/lock-change.js';
import meta, { Dark, FromTransport, WithClient } from '../../stories/provider.stories.js';
import { disposeScenarios, STORY_PASSPHRASE } from '../../stories/support/scenario.js';
import { nextEvent } from '../helpers/clients.js';
import { renderStory } from '../helpers/stories.js';

describe('<seal-provider>', () => {
  afterEach(disposeScenarios);

  it('provides the client it was given and re-dispatches client events as DOM events', async () => {
    const provider = await renderStory<SealProvider>(meta, WithClient);
    const client = await provider.whenReady();
    expect(client.userId).to.equal('ana');
    const event = nextEvent<SealLockChangeEvent>(document, 'seal-lock-change');
    await client.lock();
    expect((await event).detail).to.deep.equal({ state: 'locked', reason: 'locked' });
    await client.unlock(STORY_PASSPHRASE);
    await expect(provider).to.be.accessible();
  });

  it('creates its own client from a transport and a user id, and closes it when removed', async () => {
    const provider = await renderStory<SealProvider>(meta, FromTransport);
    const client = await provider.whenReady();
    expect(client.userId).to.equal('ana');
    expect(client.state).to.equal('no-identity');
    provider.remove();
    await new Promise((resolve) => setTimeout(resolve));
    let code: string | undefined;
    await client.sync().catch((error: { code: string }) => (code = error.code));
    expect(code).to.equal('CLOSED');
  });

  it('applies dark theme tokens to its content', async () => {
    const provider = await renderStory<SealProvider>(meta, Dark);
    expect(provider.getAttribute('theme')).to.equal('dark');
    expect(getComputedStyle(provider).getPropertyValue('--seal-color-surface').trim()).to.equal('#161b24');
    await expect(provider).to.be.accessible();
  });
});
