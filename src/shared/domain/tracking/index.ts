export { recognizeTrackingNumber, normalizeTrackingCode, NOT_A_TRACKING_NUMBER } from './recognize.ts';
export type { TrackingRecognition } from './recognize.ts';
export { TRACKING_FORMATS } from './formats.ts';
export type { TrackingFormat } from './formats.ts';
