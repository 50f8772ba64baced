import { css, html, type TemplateResult } from 'lit';
import type { ContactState } from '../../core/contacts/contact.js';
import type { MessageStatus } from '../../core/types.js';
import { commonStrings } from '../../localize/common.strings.js';

const ICONS: Record<MessageStatus | 'unknown', string> = {
  verified: '✓',
  'signer-unverified': '○',
  'key-changed': '!',
  invalid: '✕',
  unknown: '·',
};

/** A message's verification status in words (with a decorative icon), never by colour alone. */
export function messageStatusLabel(status: MessageStatus | null): string {
  const t = commonStrings();
  switch (status) {
    case 'verified':
      return t.statusVerified;
    case 'signer-unverified':
      return t.statusSignerUnverified;
    case 'key-changed':
      return t.statusKeyChanged;
    case 'invalid':
      return t.statusInvalid;
    default:
      return t.statusUnknown;
  }
}

export function renderMessageStatus(status: MessageStatus | null): TemplateResult {
  const key = status ?? 'unknown';
  return html`<span part="status" class="status status-${key}"
    ><span class="status-icon" aria-hidden="true">${ICONS[key]}</span>${messageStatusLabel(status)}</span
  >`;
}

export function contactStateLabel(state: ContactState | 'new'): string {
  const t = commonStrings();
  return { verified: t.contactVerified, unverified: t.contactUnverified, 'key-changed': t.contactKeyChanged, 'key-revoked': t.contactKeyRevoked, altered: t.contactAltered, new: t.contactNew }[state];
}

export function renderContactState(state: ContactState | 'new'): TemplateResult {
  const key = state === 'verified' ? 'verified' : state === 'key-changed' ? 'key-changed' : state === 'key-revoked' || state === 'altered' ? 'invalid' : 'signer-unverified';
  return html`<span part="status" class="status status-${key}"
    ><span class="status-icon" aria-hidden="true">${ICONS[key]}</span>${contactStateLabel(state)}</span
  >`;
}

export const statusStyles = css`
  .status {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-xs);
    font-size: var(--_font-size-small);
    font-weight: 600;
    white-space: nowrap;
  }
  .status-icon {
    display: inline-grid;
    place-items: center;
    width: 1.1em;
    height: 1.1em;
    border-radius: 50%;
    border: 1px solid currentColor;
    font-size: 0.8em;
    line-height: 1;
  }
  .status-verified {
    color: var(--_color-success);
  }
  .status-signer-unverified,
  .status-unknown {
    color: var(--_color-text-muted);
  }
  .status-key-changed {
    color: var(--_color-warning);
  }
  .status-invalid {
    color: var(--_color-danger);
  }
`;
