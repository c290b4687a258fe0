// The command context and handler types, and the screen's session: a leaf that the core and every
// area serving commands (reports, records, and the site and notices to come) build on without
// importing the core.
export { Session } from './session.ts';
export { actorOf, operatorOf, type AreaHandlers, type CommandContext, type CommandHandler, type CommandHandlers } from './handlers.ts';
