import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/contact-verify/seal-contact-verify.js';
import '../src/elements/provider/seal-provider.js';
import type { SealClient } from '../src/index.js';
import { CONVERSATION, createScenario } from './support/scenario.js';

const LONG_NAME = 'dr-okonkwo-featherstonehaugh';

interface Args {
  userId: string;
  format: 'hex' | 'digits';
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  width: string;
  /** Story setup, not element properties: */
  setup: 'unverified' | 'verified' | 'key-changed' | 'unknown' | 'closed';
}

const meta: Meta<Args> = {
  title: 'Elements/Contact verify',
  component: 'seal-contact-verify',
  args: { userId: 'nurse-kim', format: 'hex', theme: 'light', locale: 'en', width: '48rem', setup: 'unverified' },
  argTypes: {
    userId: {
      name: 'user-id',
      control: 'select',
      options: ['dr-lee', 'nurse-kim', LONG_NAME],
    },
    format: { control: 'inline-radio', options: ['hex', 'digits'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    width: { control: 'text' },
    setup: {
      control: 'select',
      options: ['unverified', 'verified', 'key-changed', 'unknown', 'closed'],
      table: { category: 'Story setup' },
      description:
        'How Ana knows the contact: pinned but not compared, verified, with a new key, not looked up yet, or a client that was closed (the error state).',
    },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Ana compares fingerprints with one of her care team over the phone. Every fingerprint here comes from a real key made for the story.',
      },
    },
  },
  loaders: [
    async ({ args }) => {
      const userId = args.userId as string;
      const scenario = await createScenario({
        people: ['ana', 'dr-lee', 'nurse-kim', LONG_NAME],
        messages: CONVERSATION,
        verified: args.setup === 'verified' ? [userId] : [],
        keyChanged: args.setup === 'key-changed' ? [userId] : [],
      });
      // The conversation pins Dr. Lee and Nurse Kim; others are pinned by looking them up.
      if (args.setup !== 'unknown' && !(await scenario.me.getContact(userId))) {
        await scenario.me.refreshContact(userId);
        if (args.setup === 'verified') await scenario.me.verifyContact(userId, (await scenario.me.getContact(userId))!.fingerprint);
      }
      if (args.setup === 'closed') scenario.me.close();
      return { client: scenario.me, scenario };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${loaded.client as SealClient} theme=${args.theme} locale=${args.locale}>
      <div style="max-width: ${args.width}">
        <seal-contact-verify user-id=${args.userId} format=${args.format}></seal-contact-verify>
      </div>
    </seal-provider>
  `,
};
export default meta;

type Story = StoryObj<Args>;

/** Nurse Kim's key was pinned on first use; Ana has not compared it yet. */
export const Unverified: Story = {};

/** Dr. Lee was verified: when is shown, and the fingerprints stay visible. */
export const Verified: Story = { args: { userId: 'dr-lee', setup: 'verified' } };

/** Nurse Kim has a new key: the old and new fingerprints, comparing the new one, or accepting it with a warning. */
export const KeyChanged: Story = { args: { setup: 'key-changed' } };

/** A very long name and role on a 320 px screen. */
export const LongNames: Story = { args: { userId: LONG_NAME, width: '320px' } };

/** Numbers only, for people more at ease reading digits. */
export const Digits: Story = { args: { format: 'digits' } };

/** Someone Ana has never exchanged keys with: look them up first. */
export const UnknownContact: Story = { args: { userId: LONG_NAME, setup: 'unknown' } };

/** The contact could not be loaded (here: the client was closed), with a way to try again. */
export const LoadError: Story = { args: { setup: 'closed' } };

export const Spanish: Story = { args: { locale: 'es' } };

export const SpanishKeyChanged: Story = { args: { locale: 'es', setup: 'key-changed' } };

export const Dark: Story = { args: { theme: 'dark' } };

export const DarkKeyChanged: Story = { args: { theme: 'dark', setup: 'key-changed' } };

/** Outside a `<seal-provider>` and without a `client`. */
export const NoClient: Story = {
  render: () => html`<seal-contact-verify user-id="nurse-kim"></seal-contact-verify>`,
};
