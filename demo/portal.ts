// Wires the portal page to Sealbox: a transport for the signed-in user, plus language and theme pickers.
import '../src/define.js';
import { BroadcastChannelTransport } from '../src/index.js';
import type { SealProvider } from '../src/elements/provider/provider.js';

const { userId, displayName, role } = document.body.dataset as { userId: string; displayName: string; role: string };
const provider = document.querySelector<SealProvider>('#sealbox')!;

// Until the portal has a backend relay, the patient and clinician tabs share a BroadcastChannel mailbox.
provider.transport = new BroadcastChannelTransport({ userId, displayName, role, channel: 'sealbox-demo' });

const consent = document.querySelector('seal-consent-banner');
if (consent) consent.purposes = [{ id: 'email-notifications' }, { id: 'care-team-access' }];

const locale = document.querySelector<HTMLSelectElement>('#locale')!;
locale.addEventListener('change', () => {
  provider.locale = locale.value;
  document.documentElement.lang = locale.value;
});

const theme = document.querySelector<HTMLSelectElement>('#theme')!;
theme.addEventListener('change', () => {
  provider.theme = theme.value as SealProvider['theme'];
  document.body.dataset.theme = theme.value;
});

// Integrators see ids and metadata only; this is the kind of hook a portal adds for its own analytics.
provider.addEventListener('seal-message-received', (event) => {
  document.title = `(new) ${document.title.replace(/^\(new\) /, '')}`;
  void event.detail.messageId;
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) document.title = document.title.replace(/^\(new\) /, '');
});
