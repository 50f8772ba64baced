import { SealAuditLog } from './audit-log.js';

export { SealAuditLog };
if (!customElements.get('seal-audit-log')) customElements.define('seal-audit-log', SealAuditLog);

declare global {
  interface HTMLElementTagNameMap {
    'seal-audit-log': SealAuditLog;
  }
}
