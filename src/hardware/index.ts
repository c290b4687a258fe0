// The hardware layer: device drivers the station core composes, the pure codecs they are built
// from, and simulators that speak the same bytes over real transports (demo mode and tests).

// Codecs (pure)
export { splitAimIdentifier, symbologyOf } from './protocols/aim.ts';
export type { AimSplit } from './protocols/aim.ts';
export { LineFramer, TERMINATOR_BYTES, DEFAULT_MAX_FRAME_BYTES } from './protocols/lineFraming.ts';
export type { Terminator, LineFramerOptions } from './protocols/lineFraming.ts';

// Transports
export { SerialTransport } from './transports/serialTransport.ts';
export type { SerialLineSettings, SerialTransportEvents, Parity } from './transports/serialTransport.ts';

// Devices
export { SerialScanner } from './devices/serialScanner.ts';
export type {
  ScannerScan,
  ScannerStatus,
  SerialScannerEvents,
  SerialScannerOptions,
} from './devices/serialScanner.ts';
export { SerialScannerConfig, parseSerialScannerConfig } from './devices/serialScannerConfig.ts';
export type { SerialScannerConfigInput } from './devices/serialScannerConfig.ts';
export { Backoff, DEFAULT_RECONNECT_BACKOFF } from './devices/backoff.ts';
export type { BackoffOptions } from './devices/backoff.ts';

// Simulators
export { createSocatPair } from './simulators/socatPair.ts';
export type { PtyPair, SocatPairOptions } from './simulators/socatPair.ts';
export { ScannerSimulator } from './simulators/scannerSimulator.ts';
export type { ScannerSimulatorOptions, SimulatedScan } from './simulators/scannerSimulator.ts';

export { TypedEmitter } from './typedEmitter.ts';
