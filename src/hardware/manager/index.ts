// The device manager: the driver registry, configuration, discovery, and one event stream over every device.
export { DeviceManager, type DeviceManagerEvents, type DeviceManagerOptions, type ManagedDevice, type DeviceHealthChange } from './deviceManager.ts';
export { DevicesConfig, NO_DEVICES, type DevicesConfigInput } from '../../shared/devices/index.ts';
export { discoverDevices, type SerialCandidate, type HidCandidate } from './discovery.ts';
export { DEVICE_DRIVERS, locateDevice } from './drivers.ts';
export type { DeviceDriver, DeviceLocation, DeviceOutlet, DeviceReports } from './deviceDriver.ts';
