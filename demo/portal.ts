// Wires the portal page to Sealbox: the portal's sign-in, an HttpTransport to the relay for the
// signed-in user, plus language and theme pickers.
import '../src/define.js';
import { HttpTransport } from '../src/index.js';
import type { SealProvider } from '../src/elements/provider/provider.js';
import { DEMO_PASSWORD, PortalSession } from './portal-session.js';

const { userId, displayName } = document.body.dataset as { userId: string; displayName: string };
const provider = document.querySelector<SealProvider>('#sealbox')!;
const signInForm = document.querySelector<HTMLFormElement>('#sign-in')!;
const signInStatus = document.querySelector<HTMLElement>('#sign-in-status')!;
const userBadge = document.querySelector<HTMLElement>('.user')!;

// `npm start` serves the pages and passes /v1 to the relay, so the relay is this page's own origin.
const session = new PortalSession(location.origin, userId);

const SIGN_IN_PROBLEMS = {
  'wrong-password': 'That password was not accepted. The demo password is "demo" unless the relay was started with DEMO_PASSWORD.',
  unreachable: 'The relay cannot be reached. Start the demo with "npm start" and reload this page.',
  failed: 'Signing in failed. Reload the page to try again.',
} as const;

function connect(): void {
  const transport = new HttpTransport({ baseUrl: location.origin, getAuthToken: () => session.token });
  // The token expired (the relay's sessions last 12 hours): sign in again; the outbox retries failed sends.
  transport.addEventListener('auth-expired', () => void session.renew());
  provider.transport = transport;
  provider.hidden = false;
  signInForm.hidden = true;
  userBadge.replaceChildren('Signed in as ', Object.assign(document.createElement('strong'), { textContent: displayName }));
}

async function signIn(password: string): Promise<void> {
  signInStatus.textContent = 'Signing in…';
  const result = await session.signIn(password);
  if (result.ok) return connect();
  signInForm.hidden = false;
  signInStatus.textContent = SIGN_IN_PROBLEMS[result.reason];
  userBadge.textContent = 'Not signed in';
}

signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void signIn(new FormData(signInForm).get('password') as string);
});
// The demo signs each page in with the demo password; the form appears only if that is refused.
void signIn(DEMO_PASSWORD);

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
