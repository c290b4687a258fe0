import { z } from 'zod';

/** `returnAfterDays` when not set, and the return-to-sender list's days when no notices are configured. */
export const DEFAULT_RETURN_AFTER_DAYS = 14;

const Email = z.email({ error: 'an e-mail address (name@example.org)' }).max(254);
/** A line of text shown in a message: no control characters, so nothing can become a header or a second line. */
const Line = z
  .string()
  .min(1)
  .max(300)
  .refine((text) => !/\p{Cc}/u.test(text), 'one line of text without control characters');
/** A template's body: lines, but no other control characters. */
const Body = z
  .string()
  .min(1)
  .max(4000)
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  .refine((text) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text), 'text without control characters other than line breaks');

export const NoticeTemplate = z.object({ subject: Line, text: Body }).strict();
export type NoticeTemplate = z.infer<typeof NoticeTemplate>;

/** The mail server the notices go through. Never plain: STARTTLS (required, on 587) or TLS from the first byte (465). */
export const SmtpSettings = z
  .object({
    host: z.string().min(1).max(253),
    port: z.number().int().min(1).max(65535).default(587),
    security: z.enum(['starttls', 'tls']).default('starttls'),
    /** The CA file that signed the server's certificate, in the data folder, when it is not a public CA. */
    caFile: z.string().min(1).max(255).optional(),
    user: z.string().min(1).max(256).optional(),
    /** Kept only in station.json (owner-only): never in the database, the audit log or an error. */
    password: z.string().min(1).max(512).optional(),
    from: Email,
  })
  .strict()
  .refine((smtp) => (smtp.user === undefined) === (smtp.password === undefined), { message: 'give both user and password, or neither', path: ['password'] });
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/** station.json `notices`: when items are ready, reminders, escalation and security alerts. */
export const NoticeSettings = z
  .object({
    smtp: SmtpSettings,
    /** Where and when to collect, said in every notice ("Mailroom, building A, 8:00–16:00"). */
    collectAt: Line,
    reminderAfterDays: z.number().int().min(1).max(60).default(3),
    escalateAfterDays: z.number().int().min(1).max(90).default(7),
    /** Items waiting this long are listed for the screener to return to sender. */
    returnAfterDays: z.number().int().min(1).max(180).default(DEFAULT_RETURN_AFTER_DAYS),
    /** Who hears of a suspect item by e-mail (the security coordinators); its recipient never does. */
    securityAddresses: z.array(Email).max(20).default([]),
    /** Demo and drill items are made up: their notices go here, or nowhere; never to a directory address. */
    drillAddress: Email.optional(),
    templates: z
      .object({ ready: NoticeTemplate.optional(), reminder: NoticeTemplate.optional(), escalation: NoticeTemplate.optional(), securityAlert: NoticeTemplate.optional(), receipt: NoticeTemplate.optional() })
      .strict()
      .default({}),
  })
  .strict()
  .refine((notices) => notices.escalateAfterDays > notices.reminderAfterDays, { message: 'escalate later than the reminder', path: ['escalateAfterDays'] });
export type NoticeSettings = z.infer<typeof NoticeSettings>;
