import { html, nothing, type TemplateResult } from 'lit';
import { classMap } from 'lit/directives/class-map.js';
import type { SealErrorCode } from '../../core/errors.js';
import type { ThreadSummary } from '../../core/types.js';
import { commonStrings } from '../../localize/common.strings.js';
import { formatListTime } from '../../localize/localize.js';
import { renderMessageStatus } from '../shared/status.js';
import type { Preview } from './inbox-previews.js';
import { inboxStrings } from './inbox.strings.js';

export interface RowView {
  readonly thread: ThreadSummary;
  readonly index: number;
  /** aria-setsize: the number of threads, or -1 while more pages may follow. */
  readonly setSize: number;
  readonly names: string;
  /** The decrypted preview, if any. */
  readonly preview: Preview | undefined;
  /** While locked no subject is shown at all. */
  readonly locked: boolean;
  readonly active: boolean;
  readonly selected: boolean;
}

/** The id of a row's option element (for aria-activedescendant). */
export function rowId(index: number): string {
  return `thread-${index}`;
}

function renderSubject(view: RowView): TemplateResult | typeof nothing {
  const t = inboxStrings();
  const { preview } = view;
  if (view.locked) return nothing;
  if (!preview) return html`<span part="subject" class="subject" data-state="pending"><span part="subject-placeholder" class="placeholder" aria-hidden="true"></span></span>`;
  if (preview.status === 'invalid') return html`<span part="subject" class="subject hidden" data-state="hidden">${t.hidden}</span>`;
  return html`<span part="subject" class="subject" data-state="ready">${preview.subject.trim() || t.noSubject}</span>`;
}

/** One thread: correspondents, subject, time, unread count in words and the last message's status. */
export function renderRow(view: RowView): TemplateResult {
  const { thread } = view;
  const unread = thread.unreadCount > 0;
  const status = view.preview?.status ?? thread.lastMessageStatus;
  const parts = ['item', view.active ? 'item-active' : '', view.selected ? 'item-selected' : '', unread ? 'item-unread' : ''].filter(Boolean).join(' ');
  return html`<div
    part=${parts}
    class=${classMap({ row: true, active: view.active, unread })}
    role="option"
    id=${rowId(view.index)}
    data-index=${view.index}
    aria-selected=${view.selected ? 'true' : 'false'}
    aria-setsize=${view.setSize}
    aria-posinset=${view.index + 1}
  >
    <span part="item-header" class="line">
      <span part="correspondents" class="names">${view.names}</span>
      <time part="time" datetime=${thread.lastMessageAt}>${formatListTime(thread.lastMessageAt)}</time>
    </span>
    <span part="item-details" class="line details">
      ${renderSubject(view)}
      ${unread ? html`<span part="unread" class="unread">${inboxStrings().unread(thread.unreadCount)}</span>` : nothing}
      ${renderMessageStatus(status)}
      ${thread.invalidCount > 0 ? html`<span part="invalid-count" class="invalid-count">${inboxStrings().invalid(thread.invalidCount)}</span>` : nothing}
    </span>
  </div>`;
}

/** "No messages yet", with a "New message" button. */
export function renderEmpty(onCompose: () => void): TemplateResult {
  const t = inboxStrings();
  return html`<div part="empty" class="empty">
    <p part="empty-title" class="empty-title">${t.empty}</p>
    <p part="empty-hint" class="hint">${t.emptyHint}</p>
    <button part="new-message-button" type="button" @click=${onCompose}>${t.newMessage}</button>
  </div>`;
}

/** Why the threads could not be loaded, with "Try again". */
export function renderLoadError(code: SealErrorCode, onRetry: () => void): TemplateResult {
  const common = commonStrings();
  return html`<div part="error" class="error" role="alert">
    <p>${inboxStrings().loadFailed} ${common.error(code)}</p>
    <button part="retry-button" type="button" class="secondary" @click=${onRetry}>${common.retry}</button>
  </div>`;
}
