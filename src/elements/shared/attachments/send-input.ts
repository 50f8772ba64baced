import type { SendInput } from '../../../core/types.js';
import type { AttachmentPicker } from './attachment-picker.js';

/** The chosen files, progress reporting and a cancel signal for `client.send`; nothing without files. */
export function attachmentSendInput(picker: AttachmentPicker): Pick<SendInput, 'attachments' | 'signal' | 'onProgress'> {
  if (picker.files.length === 0) return {};
  return { attachments: picker.files.map((chosen) => chosen.file), ...picker.begin() };
}
