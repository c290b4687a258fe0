// The station API contract: every command and event, as zod schemas. Types come from z.infer.
export * from './roles.ts';
export * from './errors.ts';
export * from './item.ts';
export * from './operator.ts';
export * from './device.ts';
export * from './commands.ts';
export * from './events.ts';
export * from './api.ts';
export * from './wire.ts';
export * from './audit.ts';
export * from './scale.ts';
export * from './xray.ts';
export * from './printer.ts';
export * from './workflow.ts';
export * from './incident.ts';
export * from './commands-workflow.ts';
export * from './commands-devices.ts';
