// Transports: serial (serialport), HID (node-hid), TCP, the USB printer class, and in-memory fakes of
// the serial and HID ones for unit tests.
export { CabinetLink, type CabinetLinkEvents, type CabinetTransportConfig } from './cabinetLink.ts';
export { selectHidCollection, type HidDeviceInfo, type HidDeviceRecord } from './hidDiscovery.ts';
export { findHidScales, selectHidScales, type HidScaleInfo } from './hidScaleDiscovery.ts';
export { findHidScanners, selectHidScanners, type HidScannerInfo } from './hidScannerDiscovery.ts';
export type { HidTransport, HidTransportEvents } from './hidTransport.ts';
export { messageOf } from './ioError.ts';
export { MemoryHidTransport } from './memoryHidTransport.ts';
export { MemorySerialTransport } from './memorySerialTransport.ts';
export { NodeHidTransport } from './nodeHidTransport.ts';
export { PrinterSerialTransport } from './printerSerialTransport.ts';
export { PrinterTcpTransport, type PrinterTcpEndpoint, type PrinterTcpTransportEvents } from './printerTcpTransport.ts';
export type { PrinterDisconnect, PrinterTransport } from './printerTransport.ts';
export { SerialTransport, type Parity, type SerialLineSettings, type SerialLineTransport, type SerialTransportEvents } from './serialTransport.ts';
export { UsbLpTransport, type UsbLpOptions, type UsbLpTransportEvents } from './usbLpTransport.ts';
export { TcpTransport, type TcpEndpoint, type TcpTransportEvents } from './xrayTcpTransport.ts';
