import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ContactState } from '../../core/contacts/contact.js';
import type { MessageSummary, ReadableMessage } from '../../core/types.js';
import type { OutboxItem } from '../../core/store/outbox.js';
import { commonStrings } from '../../localize/common.strings.js';
import { formatDateTime } from '../../localize/localize.js';
import { renderUpload, unfinished } from '../shared/attachments/attachment-upload.js';
import { renderContactState, renderMessageStatus } from '../shared/status.js';
import type { MessageView } from './thread-messages.js';
import { threadStrings } from './thread.strings.js';

export interface Participant {
  readonly userId: string;
  readonly name: string;
  readonly role: string | null;
  readonly state: ContactState | null;
}

/** The thread's title and everyone in it, with role and verification state in words. */
export function renderHeader(participants: readonly Participant[]): TemplateResult {
  const t = threadStrings();
  return html`<div part="header" class="header">
    <h2 part="title" class="title">${participants.length > 0 ? t.title(participants.map((person) => person.name).join(', ')) : t.titleNone}</h2>
    <ul part="participants" class="participants" aria-label=${t.participants}>
      ${participants.map(
        (person) => html`<li part="participant" class="participant">
          <span part="participant-name" class="name">${person.name}</span>
          ${person.name !== person.userId ? html`<span part="participant-id" class="user-id">${person.userId}</span>` : nothing}
          ${person.role ? html`<span part="participant-role" class="role">${person.role}</span>` : nothing}
          ${person.state ? renderContactState(person.state) : nothing}
        </li>`,
      )}
    </ul>
  </div>`;
}

export interface MessageContext {
  readonly name: (userId: string) => string;
  /** Whether this message's subject differs from the one before it. */
  readonly showSubject: boolean;
  readonly onCompare: (userId: string) => void;
  readonly onRetry: (messageId: string) => void;
  /** Stops the upload of the user's own message's files. */
  readonly onStopUpload: (messageId: string) => void;
  /** The attached files of a readable message. */
  readonly attachments: (message: ReadableMessage) => TemplateResult | typeof nothing;
  /** Upload progress of the user's own message, while its attachments upload. */
  readonly upload: (messageId: string) => OutboxItem['upload'] | undefined;
}

function renderDelivery(summary: MessageSummary, context: MessageContext): TemplateResult | typeof nothing {
  if (!summary.outgoing || summary.delivery === 'delivered') return nothing;
  const onRetry = context.onRetry;
  const t = threadStrings();
  const id = `delivery-${summary.id}`;
  if (summary.delivery === 'failed') {
    return html`<p part="delivery delivery-failed" class="delivery failed">
      <span id=${id}>${t.deliveryFailed}</span>
      <button id="retry-${summary.id}" part="retry-button" type="button" class="secondary" aria-describedby=${id} @click=${() => onRetry(summary.id)}>
        ${t.retry}
      </button>
    </p>`;
  }
  const text = summary.delivery === 'queued' ? t.deliveryQueued : t.deliverySending;
  const upload = context.upload(summary.id);
  return html`<p part="delivery delivery-${summary.delivery}" class="delivery">
    <span id=${id}>${text}</span> ${renderUpload(upload)}
    ${unfinished(upload)
      ? html`<button part="stop-upload-button" type="button" class="secondary" aria-describedby=${id} @click=${() => context.onStopUpload(summary.id)}>
          ${t.stopUpload}
        </button>`
      : nothing}
  </p>`;
}

