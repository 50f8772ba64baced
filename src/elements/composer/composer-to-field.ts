import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { SealClient } from '../../core/client.js';
import { contactStateLabel, renderContactState } from '../shared/status.js';
import { RecipientList, type Recipient } from '../shared/recipients/recipient-list.js';
import { DirectorySearch, type RecipientOption } from './composer-search.js';
import { composerStrings } from './composer.strings.js';

type Host = ReactiveControllerHost & { readonly renderRoot: HTMLElement | DocumentFragment };

export interface ToFieldCallbacks {
  /** Recipients changed (save the draft). */
  readonly changed: () => void;
  /** Text was typed (recheck errors). */
  readonly typed: () => void;
  /** Speak through the polite live region. */
  readonly announce: (text: string) => void;
}

/** The "To" field's behaviour: recipients, the directory search, and the combobox keys. */
export class ToField {
  readonly recipients: RecipientList;
  readonly search: DirectorySearch;

  constructor(
    private readonly host: Host,
    client: () => SealClient | undefined,
    private readonly callbacks: ToFieldCallbacks,
  ) {
    this.recipients = new RecipientList(host, client);
    this.search = new DirectorySearch(host, client, () => this.recipients.ids);
  }

  focus(options?: FocusOptions): void {
    this.host.renderRoot.querySelector<HTMLInputElement>('#to')?.focus(options);
  }

  pick(option: RecipientOption): void {
    const adding = this.recipients.add({ userId: option.userId, displayName: option.displayName, role: option.role });
    this.search.reset();
    this.focus();
    this.callbacks.changed();
    void adding.then((added) => {
      if (added && added.state !== 'checking') this.callbacks.announce(composerStrings().added(added.name, contactStateLabel(added.state)));
    });
  }

  remove(recipient: Recipient, refocus: boolean): void {
    this.recipients.remove(recipient.userId);
    this.callbacks.announce(composerStrings().removed(recipient.name));
    if (refocus) this.focus();
    this.callbacks.changed();
  }

  readonly onInput = (event: InputEvent) => {
    this.search.input((event.target as HTMLInputElement).value);
    this.callbacks.typed();
  };

  readonly onKeyDown = (event: KeyboardEvent) =>
    this.search.keydown(event, {
      pick: (option) => this.pick(option),
      removeLast: () => {
        const last = this.recipients.items.at(-1);
        if (last) this.remove(last, false);
        return last !== undefined;
      },
    });

  /** `concealed` hides names while the vault is locked. */
  render(concealed: boolean, error: string | null): TemplateResult {
    return renderToField(this, concealed, error);
  }
}

function renderChip(recipient: Recipient, field: ToField): TemplateResult {
  const t = composerStrings();
  return html`<li part="recipient" class="chip" data-state=${recipient.state}>
    <span class="chip-text">
      <span part="recipient-name" class="chip-name">${recipient.name}</span>
      ${recipient.name !== recipient.userId ? html`<span part="recipient-id" class="chip-id">${recipient.userId}</span>` : nothing}
      ${recipient.previousName !== null ? html`<span part="recipient-renamed" class="chip-renamed">${t.renamed(recipient.previousName)}</span>` : nothing}
      ${recipient.role ? html`<span part="recipient-role" class="chip-role">${recipient.role}</span>` : nothing}
      ${recipient.state === 'checking' ? html`<span class="hint">${t.checking}</span>` : renderContactState(recipient.state)}
    </span>
    <button type="button" part="remove-button" class="chip-remove" aria-label=${t.remove(recipient.name)} @click=${() => field.remove(recipient, true)}>
      <span aria-hidden="true">×</span>
    </button>
  </li>`;
}

function renderOption(option: RecipientOption, index: number, field: ToField): TemplateResult {
  const t = composerStrings();
  const active = index === field.search.active;
  return html`<li
    id="to-option-${index}"
    role="option"
    part="option${active ? ' option-active' : ''}"
    class="option"
    aria-selected=${active ? 'true' : 'false'}
    @mousedown=${(event: Event) => event.preventDefault()}
    @click=${() => field.pick(option)}
  >
    ${option.exact
      ? html`<span class="option-name">${t.useId(option.userId)}</span>`
      : html`<span class="option-name">${option.displayName}</span>
          ${option.displayName !== option.userId ? html`<span part="option-id" class="option-id">${option.userId}</span>` : nothing}
          ${option.role ? html`<span class="option-role">${option.role}</span>` : nothing}`}
  </li>`;
}

function statusText(search: DirectorySearch): string {
  const t = composerStrings();
  if (!search.query.trim()) return '';
  switch (search.status) {
    case 'searching':
      return t.searching;
    case 'results':
      return t.found(search.options.length);
    case 'none':
      return t.noneFound;
    case 'failed':
      return t.searchFailed;
    default:
      return '';
  }
}

/** The "To" field: chosen recipients as chips, and a combobox that searches the directory. */
function renderToField(field: ToField, concealed: boolean, error: string | null): TemplateResult {
  const t = composerStrings();
  const { search } = field;
  const recipients = field.recipients.items;
  const expanded = search.open && search.options.length > 0;
  const describedBy = error ? 'to-hint to-error' : 'to-hint';
  return html`<div part="field to-field" class="field">
    <label for="to" part="label">${t.to}</label>
    <div part="to-box" class="to-box">
      ${recipients.length > 0 && !concealed
        ? html`<ul part="recipients" class="chips" aria-label=${t.recipients}>${recipients.map((recipient) => renderChip(recipient, field))}</ul>`
        : nothing}
      <input
        id="to"
        part="to-input"
        type="text"
        role="combobox"
        autocomplete="off"
        spellcheck="false"
        aria-autocomplete="list"
        aria-controls="to-listbox"
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-activedescendant=${expanded && search.active >= 0 ? `to-option-${search.active}` : nothing}
        aria-describedby=${describedBy}
        aria-invalid=${error ? 'true' : 'false'}
        .value=${live(concealed ? '' : search.query)}
        @input=${field.onInput}
        @keydown=${field.onKeyDown}
        @blur=${() => search.close()}
      />
    </div>
    <ul id="to-listbox" role="listbox" part="listbox" class="listbox" aria-label=${t.to} ?hidden=${!expanded}>
      ${expanded ? search.options.map((option, index) => renderOption(option, index, field)) : nothing}
    </ul>
    <p id="to-status" class="hint" role="status">${concealed ? '' : statusText(search)}</p>
    <p id="to-hint" class="hint">${t.toHint}</p>
    ${error ? html`<p id="to-error" part="field-error" class="field-error">${error}</p>` : nothing}
  </div>`;
}
