import type { z } from 'zod';

/**
 * Each field a command takes, named as the screen names it: a refused argument is said in these
 * words, never as the command's name or the schema's path ("item.enterWeight was refused: grams:
 * Too big" reached the operator). A field with no words here is "One of the values"; the test
 * `refusal-words` lists every request field of the contract that has none.
 */
export const FIELD_WORDS: Readonly<Record<string, string>> = {
  action: 'The action',
  addressee: 'The addressee',
  answer: 'The simulated scale answer',
  asTyped: 'The answer to "take it in as typed"',
  agency: 'The agency or service',
  arrivedAt: 'The arrival time',
  autoLockMinutes: 'The auto-lock time',
  badge: 'The badge',
  badgeNumber: 'The responder’s badge number',
  changedFrom: 'The "changed from" date',
  changedTo: 'The "changed up to" date',
  code: 'The scanned code',
  completedOn: 'The date the training was completed',
  confirmed: 'The confirmation',
  contact: 'The contact details',
  correctiveActions: 'The corrective actions',
  couldNotBecause: 'The reason it could not be recorded',
  cursor: 'The page of results',
  custodyId: 'The custody ID',
  date: 'The date',
  description: 'The description',
  details: 'The documentation',
  deviceId: 'The device',
  devices: 'The device configuration',
  dimensions: 'The size',
  diskWarningGigabytes: 'The disk-space warning level',
  displayUnit: 'The display unit',
  door: 'The cabinet door',
  draft: 'The draft setting',
  evacuationDistanceMeters: 'The evacuation distance',
  expiresOn: 'The expiry date',
  fault: 'The fault',
  findings: 'The X-ray findings',
  format: 'The format',
  from: 'The start date',
  fromStation: 'The station that sent it',
  grams: 'The weight in grams',
  headOpen: 'The printer head setting',
  holdId: 'The legal hold',
  hotFolderMaxMegabytes: 'The image size limit',
  hvacShutDownAt: 'The time the HVAC was shut down',
  identityChecked: 'The identity check',
  images: 'The image retention',
  incidentId: 'The incident',
  incidentType: 'The kind of threat',
  incidents: 'The incident retention',
  includeClosed: 'The closed-incidents setting',
  indicators: 'The indicators',
  involvement: 'The person’s involvement',
  itemType: 'The item type',
  items: 'The item retention',
  jobId: 'The print job',
  key: 'The cabinet key',
  kind: 'The kind',
  labReference: 'The lab reference',
  lengthMm: 'The length',
  limit: 'The number of results',
  location: 'The location',
  lockoutMinutes: 'The lockout time',
  mailPieceDescription: 'The description of the mail piece',
  mailer: 'The mailer',
  mode: 'The record mode',
  name: 'The name',
  newItem: 'The answer to "a new item with the same number"',
  newPin: 'The new PIN',
  names: 'The responders’ names',
  note: 'The note',
  notes: 'The notes',
  notifiedAt: 'The time of the call',
  openedBeforeSuspect: 'Whether the item was opened',
  operatorId: 'The operator',
  outcome: 'The outcome',
  paperOut: 'The paper setting',
  pin: 'The PIN',
  plugged: 'The plug setting',
  policy: 'The retention policy',
  query: 'The search text',
  reason: 'The reason',
  receivedBy: 'The person receiving the item',
  receivedFrom: 'The "received from" date',
  receivedTo: 'The "received up to" date',
  recipient: 'The recipient',
  recipients: 'The recipient data retention',
  reference: 'The reference number',
  reprint: 'The reprint setting',
  riskLevel: 'The risk level',
  role: 'The role',
  scanId: 'The X-ray scan',
  scanRef: 'The X-ray scan reference',
  scenario: 'The drill scenario',
  sealIntact: 'Whether the seal is intact',
  sealNumbers: 'The seal numbers',
  secondOperator: 'The second person',
  sender: 'The sender',
  siteName: 'The site name',
  size: 'The label size',
  station: 'The station’s ID',
  statement: 'The statement',
  states: 'The item states',
  step: 'The step',
  stepId: 'The protocol step',
  subject: 'The subject of the hold',
  substanceDescription: 'The description of the substance',
  symbology: 'The barcode type',
  template: 'The label',
  thicknessMm: 'The thickness',
  threatInNextImage: 'The simulated threat setting',
  to: 'The end date',
  trackingNumber: 'The tracking number',
  trainer: 'The trainer',
  type: 'The type',
  unlisted: 'The confirmation that you send to a station ID not on the site’s list',
  verdict: 'The verdict',
  verdictSeq: 'The scan’s verdict (its event at its station)',
  waitingFor: 'What the screen waits for',
  widthMm: 'The width',
  witnessName: 'The witness’s name',
  allowRemovingAll: 'The answer to "remove everyone"',
  allowed: 'The proxy setting',
  apply: 'The apply setting',
  contacts: 'The department contacts',
  csvBase64: 'The directory file',
  department: 'The department',
  email: 'The e-mail address',
  fileName: 'The file name',
  personKey: 'The person',
  proxyKey: 'The proxy',
  typedName: 'The recipient’s name',
  authority: 'The proxy’s authorisation',
  collection: 'The collection policy',
  collector: 'Who collects',
  contactEmail: 'The department contact',
  custodyIds: 'The items',
  height: 'The signature pad’s height',
  idDocument: 'The ID document policy',
  idNumber: 'The ID document number',
  photo: 'The photo policy',
  photoJpegBase64: 'The photo',
  proxyAuthorisation: 'The proxy authorisation policy',
  proxyName: 'The proxy’s name',
  sha256: 'The fingerprint',
  signature: 'The signature',
  strokes: 'The signature',
  width: 'The signature pad’s width',
  // The site console's (commands-console.ts).
  number: 'The incident number',
  open: 'The open-incidents filter',
};

