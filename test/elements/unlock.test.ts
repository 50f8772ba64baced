import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html } from 'lit';
import * as openpgp from 'openpgp';
import type { SealUnlock } from '../../src/elements/unlock/unlock.js';
import '../../src/elements/unlock/seal-unlock.js';
import type { SealBackupExportEvent } from '../../src/events/backup-export.js';
import type { SealErrorEvent } from '../../src/events/error.js';
import { MemoryRelay } from '../../src/index.js';
import { setLocale } from '../../src/localize/localize.js';
import * as stories from '../../stories/unlock.stories.js';
import { disposeScenarios, STORY_PASSPHRASE } from '../../stories/support/scenario.js';
import { cleanupClients, nextEvent, openClient, waitFor } from '../helpers/clients.js';
import { renderStory } from '../helpers/stories.js';
import { button, captureDownload, field, fill, part, queryButton, renderInProvider, text, waitForText } from '../helpers/unlock-page.js';

const { default: meta } = stories;
async function render(story: object, args: Record<string, unknown> = {}) {
  const rendered = await renderInProvider<SealUnlock>('seal-unlock', meta, story, args);
  await waitFor(() => rendered.el.getAttribute('state') !== 'loading', 5000, 'the lockout check');
  return rendered;
}
const announcer = (el: SealUnlock) => text(part(el, 'announcer'));
const strength = (el: SealUnlock) => text(part(el, 'strength-level'));

