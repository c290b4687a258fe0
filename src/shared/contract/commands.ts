import { z } from 'zod';
import { command, Empty, Ack, ALL_ROLES } from './commandSpec.ts';
import { Item, RecordMode } from './item.ts';
import { Badge, Operator, OperatorName, Pin } from './operator.ts';
import { DeviceStatus } from './device.ts';
import { ScanClaimKind, ScanTerminatorSetting } from './scan.ts';
import { workflowCommands } from './commands-workflow.ts';
import { deviceCommands } from './commands-devices.ts';
import { reportCommands } from './commands-reports.ts';
import { recordsCommands } from './commands-records.ts';
import { labelCommands } from './commands-labels.ts';
import { dashboardCommands } from './commands-dashboard.ts';
import { directoryCommands } from './commands-directory.ts';
import { collectionCommands } from './commands-collection.ts';
import { reviewCommands } from './commands-review.ts';
import { custodyBetweenStationsCommands } from './custodyBetweenStations.ts';

export type { CommandSpec } from './commandSpec.ts';

/** A code as it came from a scanner or the operator's keyboard. */
/**
 * The longest code intake takes: a carrier's number is at most 34 characters and a GS1 label's
 * element string well under this; anything longer is a misread or a pasted text, not a label.
 */
export const MAX_SCANNED_CODE_LENGTH = 128;
export const SCANNED_CODE_TOO_LONG = `A mail label's code has at most ${MAX_SCANNED_CODE_LENGTH} characters: rescan the label's tracking barcode, or type its number.`;

export const ScannedCode = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'Scan or type a tracking number or custody ID').max(MAX_SCANNED_CODE_LENGTH, SCANNED_CODE_TOO_LONG));

export const StationInfo = z.object({
  stationId: z.string(),
  version: z.string(),
  mode: RecordMode,
  simulatedDevices: z.boolean(),
  needsSetup: z.boolean(),
  /** What ends a keyboard-wedge scan at this station. */
  scanTerminator: ScanTerminatorSetting,
});
export type StationInfo = z.infer<typeof StationInfo>;

export const commands = {
  'station.info': command({
    summary: 'What this station is and whether it still needs its first admin.',
    request: Empty,
    response: StationInfo,
    roles: 'public',
  }),
  'session.setup': command({
    summary: 'First start only: create the first admin and log them in.',
    request: z.object({ badge: Badge, name: OperatorName, pin: Pin }).strict(),
    response: z.object({ operator: Operator }),
    roles: 'public',
  }),
  'session.login': command({
    summary: 'Log in with a badge and PIN.',
    request: z.object({ badge: Badge, pin: z.string().max(64) }).strict(),
    // pinChangeRequired: the PIN was right but an admin set it; no session is open until
    // session.changePin replaces it (every other command stays refused as on a locked screen).
    response: z.object({ operator: Operator, resumeCustodyId: z.string().nullable(), pinChangeRequired: z.boolean() }),
    roles: 'public',
  }),
  'session.changePin': command({
    summary: 'Change one’s own PIN (badge, current PIN, new PIN) and log in: the way out of a reset PIN, and open to every operator.',
    request: z.object({ badge: Badge, pin: z.string().max(64), newPin: Pin }).strict(),
    response: z.object({ operator: Operator, resumeCustodyId: z.string().nullable() }),
    roles: 'public',
  }),
  'session.current': command({
    summary: 'The operator logged in on this connection, and the work in progress at this station.',
    request: Empty,
    response: z.object({ operator: Operator.nullable(), resumeCustodyId: z.string().nullable() }),
    roles: 'public',
  }),
  'session.logout': command({
    summary: 'Lock the station.',
    request: Empty,
    response: Ack,
    roles: 'public',
  }),
  'session.touch': command({
    summary: 'The operator is still at the screen (keys, touches): keeps auto-lock from locking.',
    request: Empty,
    response: Ack,
    roles: ALL_ROLES,
  }),
  'session.scanClaim': command({
    summary:
      'What the screen in front of the operator waits for from the next scan (an item, a badge, a seal number, a responder ID): the station sends every scanner\'s next scan there; only "item" or none makes it intake.',
    request: z.object({ waitingFor: ScanClaimKind.nullable() }).strict(),
    response: Ack,
    roles: 'public',
  }),
  'intake.scan': command({
    summary: 'Register a scanned or typed code: a new item, or the open item it already belongs to.',
    request: z
      .object({
        code: ScannedCode,
        symbology: z.string().max(32).nullable().optional(),
        /** The operator saw the check-digit warning (CONFIRM_AS_TYPED) and takes the code in as typed. */
        asTyped: z.boolean().optional(),
        /** The operator saw that an item with this number is closed (CONFIRM_NEW_ITEM) and takes a new one in. */
        newItem: z.boolean().optional(),
      })
      .strict(),
    response: z.object({ item: Item, created: z.boolean() }),
    roles: ALL_ROLES,
  }),
  'intake.list': command({
    summary: 'The items still being handled at the station, newest first.',
    request: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    response: z.object({ items: z.array(Item) }),
    roles: ALL_ROLES,
  }),
  'device.list': command({
    summary: 'Every configured device with its last reported status.',
    request: Empty,
    response: z.object({ devices: z.array(DeviceStatus) }),
    roles: ALL_ROLES,
  }),
  'demo.injectScan': command({
    summary: 'Demo mode only: the simulated scanner sends this code over its serial line.',
    request: z.object({ code: z.string().min(1).max(512) }).strict(),
    response: Ack,
    roles: ALL_ROLES,
  }),
  ...workflowCommands,
  ...deviceCommands,
  ...reportCommands,
  ...recordsCommands,
  ...labelCommands,
  ...dashboardCommands,
  ...directoryCommands,
  ...collectionCommands,
  ...reviewCommands,
  ...custodyBetweenStationsCommands,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export type CommandRequest<N extends CommandName> = z.input<Commands[N]['request']>;
export type CommandArgs<N extends CommandName> = z.output<Commands[N]['request']>;
export type CommandResponse<N extends CommandName> = z.output<Commands[N]['response']>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
