import { z } from 'zod';
import { StationError } from './errors.ts';

/**
 * Messages on the web host's WebSocket. The first message from the page must be `hello` with the
 * per-start token (taken from the page URL's fragment, which never reaches a server log).
 */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().min(1).max(256) }),
  z.object({ type: z.literal('call'), id: z.number().int().nonnegative(), command: z.string().max(100), args: z.unknown() }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('result'),
    id: z.number().int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: StationError }),
    ]),
  }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** WebSocket path on the web host. */
export const WEB_SOCKET_PATH = '/station';
/** The URL fragment key that carries the token: http://127.0.0.1:PORT/#token=... */
export const TOKEN_FRAGMENT_KEY = 'token';
/** The web host's close code for a `hello` whose token is not this start's: the page needs the current link. */
export const BAD_TOKEN_CLOSE_CODE = 4003;
