import { html, nothing, type TemplateResult } from 'lit';
import { renderPassphraseField, renderStrength } from './unlock-fields.js';
import type { Strength } from './unlock-strength.js';
import { unlockStrings } from './unlock.strings.js';

export type UnlockBusy = 'creating' | 'importing' | 'unlocking' | 'locking' | 'exporting';
export type PassphraseInput = 'passphrase' | 'confirm' | 'backup-passphrase' | 'export-passphrase';

/** What the views show; texts are already localized. */
export interface UnlockModel {
  readonly busy: UnlockBusy | null;
  readonly failure: string | null;
  readonly strength: Strength;
  readonly fieldErrors: Partial<Record<PassphraseInput | 'backup', string>>;
  readonly shown: ReadonlySet<PassphraseInput>;
  readonly lockout: { readonly active: boolean; readonly remaining: string };
  readonly justCreated: boolean;
  readonly backedUp: boolean;
}

export interface UnlockActions {
  readonly create: (event: Event) => void;
  readonly import: (event: Event) => void;
  readonly unlock: (event: Event) => void;
  readonly passphraseInput: (event: Event) => void;
  readonly confirmInput: (event: Event) => void;
  readonly fileChosen: (event: Event) => void;
  readonly toggle: (input: PassphraseInput) => void;
  readonly switchTo: (panel: 'create' | 'import') => void;
  readonly download: (event: Event) => void;
  readonly done: () => void;
  readonly lock: () => void;
}

function busyText(busy: UnlockBusy | null): string {
  const t = unlockStrings();
  return busy ? { creating: t.creating, importing: t.importing, unlocking: t.unlocking, locking: t.locking, exporting: t.downloading }[busy] : '';
}

function renderFailure(model: UnlockModel): TemplateResult | typeof nothing {
  return model.failure ? html`<p part="error" class="error" role="alert">${model.failure}</p>` : nothing;
}

function renderProgress(model: UnlockModel): TemplateResult {
  return html`<p part="progress" class="hint progress" role="status">${busyText(model.busy)}</p>`;
}

export function renderCreate(model: UnlockModel, actions: UnlockActions): TemplateResult {
  const t = unlockStrings();
  const errors = model.fieldErrors;
  return html`<form part="form create-form" novalidate aria-labelledby="heading" aria-busy=${model.busy ? 'true' : 'false'} @submit=${actions.create}>
    <h2 part="heading" id="heading" tabindex="-1">${t.createHeading}</h2>
    <p part="intro">${t.createIntro}</p>
    <fieldset ?disabled=${model.busy !== null}>
      ${renderPassphraseField({
        id: 'passphrase',
        label: t.passphrase,
        autocomplete: 'new-password',
        shown: model.shown.has('passphrase'),
        showLabel: t.showPassphrase,
        hideLabel: t.hidePassphrase,
        describedBy: ['passphrase-hint', 'strength'],
        error: errors.passphrase ?? null,
        onToggle: () => actions.toggle('passphrase'),
        onInput: actions.passphraseInput,
      })}
      <p part="hint" class="hint" id="passphrase-hint">${t.passphraseHint}</p>
      ${renderStrength(model.strength)}
      ${renderPassphraseField({
        id: 'confirm',
        label: t.confirm,
        autocomplete: 'new-password',
        shown: model.shown.has('confirm'),
        showLabel: t.showConfirm,
        hideLabel: t.hideConfirm,
        error: errors.confirm ?? null,
        onToggle: () => actions.toggle('confirm'),
        onInput: actions.confirmInput,
      })}
      <p part="warning" class="warning" id="warning"><span class="warning-icon" aria-hidden="true">!</span> ${t.warning}</p>
      ${renderFailure(model)}
      <div part="actions" class="actions">
        <button type="submit" part="submit-button create-button">${t.create}</button>
        <button type="button" part="switch-button" class="secondary" @click=${() => actions.switchTo('import')}>${t.importInstead}</button>
      </div>
    </fieldset>
    ${renderProgress(model)}
  </form>`;
}

export function renderImport(model: UnlockModel, actions: UnlockActions): TemplateResult {
  const t = unlockStrings();
  const errors = model.fieldErrors;
  return html`<form part="form import-form" novalidate aria-labelledby="heading" aria-busy=${model.busy ? 'true' : 'false'} @submit=${actions.import}>
    <h2 part="heading" id="heading" tabindex="-1">${t.importHeading}</h2>
    <p part="intro">${t.importIntro}</p>
    <fieldset ?disabled=${model.busy !== null}>
      <div part="field backup-file-field" class="field">
        <label part="label" for="backup-file">${t.backupFile}</label>
        <input part="input backup-file-input" id="backup-file" type="file" accept=".asc,.txt,.pgp,.key,application/pgp-keys,text/plain" @change=${actions.fileChosen} />
      </div>
      <div part="field backup-text-field" class="field">
        <label part="label" for="backup-text">${t.backupText}</label>
        <textarea
          part="input backup-text-input"
          id="backup-text"
          rows="4"
          spellcheck="false"
          autocapitalize="off"
          aria-invalid=${errors.backup ? 'true' : 'false'}
          aria-describedby=${errors.backup ? 'backup-error' : nothing}
        ></textarea>
        ${errors.backup ? html`<p part="field-error" class="field-error" id="backup-error">${errors.backup}</p>` : nothing}
      </div>
      ${renderPassphraseField({
        id: 'backup-passphrase',
        label: t.backupPassphrase,
        autocomplete: 'current-password',
        shown: model.shown.has('backup-passphrase'),
        showLabel: t.showBackupPassphrase,
        hideLabel: t.hideBackupPassphrase,
        error: errors['backup-passphrase'] ?? null,
        onToggle: () => actions.toggle('backup-passphrase'),
      })}
      ${renderFailure(model)}
      <div part="actions" class="actions">
        <button type="submit" part="submit-button import-button">${t.importButton}</button>
        <button type="button" part="switch-button" class="secondary" @click=${() => actions.switchTo('create')}>${t.createInstead}</button>
      </div>
    </fieldset>
    ${renderProgress(model)}
  </form>`;
}

