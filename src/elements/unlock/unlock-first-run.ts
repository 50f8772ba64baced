import type { SealClient } from '../../core/client.js';
import type { SealErrorCode } from '../../core/errors.js';
import { commonStrings } from '../../localize/common.strings.js';
import { readBackupFile } from './unlock-backup.js';
import { estimateStrength, isUsable } from './unlock-strength.js';
import { createErrors, hasErrors, importErrors, importFailure, type FieldErrors, type Text } from './unlock-validation.js';
import type { UnlockBusy } from './unlock-views.js';
import { unlockStrings as t } from './unlock.strings.js';

/** What the first-run forms need from `<seal-unlock>`. */
export interface FirstRunHost {
  fieldErrors: FieldErrors;
  field<T extends HTMLInputElement | HTMLTextAreaElement = HTMLInputElement>(id: string): T | null;
  focus(selector: string): Promise<void>;
  run(busy: UnlockBusy, operation: string, work: (client: SealClient) => Promise<void>, onError?: (error: unknown, code: string) => void): Promise<void>;
  strengthChanged(passphrase: string): void;
  /** The identity was created (or imported) from the form; its inputs are already cleared. */
  succeeded(how: 'created' | 'imported'): void;
  fail(text: Text): void;
}

/** The first-run forms: create an identity, or import a key backup. */
export class FirstRunForms {
  readonly #host: FirstRunHost;

  constructor(host: FirstRunHost) {
    this.#host = host;
  }

  readonly passphraseInput = (event: Event) => {
    const passphrase = (event.target as HTMLInputElement).value;
    this.#host.strengthChanged(passphrase);
    const errors = this.#host.fieldErrors;
    if (errors.passphrase && isUsable(estimateStrength(passphrase).level)) this.#host.fieldErrors = { ...errors, passphrase: undefined };
  };

  readonly confirmInput = (event: Event) => {
    const errors = this.#host.fieldErrors;
    if (errors.confirm && (event.target as HTMLInputElement).value === this.#host.field('passphrase')?.value) {
      this.#host.fieldErrors = { ...errors, confirm: undefined };
    }
  };

  readonly create = (event: Event) => {
    event.preventDefault();
    const host = this.#host;
    const passphrase = host.field('passphrase');
    const confirm = host.field('confirm');
    if (!passphrase || !confirm) return;
    const errors = createErrors(passphrase.value, confirm.value);
    host.strengthChanged(passphrase.value);
    host.fieldErrors = errors;
    if (hasErrors(errors)) {
      void host.focus(errors.passphrase ? '#passphrase' : '#confirm');
      return;
    }
    void host.run('creating', 'create-identity', async (client) => {
      await client.createIdentity(passphrase.value);
      passphrase.value = confirm.value = '';
      host.strengthChanged('');
      host.succeeded('created');
    });
  };

  /** A chosen backup file fills in the text area, so there is one place to check and correct. */
  readonly fileChosen = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    const text = this.#host.field<HTMLTextAreaElement>('backup-text');
    if (!file || !text) return;
    const read = await readBackupFile(file);
    if ('text' in read) text.value = read.text;
    const problem: Text | undefined = 'text' in read ? undefined : read.problem === 'too-large' ? () => t().errorImportInvalid : () => t().errorUnreadable;
    this.#host.fieldErrors = { ...this.#host.fieldErrors, backup: problem };
  };

  readonly import = (event: Event) => {
    event.preventDefault();
    const host = this.#host;
    const text = host.field<HTMLTextAreaElement>('backup-text');
    const passphrase = host.field('backup-passphrase');
    if (!text || !passphrase) return;
    const errors = importErrors(text.value, passphrase.value);
    host.fieldErrors = errors;
    if (hasErrors(errors)) {
      void host.focus(errors.backup ? '#backup-text' : '#backup-passphrase');
      return;
    }
    void host.run(
      'importing',
      'import-backup',
      async (client) => {
        await client.importBackup(text.value.trim(), passphrase.value);
        text.value = passphrase.value = '';
        const file = host.field('backup-file');
        if (file) file.value = '';
        host.succeeded('imported');
      },
      (error, code) => {
        passphrase.value = '';
        const fixable = importFailure(error);
        if (fixable) host.fieldErrors = fixable;
        else host.fail(() => commonStrings().error(code as SealErrorCode));
        void host.focus(fixable?.backup ? '#backup-text' : '#backup-passphrase');
      },
    );
  };
}
