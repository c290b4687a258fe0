// Emulators that speak the real protocol bytes over real transports (socat pairs, TCP), and the demo
// rig that runs a whole simulated station from them.
export { HidScaleSimulator, type HidScaleSimulatorOptions, type HidSimulatedUnit } from './hidScaleSimulator.ts';
export { ScaleModel, type ScaleModelOptions, type ScaleSample, type SimulatedCondition, type ZeroOutcome } from './scaleModel.ts';
export { ScannerSimulator, type ScannerSimulatorOptions, type SimulatedScan } from './scannerSimulator.ts';
export { SerialScaleSimulator, type NciSimulatedUnit, type NciVariant, type SerialScaleSimulatorOptions, type SimulatedSerialProtocol } from './serialScaleSimulator.ts';
export { createSocatPair, type PtyPair, type SocatPairOptions } from './socatPair.ts';
export { XrayCabinetSimulator, type XrayCabinetSimulatorOptions } from './xrayCabinetSimulator.ts';
export { encodeGrayscalePng, xrayLikePng } from './xrayPng.ts';
export { ZplPrinterSimulator, type ZplPrinterSimulatorOptions } from './zplPrinterSimulator.ts';
export { DEMO_DEVICE_IDS, DemoRig, type DemoDeviceId } from './demoRig.ts';
