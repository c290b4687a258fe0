// Errors from serialport, node-hid, net and fs arrive as Errors, plain strings or objects with a
// `code`; every transport and driver turns them into status text the same way.

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** An Error from the OS keeps its errno code (ENOENT, EACCES, …) so callers can classify it. */
export function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}
