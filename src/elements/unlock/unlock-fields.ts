import { html, nothing, type TemplateResult } from 'lit';
import type { Strength } from './unlock-strength.js';
import { unlockStrings } from './unlock.strings.js';

export interface PassphraseFieldOptions {
  readonly id: string;
  readonly label: string;
  readonly autocomplete: 'new-password' | 'current-password';
  readonly shown: boolean;
  readonly showLabel: string;
  readonly hideLabel: string;
  /** Ids of hints that describe the field, besides its error. */
  readonly describedBy?: readonly string[];
  readonly error: string | null;
  readonly onToggle: () => void;
  readonly onInput?: (event: Event) => void;
}

/**
 * A passphrase input with a show/hide button. The value is never bound from state: it stays in the
 * input until the element reads it for a client call and clears it.
 */
export function renderPassphraseField(options: PassphraseFieldOptions): TemplateResult {
  const t = unlockStrings();
  const errorId = `${options.id}-error`;
  const describedBy = [...(options.describedBy ?? []), ...(options.error ? [errorId] : [])].join(' ');
  return html`<div part="field ${options.id}-field" class="field">
    <label part="label" for=${options.id}>${options.label}</label>
    <div class="control">
      <input
        part="input ${options.id}-input"
        id=${options.id}
        name=${options.id}
        type=${options.shown ? 'text' : 'password'}
        autocomplete=${options.autocomplete}
        autocapitalize="off"
        spellcheck="false"
        aria-invalid=${options.error ? 'true' : 'false'}
        aria-describedby=${describedBy || nothing}
        @input=${options.onInput}
      />
      <button
        type="button"
        part="toggle-button"
        class="secondary toggle"
        aria-controls=${options.id}
        aria-label=${options.shown ? options.hideLabel : options.showLabel}
        @click=${options.onToggle}
      >
        ${options.shown ? t.hide : t.show}
      </button>
    </div>
    ${options.error ? html`<p part="field-error" class="field-error" id=${errorId}>${options.error}</p>` : nothing}
  </div>`;
}

const LEVEL_BARS = { empty: 0, 'too-short': 1, weak: 1, fair: 2, strong: 3 } as const;

/**
 * The strength feedback: the level in words (a polite live region, so it is announced when it
 * changes, not on every keystroke) plus a hint, and a decorative bar.
 */
export function renderStrength(strength: Strength): TemplateResult {
  const t = unlockStrings();
  const level = {
    empty: '',
    'too-short': t.levelTooShort,
    weak: t.levelWeak,
    fair: t.levelFair,
    strong: t.levelStrong,
  }[strength.level];
  const hint = {
    empty: '',
    'too-short': t.hintTooShort(strength.missing),
    weak: t.hintWeak,
    fair: t.hintFair,
    strong: t.hintStrong,
  }[strength.level];
  const bars = LEVEL_BARS[strength.level];
  return html`<div part="strength" class="strength" data-level=${strength.level}>
    <span class="meter" aria-hidden="true">
      ${[1, 2, 3].map((bar) => html`<span part="strength-bar" class=${bar <= bars ? 'bar on' : 'bar'}></span>`)}
    </span>
    <p class="strength-text" id="strength">
      <span aria-live="polite" aria-atomic="true"
        >${level ? html`<span class="strength-label">${t.strength}</span> <strong part="strength-level">${level}</strong>.` : nothing}</span
      >
      <span id="strength-hint">${hint}</span>
    </p>
  </div>`;
}
