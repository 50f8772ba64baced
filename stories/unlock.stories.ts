import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/elements/provider/seal-provider.js';
import '../src/elements/unlock/seal-unlock.js';
import type { SealClient } from '../src/index.js';
import { createScenario, STORY_PASSPHRASE } from './support/scenario.js';
import { createNewDeviceScenario } from './support/unlock-scenario.js';

interface Args {
  firstRun: 'create' | 'import';
  offerBackup: boolean;
  theme: 'light' | 'dark';
  locale: 'en' | 'es';
  width: string;
  /** Story setup, not element properties: */
  setup: 'no-identity' | 'locked' | 'locked-out' | 'unlocked' | 'new-device';
}

const meta: Meta<Args> = {
  title: 'Elements/Unlock',
  component: 'seal-unlock',
  args: { firstRun: 'create', offerBackup: false, theme: 'light', locale: 'en', width: '32rem', setup: 'no-identity' },
  argTypes: {
    firstRun: { name: 'first-run', control: 'inline-radio', options: ['create', 'import'] },
    offerBackup: { name: 'offer-backup' },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['en', 'es'] },
    width: { control: 'text' },
    setup: {
      control: 'select',
      options: ['no-identity', 'locked', 'locked-out', 'unlocked', 'new-device'],
      table: { category: 'Story setup' },
      description: `Ana's client: first run, locked, locked out after five wrong passphrases (5 minute delay), unlocked, or a new device where her backup can be imported. The passphrase is "${STORY_PASSPHRASE}".`,
    },
  },
  parameters: {
    docs: {
      description: {
        component: `Ana sets up, unlocks and locks secure messaging. Her passphrase in these stories is "${STORY_PASSPHRASE}".`,
      },
    },
  },
  loaders: [
    async ({ args }) => {
      if (args.setup === 'new-device') {
        const { client, backup } = await createNewDeviceScenario();
        return { client, backup };
      }
      return { client: (await createScenario({ state: args.setup as Exclude<Args['setup'], 'new-device'> })).me };
    },
  ],
  render: (args, { loaded }) => html`
    <seal-provider .client=${loaded.client as SealClient} theme=${args.theme} locale=${args.locale}>
      <div style="max-width: ${args.width}">
        <seal-unlock first-run=${args.firstRun} ?offer-backup=${args.offerBackup}></seal-unlock>
      </div>
      ${loaded.backup
        ? html`<details style="margin-top: 1rem; max-width: ${args.width}; font: 0.875rem system-ui, sans-serif">
            <summary>Ana's backup from her first device (passphrase "${STORY_PASSPHRASE}")</summary>
            <pre style="white-space: pre-wrap; word-break: break-all">${loaded.backup as string}</pre>
          </details>`
        : nothing}
    </seal-provider>
  `,
};
export default meta;

type Story = StoryObj<Args>;

/** First run: choose a passphrase, with strength feedback and the warning about lost passphrases. */
export const FirstRun: Story = {};

/** Just after creating the identity: the encrypted key backup is offered. */
export const Created: Story = { args: { setup: 'unlocked', offerBackup: true } };

/** A returning user unlocks with their passphrase. */
export const Locked: Story = { args: { setup: 'locked' } };

/** Five wrong passphrases: the remaining delay counts down and "Unlock" waits for it. */
export const LockedOut: Story = { args: { setup: 'locked-out' } };

/** Unlocked: a compact status and "Lock". */
export const Unlocked: Story = { args: { setup: 'unlocked' } };

/** A new device: restore the identity from a backup file or pasted text. */
export const ImportBackup: Story = { args: { setup: 'new-device', firstRun: 'import' } };

export const Spanish: Story = { args: { locale: 'es' } };

export const SpanishLockedOut: Story = { args: { locale: 'es', setup: 'locked-out' } };

export const Dark: Story = { args: { theme: 'dark' } };

export const DarkLockedOut: Story = { args: { theme: 'dark', setup: 'locked-out' } };

export const DarkUnlocked: Story = { args: { theme: 'dark', setup: 'unlocked' } };

/** On a 320 px phone screen. */
export const Narrow: Story = { args: { width: '320px' } };

/** Outside a `<seal-provider>` and without a `client`. */
export const NoClient: Story = {
  loaders: [],
  render: () => html`<seal-unlock></seal-unlock>`,
};
