import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/provider/seal-provider.js';
import { createScenario, type Scenario } from './support/scenario.js';

interface Args {
  theme: 'light' | 'dark' | 'auto';
  locale: 'en' | 'es';
}

const meta: Meta<Args> = {
  title: 'Elements/Provider',
  component: 'seal-provider',
  args: { theme: 'light', locale: 'en' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] }, locale: { control: 'inline-radio', options: ['en', 'es'] } },
  parameters: {
    docs: {
      description: {
        component:
          'Wraps Sealbox elements and gives them one client. Pass `transport` and `user-id` to let it create the client, or a ready `client`. `theme` switches the design tokens for everything inside.',
      },
    },
  },
};
export default meta;

type Story = StoryObj<Args>;

/** A provider holding a ready client; its slotted content reads the theme's tokens. */
export const WithClient: Story = {
  loaders: [async () => ({ scenario: await createScenario() })],
  render: (args, { loaded }) => html`
    <seal-provider .client=${(loaded.scenario as Scenario).me} theme=${args.theme} locale=${args.locale}>
      <p style="color: var(--seal-color-text, #1d2433); background: var(--seal-color-surface, #fff); padding: 1rem">
        Sealbox elements placed here share the provider's client.
      </p>
    </seal-provider>
  `,
};

/** The provider creating its own client from a transport and a user id. */
export const FromTransport: Story = {
  loaders: [async () => ({ relay: (await createScenario({ me: 'dr-lee' })).relay })],
  render: (args, { loaded }) => html`
    <seal-provider
      .transport=${(loaded.relay as Scenario['relay']).connect('ana', { displayName: 'Ana Ruiz', role: 'Patient' })}
      .options=${{ databaseName: `sealbox-story:provider:${crypto.randomUUID()}`, keyProtection: 'iterated' }}
      user-id="ana"
      display-name="Ana Ruiz"
      user-role="Patient"
      theme=${args.theme}
    >
      <p>This provider created a client for Ana.</p>
    </seal-provider>
  `,
};

export const Dark: Story = { ...WithClient, args: { theme: 'dark' } };
