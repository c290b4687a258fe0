import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { RecordMode } from '../../../shared/contract/index.ts';
import { JobQueue, JobRefused, JobTable, type JobKind, type JobQueueOptions, type JobTarget } from '../../jobs/index.ts';
import { QueuedDeliveries } from '../queuedDeliveries.ts';
import type { Store } from '../../store/index.ts';
import type { NoticeKind } from './noticeMessage.ts';
import type { SmtpSettings } from './noticeSettings.ts';

/** A file sent with a notice, as text (a signature's SVG). */
const NoticeAttachment = z.object({ filename: z.string().max(100), contentType: z.literal('image/svg+xml'), content: z.string().max(500_000) }).strict();
export type NoticeAttachment = z.infer<typeof NoticeAttachment>;

/** A notice as notice_jobs keeps it: the message exactly as it is sent on every attempt. */
const NoticeWork = z
  .object({
    custodyId: z.string(),
    notice: z.enum(['ready', 'reminder', 'escalation', 'security-alert', 'receipt']),
    to: z.array(z.string()).min(1),
    subject: z.string(),
    text: z.string(),
    /** A receipt's signature image: content given here, never a path or URL for the mailer to fetch. */
    attachments: z.array(NoticeAttachment).max(2).optional(),
  })
  .strict();
export type NoticeWork = z.infer<typeof NoticeWork>;

const NOTICE: JobKind<NoticeWork, string> = {
  name: 'notice',
  parse: (payload) => NoticeWork.parse(JSON.parse(payload)),
  audit: {
    subjectType: 'notice',
    kinds: { started: 'notice.sending', done: 'notice.sent', retrying: 'notice.retrying', failed: 'notice.failed', resumed: 'notice.resumed', refused: 'notice.bounced' },
    resumedNote: 'The station stopped while this notice was being sent; sending it again (it may arrive twice)',
  },
};

/** The one lane: notices go out one at a time, in order, through the site's mail server. */
const LANE = 'smtp';
/** A mail server down for a while still gets the notices: about 6 hours of retries, 30 minutes apart at most. */
export const NOTICE_RETRY: Required<Pick<JobQueueOptions, 'maxAttempts' | 'retry'>> = { maxAttempts: 16, retry: { initialMs: 30_000, maxMs: 30 * 60_000 } };
const DEFAULT_TIMEOUT_MS = 20_000;

/** What nodemailer's errors say, in words; a refusal of the addresses is final (it bounced), anything else is tried again. */
function sendFailure(error: unknown): Error {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const reply = e.response ? e.response.replace(/\p{Cc}+/gu, ' ').slice(0, 200) : null;
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.code === 'EENVELOPE') {
    return new JobRefused(`the mail server refused the address (${reply ?? e.responseCode})`);
  }
  if (e.code === 'EAUTH') return new Error(`the mail server refused the station's user name or password (${e.responseCode ?? 'no code'})`);
  if (e.code === 'ETLS' || /certificate|TLS|SSL/i.test(e.message ?? '')) return new Error(`the mail server's TLS was refused (${e.message ?? e.code})`);
  if (e.code === 'ETIMEDOUT' || e.code === 'ECONNECTION' || e.code === 'ESOCKET' || e.code === 'ECONNREFUSED') return new Error(`could not reach the mail server (${e.code}${e.message?.includes('Timeout') ? ', no answer in time' : ''})`);
  if (reply) return new Error(`the mail server answered: ${reply}`);
  return new Error(`could not send (${e.message ?? String(error)})`);
}

function smtpTarget(smtp: SmtpSettings, ca: string | null, timeoutMs: number): JobTarget<NoticeWork, string> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    // STARTTLS is required, never optional: a server that does not offer it is not sent to in the clear.
    requireTLS: smtp.security === 'starttls',
    ...(smtp.user && smtp.password ? { auth: { user: smtp.user, pass: smtp.password } } : {}),
    tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true, ...(ca ? { ca } : {}) },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  });
  return {
    ready: () => true,
    watch: () => () => undefined,
    perform: async (job) => {
      try {
        await transport.sendMail({
          from: smtp.from,
          to: job.work.to,
          subject: job.work.subject,
          text: job.work.text,
          ...(job.work.attachments ? { attachments: job.work.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) } : {}),
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (error) {
        throw sendFailure(error);
      }
    },
  };
}

export interface NoticeDeliveriesOptions {
  store: Store;
  smtp: SmtpSettings;
  /** The CA file's content when the site's mail server has a private CA. */
  ca: string | null;
  now: () => Date;
  queue?: JobQueueOptions;
  /** How long the mail server may take to connect, greet or answer (20 s). */
  timeoutMs?: number;
}

/**
 * E-mail notices: each is queued in the transaction that records its cause (an item cleared or
 * marked suspect, the reminder schedule), sent through the site's mail server by the job queue with
 * backoff; each state change on the record (notice.queued, .sending, .sent, .retrying, .bounced when
 * the server refuses the address, .failed). The addressees stay in notice_jobs: the audit log holds
 * how many and the message's hash.
 */
export class NoticeDeliveries extends QueuedDeliveries<NoticeWork> {
  readonly #store: Store;

  constructor(options: NoticeDeliveriesOptions) {
    const target = smtpTarget(options.smtp, options.ca, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    super(
      new JobQueue(
        { store: options.store, jobs: new JobTable<NoticeWork>(options.store.db, 'notice_jobs'), kind: NOTICE, targets: (lane) => (lane === LANE ? target : undefined) },
        { ...NOTICE_RETRY, ...options.queue, now: options.now },
      ),
    );
    this.#store = options.store;
  }

  /** Queues a notice. Call inside the transaction that records its cause. */
  queue(notice: { custodyId: string; kind: NoticeKind; to: readonly string[]; subject: string; text: string; attachments?: NoticeAttachment[] }, mode: RecordMode): void {
    const work: NoticeWork = {
      custodyId: notice.custodyId,
      notice: notice.kind,
      to: [...notice.to],
      subject: notice.subject,
      text: notice.text,
      ...(notice.attachments?.length ? { attachments: notice.attachments } : {}),
    };
    const job = this.jobs.add(LANE, work, mode);
    this.#store.audit.append({
      actor: 'station',
      kind: 'notice.queued',
      subjectType: 'notice',
      subjectId: String(job.id),
      mode,
      payload: { custodyId: notice.custodyId, notice: notice.kind, recipients: notice.to.length, messageSha256: createHash('sha256')
          .update(`${notice.subject}\n\n${notice.text}${(work.attachments ?? []).map((a) => `\n\n${a.filename}\n${a.content}`).join('')}`)
          .digest('hex'),
      },
    });
  }

}