export function renderBackup(model: UnlockModel, actions: UnlockActions): TemplateResult {
  const t = unlockStrings();
  const { lockout } = model;
  return html`<form part="backup" novalidate aria-labelledby="heading" aria-busy=${model.busy ? 'true' : 'false'} @submit=${actions.download}>
    <h2 part="heading" id="heading" tabindex="-1">${t.backupHeading}</h2>
    ${model.justCreated ? html`<p part="created" class="success"><span aria-hidden="true">✓</span> ${t.created}</p>` : nothing}
    <p part="intro">${t.backupIntro}</p>
    <fieldset ?disabled=${model.busy !== null}>
      ${renderPassphraseField({
        id: 'export-passphrase',
        label: t.exportPassphrase,
        autocomplete: 'current-password',
        shown: model.shown.has('export-passphrase'),
        showLabel: t.showPassphrase,
        hideLabel: t.hidePassphrase,
        describedBy: ['export-hint', ...(lockout.active ? ['lockout'] : [])],
        error: model.fieldErrors['export-passphrase'] ?? null,
        onToggle: () => actions.toggle('export-passphrase'),
      })}
      <p part="hint" class="hint" id="export-hint">${t.exportHint}</p>
      ${renderFailure(model)}
      ${lockout.active
        ? html`<p part="lockout" class="lockout" id="lockout">
            ${t.lockedOut} <span part="countdown" class="countdown">${t.tryAgainIn(lockout.remaining)}</span>
          </p>`
        : nothing}
      ${model.backedUp ? html`<p part="backed-up" class="success"><span aria-hidden="true">✓</span> ${t.downloaded}</p>` : nothing}
      <div part="actions" class="actions">
        <button type="submit" part="download-button" class=${model.backedUp ? 'secondary' : ''} ?disabled=${model.busy !== null || lockout.active}>${t.download}</button>
        <button type="button" part="done-button" class=${model.backedUp ? '' : 'secondary'} ?disabled=${model.busy !== null} @click=${actions.done}>${t.done}</button>
      </div>
    </fieldset>
    ${renderProgress(model)}
  </form>`;
}

export function renderUnlock(model: UnlockModel, actions: UnlockActions): TemplateResult {
  const t = unlockStrings();
  const { lockout } = model;
  return html`<form part="form unlock-form" novalidate aria-labelledby="heading" aria-busy=${model.busy ? 'true' : 'false'} @submit=${actions.unlock}>
    <h2 part="heading" id="heading" tabindex="-1">${t.unlockHeading}</h2>
    <p part="intro">${t.unlockIntro}</p>
    <fieldset ?disabled=${model.busy !== null}>
      ${renderPassphraseField({
        id: 'passphrase',
        label: t.passphrase,
        autocomplete: 'current-password',
        shown: model.shown.has('passphrase'),
        showLabel: t.showPassphrase,
        hideLabel: t.hidePassphrase,
        describedBy: lockout.active ? ['lockout'] : [],
        error: model.fieldErrors.passphrase ?? null,
        onToggle: () => actions.toggle('passphrase'),
      })}
      ${renderFailure(model)}
      ${lockout.active
        ? html`<p part="lockout" class="lockout" id="lockout">
            ${t.lockedOut} <span part="countdown" class="countdown">${t.tryAgainIn(lockout.remaining)}</span>
          </p>`
        : nothing}
      <div part="actions" class="actions">
        <button type="submit" part="submit-button unlock-button" ?disabled=${lockout.active} aria-describedby=${lockout.active ? 'lockout' : nothing}>
          ${t.unlock}
        </button>
      </div>
    </fieldset>
    ${renderProgress(model)}
  </form>`;
}

export function renderUnlocked(model: UnlockModel, actions: UnlockActions): TemplateResult {
  const t = unlockStrings();
  return html`<div part="unlocked" class="unlocked">
    <span part="status" class="status-unlocked"><span class="status-icon" aria-hidden="true">✓</span>${t.unlocked}</span>
    <button type="button" part="lock-button" class="secondary" ?disabled=${model.busy !== null} @click=${actions.lock}>${t.lock}</button>
    ${renderProgress(model)} ${renderFailure(model)}
  </div>`;
}
