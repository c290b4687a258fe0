import type { CommandContext } from '../../commands/index.ts';

/** A step that checks a second person's PIN: one PIN check at a time per screen, as for a login. */
export function secondPin<T>({ session }: CommandContext, carriesPin: boolean, step: () => Promise<T>): Promise<T> {
  return carriesPin ? session.checkingPin(step) : step();
}
