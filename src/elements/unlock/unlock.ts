import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { SealClient } from '../../core/client.js';
import type { LockChangeEvent } from '../../core/client-events.js';
import { SealBackupExportEvent } from '../../events/backup-export.js';
import { commonStrings } from '../../localize/common.strings.js';
import { SealElement } from '../seal-element.js';
import { backupFileName, downloadText } from './unlock-backup.js';
import { FirstRunForms } from './unlock-first-run.js';
import { LockoutCountdown } from './unlock-lockout.js';
import { estimateStrength, type Strength } from './unlock-strength.js';
import { errorTexts, unlockFailure, type FieldErrors, type Text } from './unlock-validation.js';
import { renderBackup, renderCreate, renderImport, renderUnlock, renderUnlocked, type PassphraseInput, type UnlockActions, type UnlockBusy } from './unlock-views.js';
import styles from './unlock.styles.js';
import { unlockStrings as t } from './unlock.strings.js';

/** What `<seal-unlock>` shows, reflected as its `state` attribute. */
export type UnlockState = 'no-client' | 'loading' | 'no-identity' | 'backup' | 'locked' | 'unlocked';

/**
 * First run (no identity on this device): "Passphrase" and "Confirm passphrase" with strength feedback
 * as the user types, and "Create identity". A passphrase needs at least 10 characters and must not be
 * predictable (see `estimateStrength`: repeated characters, sequences, common passwords); weak ones are
 * refused, "fair" and "strong" ones accepted. After creation the backup panel offers "Download your
 * encrypted key backup" (`sealbox-key-backup-<user id>.asc`, the passphrase-protected private key) once
 * the passphrase is typed again; a wrong one counts towards the lockout, as when unlocking.
 * "Import a backup" restores a backup file or pasted text with its passphrase instead.
 *
 * Later: "Passphrase" and "Unlock". A wrong passphrase says how many tries remain before delays start;
 * during a lockout the remaining time counts down (announced when it starts and ends, not every second)
 * and "Unlock" is disabled. Unlocked, it shrinks to "Unlocked" and a "Lock" button. It follows the
 * auto-lock. Hosts that want it out of sight while unlocked can style on the reflected `state`:
 * `seal-unlock[state='unlocked'] { display: none; }`.
 *
 * Passphrases are read from the inputs only to be handed to the client, and the inputs are cleared
 * afterwards; they never appear in attributes, events or logs.
 *
 * @summary Sets up, unlocks and locks the user's secure messaging key: create an identity with a
 * passphrase (or import a key backup) on first use, download the encrypted key backup, unlock with the
 * remaining lockout delay shown, and lock.
 * @tag seal-unlock
 *
 * @event {SealBackupExportEvent} seal-backup-export - The user downloaded the encrypted key backup (fingerprint only).
 * @event {SealErrorEvent} seal-error - Creating, importing, unlocking, locking or exporting failed (`code`, `operation`), including a wrong passphrase.
 *
 * @csspart base - The wrapper.
 * @csspart form - Each form; also `create-form`, `import-form`, `unlock-form`.
 * @csspart heading - The form's or panel's heading.
 * @csspart intro - The explanation under the heading.
 * @csspart field - Each field; also `passphrase-field`, `confirm-field`, `backup-file-field`, `backup-text-field`, `backup-passphrase-field`.
 * @csspart label - Field labels.
 * @csspart input - Inputs; also `passphrase-input`, `confirm-input`, `backup-file-input`, `backup-text-input`, `backup-passphrase-input`.
 * @csspart toggle-button - The "Show"/"Hide" button of a passphrase field.
 * @csspart hint - The passphrase advice.
 * @csspart field-error - A field's validation message.
 * @csspart strength - The strength feedback; `strength-level` (the level in words) and `strength-bar` (three decorative bars).
 * @csspart warning - The warning that a lost passphrase cannot be recovered.
 * @csspart error - Why the last action failed.
 * @csspart actions - The buttons.
 * @csspart submit-button - The main button of a form; also `create-button`, `import-button`, `unlock-button`.
 * @csspart switch-button - "Import a backup" / "Create a new identity instead".
 * @csspart progress - What is happening while busy ("Unlocking…").
 * @csspart backup - The key backup panel (a form: the passphrase, then "Download"); `created`, `backed-up`, `download-button`, `done-button`, `export-passphrase-field`, `export-passphrase-input`.
 * @csspart lockout - The lockout notice; `countdown` is the remaining time.
 * @csspart unlocked - The compact unlocked status; `status` ("Unlocked") and `lock-button`.
 * @csspart notice - Loading or not connected.
 * @csspart announcer - The visually hidden live region.
 *
 * @cssproperty [--seal-unlock-max-width=32rem] - Width of the forms.
 */
