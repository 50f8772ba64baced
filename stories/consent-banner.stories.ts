import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/consent-banner/seal-consent-banner.js';
import '../src/elements/provider/seal-provider.js';
import { TERMS_TEXT } from './support/consent.js';
import { createScenario, type Scenario } from './support/scenario.js';

interface Args {
  policyVersion: string;
  modal: boolean;
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  acceptedVersion: string | null;
  declined: boolean;
  width: string;
}


const PURPOSES = [{ id: 'email-notifications' }, { id: 'care-team-access' }];

const meta: Meta<Args> = {
  title: 'Elements/Consent banner',
  component: 'seal-consent-banner',
  args: { policyVersion: '2026-11', modal: false, theme: 'light', locale: 'en', acceptedVersion: null, declined: false, width: '48rem' },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
  },
  loaders: [
    async ({ args }) => {
      const scenario = await createScenario({ people: ['ana', 'dr-lee'] });
      const policy = { id: 'secure-messaging-terms', version: '', text: TERMS_TEXT, purposes: PURPOSES };
      if (args.acceptedVersion) await scenario.me.recordConsent({ ...policy, version: args.acceptedVersion as string }, 'accepted', { 'email-notifications': true });
      if (args.declined) await scenario.me.recordConsent({ ...policy, version: args.policyVersion as string }, 'declined');
      return { scenario };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${(loaded.scenario as Scenario).me} theme=${args.theme} locale=${args.locale}>
      <div style="max-width: ${args.width}; background: var(--seal-color-surface, #fff); padding: 0.5rem">
        <seal-consent-banner
          policy-id="secure-messaging-terms"
          policy-version=${args.policyVersion}
          privacy-href="https://example.org/privacy"
          .purposes=${PURPOSES}
          ?modal=${args.modal}
        >
          <p>${TERMS_TEXT}</p>
        </seal-consent-banner>
      </div>
    </seal-provider>
  `,
};
export default meta;

type Story = StoryObj<Args>;

/** First visit: the terms, optional purposes, Accept and Decline. */
export const FirstVisit: Story = {};

/** Consent given: collapsed to a "Privacy preferences" button. */
export const Accepted: Story = { args: { acceptedVersion: '2026-11' } };

/** The user declined: what they can still do, and a way back to the terms. */
export const Declined: Story = { args: { declined: true } };

/** The portal published a new version: the user is asked again. */
export const NewVersion: Story = { args: { acceptedVersion: '2026-01' } };

/** As a modal dialog that holds focus until the user decides. */
export const Modal: Story = { args: { modal: true } };

export const Spanish: Story = { args: { locale: 'es' } };

export const Dark: Story = { args: { theme: 'dark' } };

/** At 320 px, a small phone. */
export const Narrow: Story = { args: { width: '320px' } };
