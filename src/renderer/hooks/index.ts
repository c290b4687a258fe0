// What src/renderer/hooks/ offers the rest of the renderer.
export { useAction } from './useAction.ts';
export type { Action } from './useAction.ts';
export { useActivityTouch } from './useActivityTouch.ts';
export { useFormSubmit } from './useFormSubmit.ts';
export { formatElapsed, useNow } from './useNow.ts';
export { escapeCloses, useReturnFocus } from './useReturnFocus.ts';
export { useStationQuery } from './useStationQuery.ts';
