import { afterEach } from 'vitest';

export type Cleanup = () => Promise<void> | void;

/**
 * Call at the top of a test file: a test pushes what it opened, and after each test the list runs
 * newest first, so a driver and its simulator close their ports before the pty or server under
 * them goes away.
 */
export function useCleanups(): Cleanup[] {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return cleanups;
}
