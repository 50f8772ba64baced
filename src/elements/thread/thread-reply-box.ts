import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { AttachmentPicker } from '../shared/attachments/attachment-picker.js';
import { attachmentErrorText, attachmentStrings } from '../shared/attachments/attachments.strings.js';
import { commonStrings } from '../../localize/common.strings.js';
import { draftFileStrings } from '../shared/drafts/draft-files.strings.js';
import type { ReplyController } from './thread-reply.js';
import { threadStrings } from './thread.strings.js';

export interface ReplyBoxOptions {
  readonly reply: ReplyController;
  /** Replying is blocked (the portal's terms are not accepted). */
  readonly disabled: boolean;
  readonly name: (userId: string) => string;
  readonly onInput: (text: string) => void;
  readonly onSend: () => void;
  readonly onReviewKey: (userId: string) => void;
  /** Drag-and-drop handlers of the reply's files. */
  readonly drop: ReturnType<AttachmentPicker['dropHandlers']>;
}

function renderProblem(options: ReplyBoxOptions): TemplateResult | typeof nothing {
  const t = threadStrings();
  const problem = options.reply.problem;
  if (!problem) return nothing;
  switch (problem.kind) {
    case 'empty':
      return html`<p part="reply-error" id="reply-problem" class="field-error">${t.emptyReply}</p>`;
    case 'vetoed':
      return html`<p part="reply-error" id="reply-problem" class="notice" role="status">${t.vetoed}</p>`;
    case 'key-changed': {
      const name = options.name(problem.userId);
      return html`<div part="reply-error" id="reply-problem" class="error" role="alert">
        <p>${t.keyChangedSend(name)}</p>
        <button part="review-key-button" type="button" class="secondary" @click=${() => options.onReviewKey(problem.userId)}>${t.reviewKey(name)}</button>
      </div>`;
    }
    case 'error': {
      const reason = problem.files && problem.code === 'TOO_LARGE' ? attachmentStrings().filesTooLarge : attachmentErrorText(problem.code);
      return html`<p part="reply-error" id="reply-problem" class="error" role="alert">${reason} ${t.kept}</p>`;
    }
    case 'cancelled':
      return html`<p part="reply-error" id="reply-problem" class="notice" role="status">${attachmentStrings().cancelled}</p>`;
  }
}

/** Restoring or encrypting the draft's files, or why they were not restored. */
function renderDraftFiles(reply: ReplyController): TemplateResult | typeof nothing {
  const t = draftFileStrings();
  if (reply.restoring > 0) return html`<p part="draft-files-status" class="hint">${t.restoringFiles(reply.restoring)}</p>`;
  const problem = reply.filesProblem;
  if (problem) {
    const text = problem.kind === 'damaged' ? t.filesDamaged : t.filesNotRestored(commonStrings().error(problem.code));
    return html`<p part="draft-files-error" class="error" role="alert">${text}</p>`;
  }
  if (reply.savingFiles) return html`<p part="draft-files-status" class="hint">${t.savingFiles}</p>`;
  return nothing;
}

function draftLabel(status: ReplyController['draftStatus']): string {
  const t = threadStrings();
  return { idle: '', saving: t.draftSaving, saved: t.draftSaved, failed: t.draftFailed }[status];
}

/** The reply box: a text area named "Reply" and a "Send" button (Ctrl+Enter or ⌘+Enter sends). */
export function renderReply(options: ReplyBoxOptions): TemplateResult {
  const t = threadStrings();
  const { reply } = options;
  const describedBy = ['reply-hint', reply.problem ? 'reply-problem' : ''].filter(Boolean).join(' ');
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    options.onSend();
  };
  const { drop } = options;
  return html`<form
    part="reply"
    class="reply drop-target"
    aria-busy=${reply.busy || reply.restoring > 0 ? 'true' : 'false'}
    @submit=${(event: Event) => event.preventDefault()}
    @dragenter=${drop.dragenter}
    @dragover=${drop.dragover}
    @dragleave=${drop.dragleave}
    @drop=${drop.drop}
  >
    <label part="reply-label" for="reply">${t.reply}</label>
    <textarea
      part="reply-input"
      id="reply"
      .value=${live(reply.text)}
      ?disabled=${options.disabled}
      ?readonly=${reply.busy}
      aria-invalid=${reply.problem?.kind === 'empty' ? 'true' : 'false'}
      aria-describedby=${describedBy}
      @input=${(event: Event) => options.onInput((event.target as HTMLTextAreaElement).value)}
      @keydown=${onKeyDown}
    ></textarea>
    <p part="reply-hint" id="reply-hint" class="hint">${t.replyHint}</p>
    ${reply.files.renderFiles()} ${renderDraftFiles(reply)}
    <div part="reply-actions" class="reply-actions">
      <button part="send-button" type="button" ?disabled=${options.disabled || reply.busy || reply.restoring > 0} @click=${options.onSend}>${t.send}</button>
      ${reply.files.renderButton(options.disabled || reply.restoring > 0)}
      <span part="draft-status" class="hint">${draftLabel(reply.draftStatus)}</span>
    </div>
    ${renderProblem(options)} ${reply.files.renderDropZone()}
  </form>`;
}