export class SealUnlock extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['lock-change'];

  /** Read-only, reflected for styling: `no-client`, `loading`, `no-identity`, `backup`, `locked` or `unlocked`. */
  @property({ reflect: true }) state: UnlockState = 'no-client';

  /** On first run, start with creating an identity (`create`) or importing a backup (`import`); the user can switch. */
  @property({ attribute: 'first-run' }) firstRun: 'create' | 'import' = 'create';

  /** Show the key backup panel while unlocked. Set after an identity is created; "Continue" clears it. */
  @property({ type: Boolean, attribute: 'offer-backup' }) offerBackup = false;

  /** Wrong passphrases allowed before delays start, as the client's lockout policy says. */
  #freeAttempts = 5;

  @state() private busy: UnlockBusy | null = null;
  @state() private failure: Text | null = null;
  @state() private fieldErrors: FieldErrors = {};
  @state() private strength: Strength = estimateStrength('');
  @state() private shown: ReadonlySet<PassphraseInput> = new Set();
  @state() private announcement: Text | null = null;
  @state() private lockoutChecked = false;
  @state() private justCreated = false;
  @state() private backedUp = false;

  #generation = 0;
  readonly #countdown = new LockoutCountdown(this, (event, minutes) => {
    if (event === 'ended') this.failure = null;
    this.announcement = event === 'started' ? () => t().lockoutStarted(minutes) : () => t().lockoutEnded;
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const client = this.sealClient;
    if (!client) this.state = 'no-client';
    else if (client.state === 'no-identity') this.state = 'no-identity';
    else if (client.state === 'locked') this.state = this.lockoutChecked ? 'locked' : 'loading';
    else this.state = this.offerBackup ? 'backup' : 'unlocked';
  }

  protected override clientChanged(client: SealClient | undefined): void {
    this.#countdown.clear();
    this.lockoutChecked = false;
    this.busy = null;
    this.failure = null;
    this.fieldErrors = {};
    if (client) void this.#checkLockout(client);
  }

  protected override onClientEvent(event: Event): void {
    const change = event as LockChangeEvent;
    if (change.state === 'unlocked') {
      this.#countdown.clear();
      if (change.reason === 'created') {
        this.offerBackup = true;
        this.justCreated = true;
      }
    } else if (change.state === 'locked' && change.reason !== 'closed') {
      this.announcement = () => t().lockedNow;
      const client = this.sealClient;
      if (client) void this.#checkLockout(client);
    }
    this.requestUpdate();
  }

  async #checkLockout(client: SealClient): Promise<void> {
    const generation = ++this.#generation;
    try {
      const status = await client.lockoutStatus();
      if (generation !== this.#generation) return;
      this.#freeAttempts = status.freeAttempts;
      this.#countdown.start(status.retryAt);
    } catch (error) {
      if (generation === this.#generation) this.failure = this.#errorText(this.reportError('lockout-status', error));
    } finally {
      if (generation === this.#generation) this.lockoutChecked = true;
    }
  }

  #errorText(code: string): Text {
    return () => commonStrings().error(code as never);
  }

  #field<T extends HTMLInputElement | HTMLTextAreaElement = HTMLInputElement>(id: string): T | null {
    return this.renderRoot.querySelector<T>(`#${id}`);
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #run(busy: UnlockBusy, operation: string, work: (client: SealClient) => Promise<void>, onError?: (error: unknown, code: string) => void): Promise<void> {
    const client = this.sealClient;
    if (!client || this.busy) return;
    this.busy = busy;
    this.failure = null;
    try {
      await work(client);
    } catch (error) {
      const code = this.reportError(operation, error);
      if (onError) onError(error, code);
      else this.failure = this.#errorText(code);
    } finally {
      this.busy = null;
    }
  }

  readonly #unlock = (event: Event) => {
    event.preventDefault();
    const input = this.#field('passphrase');
    if (!input || this.#countdown.active) return;
    if (!input.value) {
      this.fieldErrors = { passphrase: () => t().errorEmpty };
      void this.#focus('#passphrase');
      return;
    }
    this.fieldErrors = {};
    void this.#run(
      'unlocking',
      'unlock',
      async (client) => {
        await client.unlock(input.value);
        input.value = '';
        this.shown = new Set();
        this.announcement = () => t().unlockedNow;
      },
      (error, code) => {
        input.value = '';
        const failure = unlockFailure(error, this.#freeAttempts);
        this.failure = failure ? failure.text : this.#errorText(code);
        this.#countdown.start(failure?.retryAt);
        void this.#focus('#passphrase');
      },
    );
  };

  readonly #download = (event: Event) => {
    event.preventDefault();
    const input = this.#field('export-passphrase');
    if (!input || this.#countdown.active) return;
    if (!input.value) {
      this.fieldErrors = { 'export-passphrase': () => t().errorEmpty };
      void this.#focus('#export-passphrase');
      return;
    }
    this.fieldErrors = {};
    void this.#run(
      'exporting',
      'export-backup',
      async (client) => {
        const armored = await client.exportBackup(input.value);
        input.value = '';
        downloadText(armored, backupFileName(client.userId));
        this.dispatchEvent(new SealBackupExportEvent({ fingerprint: client.fingerprint ?? '' }));
        this.backedUp = true;
        this.announcement = () => t().downloaded;
      },
      (error, code) => {
        input.value = '';
        const failure = unlockFailure(error, this.#freeAttempts);
        this.failure = failure ? failure.text : this.#errorText(code);
        this.#countdown.start(failure?.retryAt);
        void this.#focus('#export-passphrase');
      },
    );
  };

  readonly #firstRun = ((element: SealUnlock) =>
    new FirstRunForms({
      get fieldErrors() {
        return element.fieldErrors;
      },
      set fieldErrors(errors) {
        element.fieldErrors = errors;
      },
      field: (id) => element.#field(id),
      focus: (selector) => element.#focus(selector),
      run: (busy, operation, work, onError) => element.#run(busy, operation, work, onError),
      strengthChanged: (passphrase) => (element.strength = estimateStrength(passphrase)),
      succeeded: (how) => {
        element.shown = new Set();
        element.announcement = how === 'created' ? () => t().created : () => t().imported;
        if (how === 'created') {
          element.offerBackup = element.justCreated = true;
          void element.#focus('#heading');
        }
      },
      fail: (text) => (element.failure = text),
    }))(this);

  readonly #actions: UnlockActions = {
    create: this.#firstRun.create,
    import: this.#firstRun.import,
    unlock: this.#unlock,
    passphraseInput: this.#firstRun.passphraseInput,
    confirmInput: this.#firstRun.confirmInput,
    fileChosen: (event) => void this.#firstRun.fileChosen(event),
    toggle: (input) => {
      const shown = new Set(this.shown);
      if (!shown.delete(input)) shown.add(input);
      this.shown = shown;
    },
    switchTo: (panel) => {
      this.firstRun = panel;
      this.fieldErrors = {};
      this.failure = null;
      this.strength = estimateStrength('');
      void this.#focus('#heading');
    },
    download: this.#download,
    done: () => {
      this.offerBackup = this.justCreated = this.backedUp = false;
      void this.#focus('[part~="lock-button"]');
    },
    lock: () => void this.#run('locking', 'lock', (client) => client.lock()),
  };

  protected override render() {
    const view = {
      busy: this.busy,
      failure: this.failure?.() ?? null,
      strength: this.strength,
      fieldErrors: errorTexts(this.fieldErrors),
      shown: this.shown,
      lockout: { active: this.#countdown.active, remaining: this.#countdown.remaining },
      justCreated: this.justCreated,
      backedUp: this.backedUp,
    };
    const body = {
      'no-client': () => html`<p part="notice" class="hint">${commonStrings().noClient}</p>`,
      loading: () => html`<p part="notice" class="hint" role="status">${commonStrings().loading}</p>`,
      'no-identity': () => (this.firstRun === 'import' ? renderImport(view, this.#actions) : renderCreate(view, this.#actions)),
      backup: () => renderBackup(view, this.#actions),
      locked: () => renderUnlock(view, this.#actions),
      unlocked: () => renderUnlocked(view, this.#actions),
    }[this.state]();
    return html`<div part="base" class="base">
      ${body}
      <p part="announcer" class="visually-hidden" role="status" aria-live="polite">${this.announcement?.() ?? ''}</p>
    </div>`;
  }
}
