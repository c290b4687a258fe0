import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RecordMode } from '../../shared/contract/index.ts';
import { JobQueue, JobTable, type JobKind, type JobQueueOptions, type JobTarget } from '../jobs/index.ts';
import { QueuedDeliveries } from './queuedDeliveries.ts';
import type { Store } from '../store/index.ts';
import { signatureHeaders, webhookBody, type WebhookOccurrence } from './webhookMessage.ts';
import type { WebhookEndpoint, WebhookEvent } from './webhookSettings.ts';

/** A delivery as webhook_jobs keeps it: the body exactly as it is sent on every attempt. */
const WebhookWork = z.object({ event: z.string(), subject: z.string(), body: z.string() }).strict();
type WebhookWork = z.infer<typeof WebhookWork>;

const WEBHOOK: JobKind<WebhookWork, string> = {
  name: 'webhook',
  parse: (payload) => WebhookWork.parse(JSON.parse(payload)),
  audit: {
    subjectType: 'webhook',
    kinds: { started: 'webhook.sending', done: 'webhook.sent', retrying: 'webhook.retrying', failed: 'webhook.failed', resumed: 'webhook.resumed' },
    resumedNote: 'The station stopped while this notice was being sent; sending it again (the receiver may get it twice, with the same delivery id)',
  },
};

/** A receiving system down for a while still gets its notices: about 4 hours of retries, 30 minutes apart at most. */
export const WEBHOOK_RETRY: Required<Pick<JobQueueOptions, 'maxAttempts' | 'retry'>> = { maxAttempts: 14, retry: { initialMs: 10_000, maxMs: 30 * 60_000 } };
const SEND_TIMEOUT_MS = 15_000;

/** Why an attempt failed, in words that never carry the address (a chat webhook's address is its secret). */
function failureWords(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  const code = cause && 'code' in cause ? String((cause as { code: unknown }).code) : null;
  if (code) return `could not reach the system (${code})`;
  if (cause?.message.includes('redirect')) return 'the system answered with a redirect, which is not followed: give its final address';
  return `could not send (${error instanceof Error ? error.message : String(error)})`;
}

/** An endpoint as a lane's target: always ready (a refused or failed attempt is retried with backoff). */
function endpointTarget(endpoint: WebhookEndpoint, now: () => Date): JobTarget<WebhookWork, string> {
  return {
    ready: () => true,
    watch: () => () => undefined,
    perform: async (job) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-mailscreen-delivery': String(job.id), 'x-mailscreen-event': job.work.event };
      if (endpoint.format === 'signed-json' && endpoint.secret) Object.assign(headers, signatureHeaders(endpoint.secret, job.work.body, now().getTime() / 1000));
      let response: Response;
      try {
        response = await fetch(endpoint.url, { method: 'POST', headers, body: job.work.body, redirect: 'error', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
      } catch (error) {
        throw new Error(failureWords(error), { cause: error });
      }
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) throw new Error(`the system answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    },
  };
}

export interface WebhookDeliveriesOptions {
  store: Store;
  endpoints: readonly WebhookEndpoint[];
  now: () => Date;
  queue?: JobQueueOptions;
}

/**
 * Notices to the site's other systems: each occurrence an endpoint asked for is a delivery queued in
 * the transaction that records its cause (the caller's), so it exists if and only if the step was
 * committed; it is sent by the job queue, one endpoint's deliveries in order, retried with backoff,
 * each state change on the record (webhook.sending, .sent, .retrying, .failed, .resumed).
 */
export class WebhookDeliveries extends QueuedDeliveries<WebhookWork> {
  readonly #store: Store;
  readonly #endpoints: ReadonlyMap<string, WebhookEndpoint>;

  constructor(options: WebhookDeliveriesOptions) {
    const endpoints = new Map(options.endpoints.map((endpoint) => [endpoint.name, endpoint]));
    super(
      new JobQueue(
        {
          store: options.store,
          jobs: new JobTable<WebhookWork>(options.store.db, 'webhook_jobs'),
          kind: WEBHOOK,
          targets: (lane) => {
            const endpoint = endpoints.get(lane);
            return endpoint ? endpointTarget(endpoint, options.now) : undefined;
          },
        },
        { ...WEBHOOK_RETRY, ...options.queue, now: options.now },
      ),
    );
    this.#store = options.store;
    this.#endpoints = endpoints;
  }

  /** Whether any endpoint wants this event of this mode (so the caller need not look up the subject). */
  wanted(event: WebhookEvent, mode: RecordMode): boolean {
    for (const endpoint of this.#endpoints.values()) if (endpoint.events.includes(event) && endpoint.modes.includes(mode)) return true;
    return false;
  }

  /** Queues the occurrence for every endpoint that asked for it. Call inside the transaction that records it. */
  queue(occurrence: WebhookOccurrence): void {
    for (const endpoint of this.#endpoints.values()) {
      if (!endpoint.events.includes(occurrence.event) || !endpoint.modes.includes(occurrence.mode)) continue;
      const body = webhookBody(endpoint.format, occurrence);
      const subject = occurrence.subject.incident?.number ?? occurrence.subject.item.custodyId;
      const job = this.jobs.add(endpoint.name, { event: occurrence.event, subject, body }, occurrence.mode);
      this.#store.audit.append({
        actor: 'station',
        kind: 'webhook.queued',
        subjectType: 'webhook',
        subjectId: String(job.id),
        mode: occurrence.mode,
        payload: { endpoint: endpoint.name, event: occurrence.event, subject, format: endpoint.format, bodySha256: createHash('sha256').update(body).digest('hex') },
      });
    }
  }
}
