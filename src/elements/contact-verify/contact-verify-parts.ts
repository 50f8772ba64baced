import { html, nothing, type TemplateResult } from 'lit';
import { fingerprintGroups, formatFingerprint, type FingerprintStyle } from '../../core/fingerprint.js';
import { verifyStrings } from './contact-verify.strings.js';

/** Spells a group out for screen readers: `7A3F` is read as "7 A 3 F", `04815` as "0 4 8 1 5". */
function spelled(group: string): string {
  return [...group].join(' ');
}

/**
 * A fingerprint as numbered groups, the way people read it to each other: an ordered list labelled by
 * `labelId`, each group in monospace with its number, and spelled out character by character for
 * screen readers.
 */
export function renderFingerprint(fingerprint: string, style: FingerprintStyle, labelId: string): TemplateResult {
  return html`<ol part="groups" class="groups" role="list" aria-labelledby=${labelId} data-format=${style}>
    ${fingerprintGroups(fingerprint, style).map(
      (group, index) => html`<li part="group" class="group">
        <span part="group-number" class="number" aria-hidden="true">${index + 1}</span>
        <span part="group-code" class="code" aria-hidden="true">${group}</span>
        <span class="visually-hidden">${spelled(group)}</span>
      </li>`,
    )}
  </ol>`;
}

/** One side of the comparison: a heading and the fingerprint (or why there is none). */
export function renderCard(options: { id: string; side: 'mine' | 'theirs'; label: string; fingerprint: string | null; style: FingerprintStyle; empty?: string }): TemplateResult {
  const headingId = `${options.id}-heading`;
  return html`<section part="fingerprint-card ${options.side}" class="card" aria-labelledby=${headingId}>
    <h3 part="card-heading" id=${headingId}>${options.label}</h3>
    ${options.fingerprint ? renderFingerprint(options.fingerprint, options.style, headingId) : html`<p class="hint">${options.empty ?? ''}</p>`}
  </section>`;
}

/** The format toggle: hex groups or digit groups. */
export function renderFormat(style: FingerprintStyle, onChange: (style: FingerprintStyle) => void): TemplateResult {
  const t = verifyStrings();
  const option = (value: FingerprintStyle, label: string) => html`<label class="choice">
    <input type="radio" name="format" value=${value} .checked=${style === value} @change=${() => onChange(value)} />
    ${label}
  </label>`;
  return html`<fieldset part="format" class="format" aria-describedby="format-hint">
    <legend>${t.format}</legend>
    ${option('hex', t.formatHex)} ${option('digits', t.formatDigits)}
    <p class="hint" id="format-hint">${t.formatHint}</p>
  </fieldset>`;
}

/** What changed: the previous and the new fingerprint, one line each. */
export function renderKeyChange(name: string, previous: string, next: string, style: FingerprintStyle): TemplateResult {
  const t = verifyStrings();
  return html`<div part="key-change" class="key-change" role="note" aria-labelledby="key-change-heading">
    <h3 id="key-change-heading"><span class="icon" aria-hidden="true">!</span> ${t.keyChangedHeading(name)}</h3>
    <p>${t.keyChangedText(name)}</p>
    <dl>
      <dt>${t.previous}</dt>
      <dd part="previous-fingerprint" class="line old">${formatFingerprint(previous, style)}</dd>
      <dt>${t.next}</dt>
      <dd part="new-fingerprint" class="line">${formatFingerprint(next, style)}</dd>
    </dl>
  </div>`;
}

/** The notice that the contact's saved record was changed outside Sealbox. */
export function renderAltered(name: string): TemplateResult {
  const t = verifyStrings();
  return html`<div part="altered" class="key-change" role="note" aria-labelledby="altered-heading">
    <h3 id="altered-heading"><span class="icon" aria-hidden="true">!</span> ${t.alteredHeading(name)}</h3>
    <p>${t.alteredText(name)}</p>
  </div>`;
}

/** How to compare; `label` is the heading of the contact's fingerprint card. */
export function renderInstructions(name: string, label: string): TemplateResult {
  const t = verifyStrings();
  return html`<section part="instructions" aria-labelledby="how-heading">
    <h3 id="how-heading">${t.howHeading}</h3>
    <ol>
      <li>${t.step1(name)}</li>
      <li>${t.step2}</li>
      <li>${t.step3(name, label)}</li>
      <li>${t.step4}</li>
    </ol>
  </section>`;
}

export function renderMismatch(name: string): TemplateResult {
  const t = verifyStrings();
  return html`<div part="mismatch" class="mismatch" role="alert" tabindex="-1">
    <h3><span class="icon" aria-hidden="true">✕</span> ${t.mismatchHeading}</h3>
    <p>${t.mismatchText(name)}</p>
  </div>`;
}

/** A contact this device has no key for yet. */
export function renderUnknown(userId: string, busy: boolean, failure: string | null, onLookup: () => void): TemplateResult {
  const t = verifyStrings();
  return html`<p part="notice">${t.unknownText(userId)}</p>
    <p class="hint">${t.unknownHint}</p>
    ${failure ? html`<p part="error" class="error" role="alert">${failure}</p>` : nothing}
    <div part="actions" class="actions">
      <button type="button" part="lookup-button" ?disabled=${busy} @click=${onLookup}>${t.lookup(userId)}</button>
    </div>`;
}
