import { expect } from '@open-wc/testing';
import * as stories from '../../stories/theming.stories.js';
import { disposeScenarios } from '../../stories/support/scenario.js';
import { waitFor } from '../helpers/clients.js';
import { renderStory } from '../helpers/stories.js';

describe('theming with design tokens', () => {
  afterEach(disposeScenarios);

  it('restyles every element from --seal-* tokens set on an ancestor', async () => {
    const provider = await renderStory(stories.default, stories.Branded);
    const banner = provider.querySelector('seal-consent-banner')!;
    const accept = await waitFor(() => banner.shadowRoot!.querySelector('button'));
    const style = getComputedStyle(accept);
    expect(style.backgroundColor).to.equal('rgb(91, 42, 134)');
    expect(style.borderTopLeftRadius).to.equal('16px');
    expect(getComputedStyle(banner.shadowRoot!.querySelector('h2')!).fontFamily).to.contain('Georgia');
    await expect(provider).to.be.accessible();
  });

  it('passes axe with the default tokens', async () => {
    const provider = await renderStory(stories.default, stories.Tokens);
    await waitFor(() => provider.querySelector('seal-audit-log')!.shadowRoot!.querySelector('[part="list"]'));
    await expect(provider).to.be.accessible();
  });
});
