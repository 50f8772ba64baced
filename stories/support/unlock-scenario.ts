/**
 * Story setup for `<seal-unlock>`: a person who already has an identity (and its backup) opening
 * Sealbox on a new device, where no identity exists yet.
 */
import { createSealClient, type SealClient } from '../../src/index.js';
import { createScenario, PEOPLE, STORY_PASSPHRASE, type Scenario } from './scenario.js';

export interface NewDeviceScenario {
  scenario: Scenario;
  /** Ana on the new device: `no-identity`. */
  client: SealClient;
  /** Ana's encrypted key backup from her first device (passphrase `STORY_PASSPHRASE`). */
  backup: string;
}

export async function createNewDeviceScenario(): Promise<NewDeviceScenario> {
  const scenario = await createScenario({ people: ['ana', 'dr-lee'] });
  const backup = await scenario.me.exportBackup(STORY_PASSPHRASE);
  const databaseName = `sealbox-story:ana-new-device:${crypto.randomUUID()}`;
  const client = await createSealClient({
    transport: scenario.relay.connect('ana', PEOPLE.ana),
    userId: 'ana',
    ...PEOPLE.ana,
    databaseName,
    keyProtection: 'iterated',
    pollIntervalMs: 0,
    lockout: { baseDelayMs: 5 * 60_000 },
  });
  // Closed and deleted with the rest of the scenario.
  scenario.clients['ana-new-device'] = client;
  const dispose = scenario.dispose;
  scenario.dispose = async () => {
    await dispose();
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(databaseName);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  };
  return { scenario, client, backup };
}
