// The reference relay for browser tests, run by the test runner (test/helpers/relay-plugin.mjs).
import { executeServerCommand } from '@web/test-runner-commands';

export interface RelayAccount {
  userId: string;
  password: string;
  displayName: string;
  role: string;
  /** For a patient: the user ids of their care team, who then find each other in the directory. */
  careTeam?: string[];
}

type StartAnswer = { url: string } | { pending: string };

/**
 * Starts a relay on a fresh database with `accounts`, answering CORS for this page; resolves with its
 * URL. Starting can take longer than one command may (PGlite on a busy machine): this asks again
 * until it runs. Give the calling hook a timeout of a minute or more.
 */
export async function startRelay(accounts: RelayAccount[]): Promise<string> {
  let answer = await executeServerCommand<StartAnswer, { origin: string; users: RelayAccount[] }>('relay-start', { origin: location.origin, users: accounts });
  while ('pending' in answer) answer = await executeServerCommand<StartAnswer, { id: string }>('relay-wait', { id: answer.pending });
  return answer.url;
}

export async function stopRelay(url: string | undefined): Promise<void> {
  if (url) await executeServerCommand('relay-stop', { url });
}
