import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AuditEntry, AuditKind } from '../../core/audit/audit-types.js';
import type { AuditVerification } from '../../core/audit/verify-audit-log.js';
import type { SealClient } from '../../core/client.js';
import { commonStrings } from '../../localize/common.strings.js';
import { formatDateTime } from '../../localize/localize.js';
import { SealElement } from '../seal-element.js';
import styles from './audit-log.styles.js';
import { auditStrings } from './audit-log.strings.js';

/** Groups the filter offers. */
export type AuditFilter = 'all' | 'access' | 'messages' | 'contacts' | 'consent';

const GROUPS: Record<Exclude<AuditFilter, 'all'>, readonly AuditKind[]> = {
  access: ['identity-created', 'identity-imported', 'unlock-succeeded', 'unlock-failed', 'lockout', 'lock', 'passphrase-changed', 'backup-exported', 'local-data-wiped'],
  messages: ['message-sent', 'message-opened', 'attachment-sent', 'attachment-opened', 'verification-failed', 'decryption-burst'],
  contacts: ['contact-key-change-seen', 'contact-key-change-accepted', 'contact-verified', 'contact-name-changed', 'stored-data-altered'],
  consent: ['consent-given', 'consent-declined', 'consent-withdrawn'],
};

const PAGE = 50;

/**
 * Entries hold ids and metadata only ("Message from Dr. Lee opened on this device"), never message
 * content. The export is the raw chain with its signatures; `verifyExportedAuditLog()` checks it with
 * the user's public key. Readable while locked: the log and its check need no private key.
 *
 * @summary The user's own security activity in plain words, with the log's integrity and an export
 * for compliance officers.
 * @tag seal-audit-log
 *
 * @csspart base - The wrapper.
 * @csspart controls - The filter and export controls.
 * @csspart integrity - The integrity status of the hash chain and its signatures.
 * @csspart list - The list of entries.
 * @csspart entry - One entry.
 */
export class SealAuditLog extends SealElement {
  static override styles = styles;
  protected static override clientEvents = ['audit-append', 'contact-change'];

  /** Which kinds of activity to show. */
  @property() filter: AuditFilter = 'all';

  @state() private entries: AuditEntry[] | null = null;
  @state() private names = new Map<string, string>();
  @state() private verification: AuditVerification | null = null;
  @state() private shown = PAGE;
  @state() private errorCode: string | null = null;

  protected override clientChanged(client: SealClient | undefined): void {
    this.entries = null;
    this.verification = null;
    if (client) void this.#load(client);
  }

  protected override onClientEvent(): void {
    const client = this.sealClient;
    if (client) void this.#load(client);
  }

  async #load(client: SealClient): Promise<void> {
    try {
      const entries = await client.auditEntries();
      const ids = new Set<string>();
      for (const entry of entries) {
        for (const key of ['from', 'userId'] as const) if (typeof entry.data[key] === 'string') ids.add(entry.data[key] as string);
        if (typeof entry.data.to === 'string') for (const id of (entry.data.to as string).split(',')) ids.add(id);
      }
      const names = new Map<string, string>();
      await Promise.all([...ids].map(async (id) => names.set(id, (await client.getContact(id))?.displayName ?? id)));
      this.names = names;
      this.entries = entries.reverse();
      this.errorCode = null;
      this.verification = await client.verifyAuditLog();
    } catch (error) {
      this.errorCode = this.reportError('audit-log', error);
    }
  }

  #describe(entry: AuditEntry): string {
    const data = entry.data;
    const name = (id: unknown) => (typeof id === 'string' ? (this.names.get(id) ?? id) : '');
    const kind =
      entry.kind === 'lock' && data.reason === 'idle'
        ? 'lock-idle'
        : entry.kind === 'stored-data-altered' && data.record === 'record-key'
          ? 'stored-data-altered-record-key'
          : entry.kind;
    return auditStrings().entry(kind, {
      name: name(data.from ?? data.userId),
      names: typeof data.to === 'string' ? data.to.split(',').map(name).join(', ') : '',
      count: Number(data.count ?? 0),
      version: String(data.version ?? ''),
      failures: Number(data.failures ?? 0),
    });
  }

  async #export(): Promise<void> {
    const client = this.sealClient;
    if (!client) return;
    try {
      const exported = await client.exportAuditLog();
      const url = URL.createObjectURL(new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `sealbox-audit-${client.userId}-${new Date().toISOString().slice(0, 10)}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      this.errorCode = this.reportError('audit-export', error);
    }
  }

  protected renderIntegrity() {
    const t = auditStrings();
    const v = this.verification;
    if (!v) return html`<p part="integrity" role="status">${t.checking}</p>`;
    if (v.problem === 'truncated') return html`<p part="integrity" class="broken" role="alert">${t.truncated(v.signedThrough, v.knownThrough ?? 0)}</p>`;
    if (!v.intact) return html`<p part="integrity" class="broken" role="alert">${t.broken(v.brokenAt ?? 0)}</p>`;
    return html`<p part="integrity" role="status">${t.intact(v.signedThrough, v.entries)}</p>`;
  }

  protected override render() {
    const t = auditStrings();
    if (!this.sealClient) return html`<p class="hint">${commonStrings().noClient}</p>`;
    const visible = (this.entries ?? []).filter((entry) => this.filter === 'all' || GROUPS[this.filter].includes(entry.kind));
    return html`
      <section part="base" aria-labelledby="heading">
        <h2 id="heading">${t.heading}</h2>
        <div part="controls">
          <label
            >${t.show}
            <select @change=${(event: Event) => (this.filter = (event.target as HTMLSelectElement).value as AuditFilter)}>
              ${(['all', 'access', 'messages', 'contacts', 'consent'] as const).map(
                (value) =>
                  html`<option value=${value} ?selected=${this.filter === value}>
                    ${{ all: t.filterAll, access: t.filterAccess, messages: t.filterMessages, contacts: t.filterContacts, consent: t.filterConsent }[value]}
                  </option>`,
              )}
            </select></label
          >
          <button type="button" class="secondary" @click=${() => this.#export()}>${t.export}</button>
        </div>
        ${this.renderIntegrity()}
        ${this.errorCode ? html`<p class="error" role="alert">${commonStrings().error(this.errorCode as never)}</p>` : nothing}
        ${this.entries === null
          ? html`<p role="status">${commonStrings().loading}</p>`
          : visible.length === 0
            ? html`<p>${t.empty}</p>`
            : html`<ol part="list">
                ${visible.slice(0, this.shown).map(
                  (entry) => html`<li part="entry">
                    <span>${this.#describe(entry)}</span><time datetime=${entry.at}>${formatDateTime(entry.at)}</time>
                  </li>`,
                )}
              </ol>`}
        ${visible.length > this.shown
          ? html`<button type="button" class="secondary" @click=${() => (this.shown += PAGE)}>${t.older}</button>`
          : nothing}
      </section>
    `;
  }
}
