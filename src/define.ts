// Registers every Sealbox element. Import this module (side effect) or the individual
// `elements/<name>/seal-<name>.js` modules for only the tags you use.
import './elements/provider/seal-provider.js';
import './elements/unlock/seal-unlock.js';
import './elements/inbox/seal-inbox.js';
import './elements/thread/seal-thread.js';
import './elements/composer/seal-composer.js';
import './elements/contact-verify/seal-contact-verify.js';
import './elements/messenger/seal-messenger.js';
import './elements/consent-banner/seal-consent-banner.js';
import './elements/audit-log/seal-audit-log.js';
