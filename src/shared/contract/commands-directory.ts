import { z } from 'zod';
import { command, Ack, ADMIN, ALL_ROLES, Empty, SUPERVISORS } from './commandSpec.ts';
import { CustodyId, Item } from './item.ts';

// The recipient directory: the screener's search (typed part of a name, or a scanned badge), the
// item's recipient chosen from it or typed by hand, and the admin's import and upkeep.

/**
 * The largest directory export the admin screen sends in one call: its bytes as base64 (a third more)
 * in one message of the web host's 1 MiB, with room for the rest. Bigger exports go through the CLI.
 */
export const MAX_DIRECTORY_SCREEN_BYTES = 720 * 1024;
const MAX_DIRECTORY_BASE64 = Math.ceil(MAX_DIRECTORY_SCREEN_BYTES / 3) * 4;
/** Base64 as the screen writes it: whole groups of four, padded; nothing else (a stray character is a file that did not arrive whole). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The admin screen's box that says yes to an import removing everyone (the command's allowRemovingAll); a refusal names it. */
export const REMOVE_EVERYONE_CONFIRMATION = 'Yes, remove everyone from the directory';

/** A person as the picker shows them: enough to tell two Ann Smiths apart, nothing more (no e-mail, no badge). */
export const DirectoryPersonMatch = z.object({
  key: z.string(),
  name: z.string(),
  department: z.string().nullable(),
  location: z.string().nullable(),
});
export type DirectoryPersonMatch = z.infer<typeof DirectoryPersonMatch>;

/** The recipient recorded for an item. */
export const ItemRecipientView = z.object({
  /** The directory person's key; null for a name typed by hand (not in the directory). */
  personKey: z.string().nullable(),
  name: z.string(),
  department: z.string().nullable(),
  location: z.string().nullable(),
});
export type ItemRecipientView = z.infer<typeof ItemRecipientView>;

const PersonKey = z.string().trim().min(1).max(200);
const ContactEmail = z.string().trim().min(3).max(254);

const Counts = z.object({ added: z.number().int(), changed: z.number().int(), removed: z.number().int(), unchanged: z.number().int() });

export const directoryCommands = {
  'directory.search': command({
    summary:
      'Find a recipient: by part of their name as typed (any case, accents or not, a typo or two; the best 10, prefixes first) or by the badge scanned (exact). Give query or badge.',
    request: z
      .object({
        query: z.string().max(100).optional(),
        badge: z.string().trim().min(1).max(128).optional(),
        limit: z.number().int().min(1).max(10).optional(),
      })
      .strict(),
    response: z.object({ people: z.array(DirectoryPersonMatch) }),
    roles: ALL_ROLES,
  }),
  'item.chooseRecipient': command({
    summary: "Record the item's recipient: a directory person (personKey, from directory.search) or a name typed by hand (typedName) for someone not in the directory.",
    request: z
      .object({
        custodyId: CustodyId,
        personKey: PersonKey.optional(),
        typedName: z.string().trim().min(1, 'Type the recipient’s name').max(200).optional(),
      })
      .strict(),
    response: z.object({ recipient: ItemRecipientView }),
    roles: ALL_ROLES,
  }),
  'directory.import': command({
    summary:
      "A directory export (the chosen file's bytes, base64, read by the station as the CLI reads the file: the same SHA-256, recorded in directory.imported) previewed against the directory; applied whole when apply is set and no row has a problem. Removing everyone needs allowRemovingAll.",
    request: z
      .object({
        fileName: z.string().trim().min(1).max(255),
        csvBase64: z
          .string()
          .max(MAX_DIRECTORY_BASE64, 'This file is too big to send from the screen: import it with the CLI (directory import)')
          .regex(BASE64, 'The file did not arrive whole: choose it again'),
        apply: z.boolean(),
        allowRemovingAll: z.boolean().optional(),
      })
      .strict(),
    response: Counts.extend({
      /** The SHA-256 of the file's bytes, as sha256sum gives it (and the CLI's import of the same file). */
      sha256: z.string(),
      rows: z.number().int(),
      /** Up to 200 rows that cannot be applied, by line. */
      problems: z.array(z.object({ line: z.number().int(), key: z.string(), problem: z.string() })),
      /** The rows with a problem, all of them (a row with two problems is one): none is counted as added, changed or unchanged. */
      badRows: z.number().int(),
      /** Up to 200 of each change, for the admin to check. */
      addedPeople: z.array(z.object({ key: z.string(), name: z.string() })),
      changedPeople: z.array(z.object({ key: z.string(), name: z.string(), fields: z.array(z.string()) })),
      removedPeople: z.array(z.object({ key: z.string(), name: z.string() })),
      removesEveryone: z.boolean(),
      applied: z.boolean(),
      refusal: z.string().nullable(),
    }),
    roles: ADMIN,
  }),
  'directory.setDepartmentContacts': command({
    summary: "A department's key contacts, all of them (an empty list: none): where a notice nobody answered escalates, and who may authorise a collection.",
    request: z
      .object({
        department: z.string().trim().min(1).max(200),
        contacts: z.array(z.object({ name: z.string().trim().min(1).max(200), email: ContactEmail }).strict()).max(10),
      })
      .strict(),
    response: Ack,
    roles: ADMIN,
  }),
  'directory.setProxy': command({
    summary: "A standing proxy given (allowed) or withdrawn: proxyKey may collect personKey's items at the counter.",
    request: z.object({ personKey: PersonKey, proxyKey: PersonKey, allowed: z.boolean() }).strict(),
    response: Ack,
    roles: ADMIN,
  }),
  'notices.returnToSender': command({
    summary:
      'Cleared items nobody collected in the days the notice schedule gives (station.json notices.returnAfterDays; 14 without notices): to return to sender. Longest waiting first, up to 200.',
    request: Empty,
    response: z.object({
      afterDays: z.number().int(),
      items: z.array(z.object({ item: Item, recipient: z.string().nullable(), waitingSince: z.string(), days: z.number().int() })),
      /** More items wait than are listed. */
      more: z.boolean(),
    }),
    roles: ALL_ROLES,
  }),
  'notices.securityAlerts': command({
    summary: "The suspect items' alerts this coordinator has not acknowledged: every open incident, newest first (up to 50).",
    request: Empty,
    response: z.object({
      alerts: z.array(
        z.object({ incidentId: z.number().int(), incidentNumber: z.string(), custodyId: z.string(), incidentType: z.string(), mode: z.enum(['live', 'demo', 'drill']), openedAt: z.string() }),
      ),
    }),
    roles: SUPERVISORS,
  }),
  'notices.acknowledgeAlert': command({
    summary: "A suspect item's alert seen by this coordinator (audited): it leaves their screens. Again: nothing more is recorded.",
    request: z.object({ incidentId: z.number().int().positive() }).strict(),
    response: Ack,
    roles: SUPERVISORS,
  }),
} as const;
