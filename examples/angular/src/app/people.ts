import { MemoryRelay, type SealTransport } from 'sealbox';

export interface Person {
  readonly userId: string;
  readonly name: string;
  readonly role: 'Patient' | 'Clinician';
  readonly transport: SealTransport;
}

// Both people share one relay that lives in this page, so the example needs no backend: reloading the
// page empties it. A real portal gives each <seal-provider> its own transport instead, signed in as
// the portal's user, e.g. new HttpTransport({ baseUrl: '/sealbox', getAuthToken: () => session.token() }).
const relay = new MemoryRelay();

function person(userId: string, name: string, role: Person['role']): Person {
  return { userId, name, role, transport: relay.connect(userId, { displayName: name, role }) };
}

export const people: readonly Person[] = [person('ana', 'Ana Ruiz', 'Patient'), person('dr-lee', 'Dr. Lee', 'Clinician')];
