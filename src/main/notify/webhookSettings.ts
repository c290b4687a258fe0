import { z } from 'zod';
import { RecordMode } from '../../shared/contract/index.ts';

/** What the station tells the site's other systems about, in the domain's words. */
export const WEBHOOK_EVENTS = ['item.received', 'item.cleared', 'item.delivered', 'item.markedSuspect', 'incident.opened', 'incident.closed'] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/**
 * How the body is written: `signed-json` for systems that check the signature (the default), or
 * the incoming-webhook format of a chat channel (`slack`, `teams`), which has no signature to check.
 */
export const WebhookFormat = z.enum(['signed-json', 'slack', 'teams']);
export type WebhookFormat = z.infer<typeof WebhookFormat>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere; plain http only to this machine (a relay or a test), never across a network. */
function sendableUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/** One receiving system, as station.json `webhooks[]` names it. */
export const WebhookEndpoint = z
  .object({
    /** The lane its deliveries wait in, and the name the history shows. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a name of lower-case letters, digits and dashes, at most 40'),
    url: z.string().max(2048).refine(sendableUrl, 'an https:// address (plain http:// only to 127.0.0.1 or localhost), without a user name or password in it'),
    format: WebhookFormat.default('signed-json'),
    /** The HMAC key of `signed-json` (at least 32 characters); never sent, never logged, never stored in the database. */
    secret: z.string().min(32, 'at least 32 characters').max(512).optional(),
    events: z.array(WebhookEvent).min(1).default([...WEBHOOK_EVENTS]),
    /** Demo and drill items are made up: they go out only to an endpoint that asks for them. */
    modes: z.array(RecordMode).min(1).default(['live']),
  })
  .strict()
  .superRefine((endpoint, ctx) => {
    if (endpoint.format === 'signed-json' && endpoint.secret === undefined) {
      ctx.addIssue({ code: 'custom', path: ['secret'], message: 'a signed-json endpoint needs a secret (at least 32 characters) to sign with' });
    }
  });
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookSettings = z
  .array(WebhookEndpoint)
  .max(20)
  .superRefine((endpoints, ctx) => {
    const seen = new Set<string>();
    endpoints.forEach((endpoint, index) => {
      if (seen.has(endpoint.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `"${endpoint.name}" names two endpoints; give each its own name` });
      seen.add(endpoint.name);
    });
  });
export type WebhookSettings = z.infer<typeof WebhookSettings>;