describe('<seal-unlock>', () => {
  afterEach(async () => {
    setLocale('en');
    await disposeScenarios();
    await cleanupClients();
  });

  it('creates an identity through the form, with strength feedback and the warning about lost passphrases', async () => {
    const { el, client } = await render(stories.FirstRun);
    expect(el.getAttribute('state')).to.equal('no-identity');
    const passphrase = field(el, 'Passphrase');
    const confirm = field(el, 'Confirm passphrase');
    expect(passphrase.type).to.equal('password');
    expect(passphrase.autocomplete).to.equal('new-password');
    expect(confirm.autocomplete).to.equal('new-password');
    expect(text(part(el, 'warning'))).to.include('Nobody can recover a lost passphrase').and.include('key backup');

    passphrase.focus();
    await sendKeys({ type: 'kettle' });
    await el.updateComplete;
    expect(strength(el)).to.equal('too short');
    expect(text(part(el, 'strength'))).to.include('Add at least 4 more characters.');
    await sendKeys({ type: ' meadow' });
    await el.updateComplete;
    expect(strength(el)).to.equal('fair');
    await sendKeys({ type: ' orange 42' });
    await el.updateComplete;
    expect(strength(el)).to.equal('strong');
    await fill(el, passphrase, 'aaaaaaaaaaaaaaaaaa');
    expect(strength(el)).to.equal('weak');
    await fill(el, passphrase, 'kettle meadow orange 42');

    confirm.focus();
    await sendKeys({ type: 'kettle meadow orange 24' });
    button(el, 'Create identity').click();
    await el.updateComplete;
    expect(text(part(el, 'confirm-field'))).to.include('The passphrases do not match.');
    expect(confirm.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.activeElement).to.equal(confirm);
    expect(client.state).to.equal('no-identity');
    await expect(el).to.be.accessible();

    await fill(el, confirm, 'kettle meadow orange 42');
    expect(part(el, 'field-error')).to.equal(null);
    button(el, 'Create identity').click();
    await el.updateComplete;
    expect(text(part(el, 'progress'))).to.equal('Creating your identity… This can take a few seconds.');
    expect(el.shadowRoot!.querySelector('fieldset')!.disabled).to.equal(true);
    await waitFor(() => client.state === 'unlocked' && el.getAttribute('state') === 'backup' && !el.shadowRoot!.querySelector('fieldset[disabled]'), 10000, 'the identity');
    expect(el.getAttribute('state')).to.equal('backup');
    expect(text(part(el, 'created'))).to.equal('✓ Your secure messaging identity is ready.');
    expect(queryButton(el, 'Download your encrypted key backup')).to.exist;
    expect(announcer(el)).to.equal('Your secure messaging identity is ready.');
    await expect(el).to.be.accessible();

    // The passphrase chosen in the form protects the key.
    await client.lock();
    await client.unlock('kettle meadow orange 42');
  });

  it('refuses a passphrase that is too short or too easy to guess', async () => {
    const { el, client } = await render(stories.FirstRun);
    for (const [weak, message] of [
      ['short one', 'Use at least 10 characters.'],
      ['password123', 'This passphrase is too easy to guess. Choose another one.'],
      ['1234567890', 'This passphrase is too easy to guess. Choose another one.'],
    ] as const) {
      await fill(el, field(el, 'Passphrase'), weak);
      await fill(el, field(el, 'Confirm passphrase'), weak);
      button(el, 'Create identity').click();
      await el.updateComplete;
      expect(text(part(el, 'passphrase-field'))).to.include(message);
      expect(el.shadowRoot!.activeElement).to.equal(field(el, 'Passphrase'));
    }
    expect(client.state).to.equal('no-identity');
  });

  it('shows and hides the passphrase with a named toggle', async () => {
    const { el } = await render(stories.FirstRun);
    const passphrase = field(el, 'Passphrase');
    button(el, 'Show passphrase').click();
    await el.updateComplete;
    expect(passphrase.type).to.equal('text');
    expect(button(el, 'Hide passphrase').getAttribute('aria-controls')).to.equal(passphrase.id);
    expect(field(el, 'Confirm passphrase').type).to.equal('password');
    button(el, 'Hide passphrase').click();
    await el.updateComplete;
    expect(passphrase.type).to.equal('password');
  });

  it('downloads the encrypted key backup: an armored, passphrase-protected private key', async () => {
    const { el, client } = await render(stories.Created);
    const exported = nextEvent<SealBackupExportEvent>(document, 'seal-backup-export');
    // The backup is given only with the passphrase.
    button(el, 'Download your encrypted key backup').click();
    await el.updateComplete;
    expect(text(part(el, 'export-passphrase-field'))).to.include('Type your passphrase.');
    await fill(el, field(el, 'Your passphrase'), 'not my passphrase');
    button(el, 'Download your encrypted key backup').click();
    await waitFor(() => part(el, 'error'), 10_000, 'the refusal');
    expect(text(part(el, 'error'))).to.include('passphrase');
    expect((await client.lockoutStatus()).failures).to.equal(1);
    await expect(el).to.be.accessible();
    await fill(el, field(el, 'Your passphrase'), STORY_PASSPHRASE);
    const download = await captureDownload(() => button(el, 'Download your encrypted key backup').click());
    expect((await client.lockoutStatus()).failures).to.equal(0);
    expect(download.fileName).to.equal('sealbox-key-backup-ana.asc');
    expect(download.revoked).to.equal(true);
    const armored = await download.blob.text();
    expect(armored).to.match(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    const key = await openpgp.readPrivateKey({ armoredKey: armored });
    expect(key.isDecrypted()).to.equal(false);
    expect(key.getFingerprint().toUpperCase()).to.equal(client.fingerprint);
    await openpgp.decryptKey({ privateKey: key, passphrase: STORY_PASSPHRASE });

    const event = await exported;
    expect(event.detail).to.deep.equal({ fingerprint: client.fingerprint });
    expect(event.bubbles && event.composed).to.equal(true);
    await waitForText(el, 'Backup downloaded. Keep the file somewhere safe.');
    await expect(el).to.be.accessible();

    button(el, 'Continue').click();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('unlocked');
    expect(text(part(el, 'status'))).to.equal('✓Unlocked');
  });

  it('imports a backup into a fresh client, explaining a wrong passphrase and a file that is not a backup', async () => {
    const { el, client, loaded } = await render(stories.ImportBackup);
    const backup = loaded.backup as string;
    expect(client.state).to.equal('no-identity');
    const textArea = field<HTMLTextAreaElement>(el, 'Or paste the backup text');
    const passphrase = field(el, 'Backup passphrase');
    expect(passphrase.type).to.equal('password');
    expect(passphrase.autocomplete).to.equal('current-password');

    // A file chosen with the file picker fills in its text.
    const files = new DataTransfer();
    files.items.add(new File([backup], 'sealbox-key-backup-ana.asc', { type: 'application/pgp-keys' }));
    const picker = field(el, 'Backup file');
    picker.files = files.files;
    picker.dispatchEvent(new Event('change'));
    await waitFor(() => textArea.value === backup, 5000, 'the file text');

    await fill(el, passphrase, 'not the passphrase');
    button(el, 'Import backup').click();
    await waitForText(el, 'That passphrase does not open this backup.');
    expect(passphrase.value).to.equal('');
    expect(client.state).to.equal('no-identity');

    // Someone else's backup.
    const other = await openClient(new MemoryRelay().connect('dr-lee'), 'dr-lee');
    await other.createIdentity(STORY_PASSPHRASE);
    await fill(el, textArea, await other.exportBackup(STORY_PASSPHRASE));
    await fill(el, passphrase, STORY_PASSPHRASE);
    button(el, 'Import backup').click();
    await waitForText(el, 'This is not a Sealbox key backup for your account.');

    await fill(el, textArea, 'hello, I am not a key');
    await fill(el, passphrase, STORY_PASSPHRASE);
    button(el, 'Import backup').click();
    await el.updateComplete;
    expect(part(el, 'field-error')).to.equal(null);
    await waitForText(el, 'This is not a Sealbox key backup for your account.');
    expect(textArea.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();

    await fill(el, textArea, backup);
    await fill(el, passphrase, STORY_PASSPHRASE);
    button(el, 'Import backup').click();
    await waitFor(() => el.getAttribute('state') === 'unlocked', 10000, 'the import');
    expect(client.fingerprint).to.equal((await openpgp.readPrivateKey({ armoredKey: backup })).getFingerprint().toUpperCase());
    await waitFor(() => announcer(el) === 'Your key was imported. Sealbox is unlocked.', 5000, 'the announcement');
  });

  it('says how many tries remain after a wrong passphrase, then unlocks with the right one and locks again', async () => {
    const { el, client } = await render(stories.Locked);
    expect(el.getAttribute('state')).to.equal('locked');
    const passphrase = field(el, 'Passphrase');
    expect(passphrase.autocomplete).to.equal('current-password');
    const reported = nextEvent<SealErrorEvent>(el, 'seal-error');
    await fill(el, passphrase, 'wrong passphrase');
    button(el, 'Unlock').click();
    await el.updateComplete;
    expect(text(part(el, 'progress'))).to.equal('Unlocking…');
    await waitForText(el, 'That passphrase is not correct. 4 tries left before you have to wait between tries.');
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect((await reported).detail).to.deep.equal({ code: 'WRONG_PASSPHRASE', operation: 'unlock' });
    expect(passphrase.value).to.equal('');
    await expect(el).to.be.accessible();

    await fill(el, passphrase, STORY_PASSPHRASE);
    button(el, 'Unlock').click();
    await waitFor(() => el.getAttribute('state') === 'unlocked', 5000, 'unlocked');
    expect(client.state).to.equal('unlocked');
    await waitFor(() => announcer(el) === 'Sealbox is unlocked.', 5000, 'the announcement');
    expect(text(part(el, 'status'))).to.include('Unlocked');
    await expect(el).to.be.accessible();

    button(el, 'Lock').click();
    await waitFor(() => el.getAttribute('state') === 'locked', 5000, 'locked');
    expect(client.state).to.equal('locked');
    expect(field(el, 'Passphrase').value).to.equal('');
    expect(announcer(el)).to.equal('Sealbox is locked.');
  });

  it('follows a lock that happens elsewhere (the auto-lock)', async () => {
    const { el, client } = await render(stories.Unlocked);
    expect(el.getAttribute('state')).to.equal('unlocked');
    await client.lock();
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('locked');
    expect(queryButton(el, 'Unlock')).to.exist;
  });

  it('counts the lockout down with "Unlock" disabled, announcing only its start', async () => {
    const { el, client } = await render(stories.LockedOut);
    await waitFor(() => part(el, 'countdown'), 5000, 'the countdown');
    expect((await client.lockoutStatus()).retryAt).to.be.greaterThan(Date.now());
    const unlock = button(el, 'Unlock');
    expect(unlock.disabled).to.equal(true);
    const first = text(part(el, 'countdown'));
    expect(first).to.match(/^Try again in [45]:\d\d\.$/);
    expect(announcer(el)).to.equal('Too many wrong passphrases. You can try again in about 5 minutes.');
    // The ticking text is not in a live region.
    expect(part(el, 'countdown')!.closest('[aria-live], [role="status"], [role="alert"]')).to.equal(null);
    await waitFor(() => text(part(el, 'countdown')) !== first, 3000, 'the next second');
    expect(announcer(el)).to.equal('Too many wrong passphrases. You can try again in about 5 minutes.');
    expect(button(el, 'Unlock').disabled).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('re-enables "Unlock" when a lockout ends and announces it', async () => {
    const relay = new MemoryRelay();
    const client = await openClient(relay.connect('ana'), 'ana', { lockout: { freeAttempts: 2, baseDelayMs: 1500 } });
    await client.createIdentity(STORY_PASSPHRASE);
    await client.lock();
    const el = await fixture<SealUnlock>(html`<seal-unlock .client=${client}></seal-unlock>`);
    await waitFor(() => el.getAttribute('state') === 'locked', 5000, 'locked');

    await fill(el, field(el, 'Passphrase'), 'wrong one');
    button(el, 'Unlock').click();
    await waitForText(el, 'That passphrase is not correct. 1 try left before you have to wait between tries.');
    await fill(el, field(el, 'Passphrase'), 'wrong two');
    button(el, 'Unlock').click();
    await waitFor(() => part(el, 'countdown'), 5000, 'the countdown');
    expect(button(el, 'Unlock').disabled).to.equal(true);
    expect(text(part(el, 'error'))).to.equal('That passphrase is not correct.');
    expect(announcer(el)).to.equal('Too many wrong passphrases. You can try again in about 1 minute.');

    await waitFor(() => !button(el, 'Unlock').disabled, 4000, 'the end of the lockout');
    expect(part(el, 'countdown')).to.equal(null);
    expect(announcer(el)).to.equal('You can try again now.');
    await fill(el, field(el, 'Passphrase'), STORY_PASSPHRASE);
    button(el, 'Unlock').click();
    await waitFor(() => el.getAttribute('state') === 'unlocked', 5000, 'unlocked');
  });

  it('speaks Spanish', async () => {
    const { el } = await render(stories.Spanish);
    expect(field(el, 'Frase de contraseña').type).to.equal('password');
    expect(field(el, 'Confirmar la frase de contraseña').type).to.equal('password');
    expect(queryButton(el, 'Crear identidad')).to.exist;
    expect(queryButton(el, 'Mostrar la frase de contraseña')).to.exist;
    expect(text(part(el, 'warning'))).to.include('Nadie puede recuperar una frase de contraseña perdida');
    await fill(el, field(el, 'Frase de contraseña'), 'corto');
    expect(strength(el)).to.equal('demasiado corta');
  });

  it('shows the lockout in Spanish', async () => {
    const { el } = await render(stories.SpanishLockedOut);
    await waitFor(() => part(el, 'countdown'), 5000, 'the countdown');
    expect(text(part(el, 'countdown'))).to.match(/^Vuelva a intentarlo dentro de [45]:\d\d\.$/);
    expect(button(el, 'Desbloquear').disabled).to.equal(true);
  });

  it('explains that it needs a client', async () => {
    const el = (await renderStory<SealUnlock>(meta, stories.NoClient)) as SealUnlock;
    expect(el.getAttribute('state')).to.equal('no-client');
    expect(text(part(el, 'notice'))).to.include('<seal-provider>');
  });

  for (const [name, story] of Object.entries(stories)) {
    if (name === 'default') continue;
    it(`story "${name}" passes axe`, async () => {
      const el =
        story === stories.NoClient ? await renderStory<SealUnlock>(meta, story) : (await render(story as object)).el;
      await waitFor(() => el.getAttribute('state') !== 'loading', 5000, 'loaded');
      await expect(el).to.be.accessible();
    });
  }
});
