import { useId, useState } from 'react';
import type { SealProvider } from 'sealbox';
import type { Person } from './people';

// Argon2 (the default) protects the key: the real KDF runs in Sealbox's worker. One object, made once,
// so a re-render hands the provider the same options and it keeps its client.
const options: SealProvider['options'] = { keyProtection: 'argon2' };

/** One person's secure messages: a provider signed in as them, with the all-in-one messenger inside. */
export function PersonPanel({ person }: { person: Person }) {
  const headingId = useId();
  const [unlocked, setUnlocked] = useState(false);
  const [sent, setSent] = useState(false);

  return (
    <section aria-labelledby={headingId}>
      <header>
        <h2 id={headingId}>{person.name}</h2>
        <span className="role">{person.role}</span>
        <span className="status">{[unlocked ? 'Unlocked' : 'Locked', sent ? 'Message sent' : ''].filter(Boolean).join(' · ')}</span>
      </header>
      {/* React 19 sets props the element has as properties (transport, options: objects), and an
          onseal-* prop listens to that seal-* event. */}
      <seal-provider
        transport={person.transport}
        userId={person.userId}
        displayName={person.name}
        userRole={person.role}
        options={options}
        onseal-lock-change={(event) => setUnlocked(event.detail.state === 'unlocked')}
      >
        <seal-messenger onseal-after-send={() => setSent(true)} />
      </seal-provider>
    </section>
  );
}
