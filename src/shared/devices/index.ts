// Device configuration schemas (zod only): what station.json's `devices` may say, validated the
// same way by main, typed the same way by the contract, offered the same way by the admin form.
export * from './deviceSettings.ts';
export * from './devicesConfig.ts';
export * from './hidScale.ts';
export * from './hidScanner.ts';
export * from './labelPrinter.ts';
export * from './serialScale.ts';
export * from './serialScanner.ts';
export * from './xrayCabinet.ts';
