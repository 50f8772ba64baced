import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import '../src/elements/audit-log/seal-audit-log.js';
import '../src/elements/consent-banner/seal-consent-banner.js';
import '../src/elements/provider/seal-provider.js';
import { CONVERSATION, createScenario, type Scenario } from './support/scenario.js';

interface Args {
  primary: string;
  surface: string;
  text: string;
  radius: string;
  fontFamily: string;
  theme: 'light' | 'dark';
}

const meta: Meta<Args> = {
  title: 'Foundations/Theming',
  args: { primary: '#0b5c7d', surface: '#ffffff', text: '#1d2433', radius: '0.375rem', fontFamily: 'system-ui, sans-serif', theme: 'light' },
  argTypes: {
    primary: { control: 'color', description: '--seal-color-primary' },
    surface: { control: 'color', description: '--seal-color-surface' },
    text: { control: 'color', description: '--seal-color-text' },
    radius: { control: 'text', description: '--seal-radius-m' },
    fontFamily: { control: 'text', description: '--seal-font-family' },
    theme: { control: 'inline-radio', options: ['light', 'dark'], description: 'seal-provider theme (the other tokens win when set)' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Sealbox elements read `--seal-*` design tokens from any ancestor. Change the controls to restyle every element at once; keep text and surface contrast at 4.5:1 or more (the Accessibility panel checks it).',
      },
    },
  },
  loaders: [async () => ({ scenario: await createScenario({ messages: CONVERSATION }) })],
  render: (args, { loaded }) => html`
    <seal-provider
      .client=${(loaded.scenario as Scenario).me}
      theme=${args.theme}
      style=${styleMap(
        args.theme === 'light'
          ? {
              '--seal-color-primary': args.primary,
              '--seal-color-surface': args.surface,
              '--seal-color-text': args.text,
              '--seal-radius-m': args.radius,
              '--seal-font-family': args.fontFamily,
            }
          : {},
      )}
    >
      <div style="display: grid; gap: 1rem; max-width: 48rem; padding: 1rem; background: var(--seal-color-surface, #fff)">
        <seal-consent-banner policy-version="1"><p>Secure messages are for non-urgent questions.</p></seal-consent-banner>
        <seal-audit-log></seal-audit-log>
      </div>
    </seal-provider>
  `,
};
export default meta;

export const Tokens: StoryObj<Args> = {};

/** A portal brand: purple primary, rounder corners, a serif typeface. */
export const Branded: StoryObj<Args> = { args: { primary: '#5b2a86', radius: '1rem', fontFamily: 'Georgia, serif' } };
