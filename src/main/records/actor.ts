import { userInfo } from 'node:os';

/** Who acts from the admin CLI: the OS account, since no operator logs in there. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No passwd entry (some containers): the uid still says who.
    return `cli:uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