function renderContent(view: MessageView, context: MessageContext): TemplateResult {
  const t = threadStrings();
  const { opened, summary } = view;
  if (!opened) {
    const text = view.failure ? `${t.openFailed} ${commonStrings().error(view.failure)}` : commonStrings().loading;
    return html`<p part="notice" class="notice">${text}</p>`;
  }
  if (opened.status === 'invalid') {
    // Never the content: only why it is withheld.
    return html`<div part="invalid" class="invalid" role="note">
      <p part="invalid-title" class="invalid-title">${opened.error.code === 'MALFORMED_ENVELOPE' ? t.unreadable : t.invalid}</p>
      <p>${commonStrings().error(opened.error.code)}</p>
    </div>`;
  }
  const name = context.name(summary.from);
  return html`${opened.status === 'key-changed'
      ? html`<div part="key-changed" class="key-changed" role="note">
          <p>${t.keyChanged(name)}</p>
          <button part="compare-button" type="button" class="secondary" @click=${() => context.onCompare(summary.from)}>${t.compare(name)}</button>
        </div>`
      : nothing}
    ${opened.signedWithPreviousKey ? html`<p part="previous-key" class="hint">${t.previousKey(name)}</p>` : nothing}
    ${context.showSubject ? html`<p part="subject" class="subject"><span class="label">${t.subject}</span> ${opened.subject}</p>` : nothing}
    <div part="body" class="body">${opened.body}</div>
    ${context.attachments(opened)}`;
}

/** One message: sender, time, verification status in words, delivery state, then subject and text. */
export function renderMessage(view: MessageView, context: MessageContext): TemplateResult {
  const { summary, opened } = view;
  const sender = summary.outgoing ? commonStrings().you : summary.from ? context.name(summary.from) : threadStrings().unknownSender;
  const headingId = `sender-${summary.id}`;
  const parts = ['message', summary.outgoing ? 'message-outgoing' : 'message-incoming', opened?.status === 'invalid' ? 'message-invalid' : ''].filter(Boolean).join(' ');
  return html`<li part=${parts} class="message ${summary.outgoing ? 'outgoing' : 'incoming'}">
    <article aria-labelledby=${headingId}>
      <div part="message-header" class="message-header">
        <h3 part="sender" class="sender" id=${headingId}>${sender}</h3>
        <time part="time" datetime=${summary.createdAt}>${formatDateTime(summary.createdAt)}</time>
        ${renderMessageStatus(opened?.status ?? summary.status)}
      </div>
      ${renderDelivery(summary, context)} ${renderContent(view, context)}
    </article>
  </li>`;
}

/** Subjects compared without their "Re:" prefixes. */
export function baseSubject(subject: string): string {
  return subject.replace(/^\s*(?:re:\s*)+/i, '').trim();
}

export interface MessageListOptions {
  readonly items: readonly MessageView[];
  /** Older messages exist that are not loaded yet. */
  readonly more: boolean;
  readonly loadingOlder: boolean;
  readonly name: (userId: string) => string;
  readonly onScroll: () => void;
  readonly onLoadOlder: () => void;
  readonly onCompare: (userId: string) => void;
  readonly onRetry: (messageId: string) => void;
  readonly onStopUpload: (messageId: string) => void;
  readonly attachments: MessageContext['attachments'];
  readonly upload: MessageContext['upload'];
}

/** The scrolling region: "Load older messages" (or the start of the thread), then the messages. */
export function renderMessageList(options: MessageListOptions): TemplateResult {
  const t = threadStrings();
  let previous = '';
  return html`<section part="messages" class="messages" tabindex="0" aria-label=${t.messages} @scroll=${options.onScroll}>
    ${options.more
      ? html`<button part="load-older-button" type="button" class="secondary load-older" ?disabled=${options.loadingOlder} @click=${options.onLoadOlder}>
          ${options.loadingOlder ? t.loadingOlder : t.loadOlder}
        </button>`
      : html`<p part="beginning" class="beginning">${t.beginning}</p>`}
    <ol part="message-list" class="message-list">
      ${repeat(
        options.items,
        (view) => view.summary.id,
        (view) => {
          const subject = view.opened && view.opened.status !== 'invalid' ? baseSubject(view.opened.subject) : null;
          const showSubject = subject !== null && subject !== previous;
          if (subject !== null) previous = subject;
          const { name, onCompare, onRetry, onStopUpload, attachments, upload } = options;
          return renderMessage(view, { name, showSubject, onCompare, onRetry, onStopUpload, attachments, upload });
        },
      )}
    </ol>
  </section>`;
}