// Fields whose words are plural ("The seal numbers are missing").
const PLURAL = new Set(['correctiveActions', 'findings', 'indicators', 'names', 'notes', 'sealNumbers', 'states']);

/** The words of the field an issue is about (its innermost field that has words, with the list entry it is in) and its verb. */
function fieldWords(path: readonly PropertyKey[]): { field: string; is: string } {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key !== 'string' || !Object.hasOwn(FIELD_WORDS, key)) continue;
    const entry = path[i + 1];
    if (typeof entry === 'number') return { field: `${FIELD_WORDS[key]} (entry ${entry + 1})`, is: 'is' };
    return { field: FIELD_WORDS[key]!, is: PLURAL.has(key) ? 'are' : 'is' };
  }
  return { field: 'One of the values', is: 'is' };
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

// zod's own messages ("Too big: expected number to be <=100000", "Invalid input: …") are the
// schema's words, not the operator's; a message a schema gives itself (a PIN rule) is kept.
const ZOD_MESSAGE = /^(Invalid|Too (big|small)|Unrecognized key|Expected|Required)/;

const EXPECTED_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of values',
  date: 'a date',
};

function sentence(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.path.length === 0 && issue.code === 'invalid_type') return 'The screen sent a request this station cannot read: reload the screen.';
  const { field, is } = fieldWords(issue.path);
  if (!ZOD_MESSAGE.test(issue.message) && issue.code === 'custom') return `${field}: ${issue.message}.`.replace(/\.\.$/, '.');
  // A bound the schema words itself ("A mail label's code has at most 128 characters: …") is already the operator's sentence.
  if (!ZOD_MESSAGE.test(issue.message) && issue.code === 'too_big') return /[.!?]$/.test(issue.message) ? issue.message : `${issue.message}.`;
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? `${field} ${is} missing.` : `${field} should be ${EXPECTED_WORDS[issue.expected] ?? 'something else'}.`;
    case 'too_big':
      if (issue.origin === 'string') return `${field} ${is} too long: at most ${String(issue.maximum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${field} has too many entries: at most ${String(issue.maximum)}.`;
      return issue.inclusive === false ? `${field} should be less than ${String(issue.maximum)}.` : `${field} ${is} too large: at most ${String(issue.maximum)}.`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${field} ${is} missing.` : `${field} ${is} too short: at least ${String(issue.minimum)} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${field} needs at least ${String(issue.minimum)} ${Number(issue.minimum) === 1 ? 'entry' : 'entries'}.`;
      if (issue.inclusive === false) return `${field} should be more than ${String(issue.minimum)}.`;
      return `${field} ${is} too small: at least ${String(issue.minimum)}.`;
    case 'invalid_format':
      if (!ZOD_MESSAGE.test(issue.message)) return `${field}: ${issue.message}.`.replace(/\.\.$/, '.');
      if (issue.format === 'datetime') return `${field} should be a date and time.`;
      if (issue.format === 'date') return `${field} should be a date (year-month-day).`;
      return `${field} ${is} not in the right form.`;
    case 'invalid_value':
      return ZOD_MESSAGE.test(issue.message) ? `${field} ${is} not one of the choices.` : `${field}: ${issue.message}.`.replace(/\.\.$/, '.');
    case 'unrecognized_keys':
      return 'The screen sent a value this station does not know: reload the screen.';
    case 'not_multiple_of':
      return `${field} ${is} not a multiple of ${String(issue.divisor)}.`;
    default:
      return ZOD_MESSAGE.test(issue.message) ? `${field} ${is} not accepted.` : `${field}: ${issue.message}.`.replace(/\.\.$/, '.');
  }
}

/**
 * Why the arguments were refused, in the operator's words: one sentence per problem (the first
 * three), each naming the field as the screen does. No command name, no schema path.
 */
export function argumentsRefusal(error: z.ZodError, input: unknown): string {
  const sentences = [...new Set(error.issues.map((issue) => sentence(issue, input)))];
  const shown = sentences.slice(0, 3).join(' ');
  return sentences.length > 3 ? `${shown} (and ${sentences.length - 3} more)` : shown;
}
