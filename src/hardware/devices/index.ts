// Devices: scanner, scale, label printer and X-ray cabinet, each a codec + a transport + its state
// machine (reconnect, health); what the manager, the drivers and the simulators build on.
export { Backoff, DEFAULT_RECONNECT_BACKOFF, type BackoffOptions } from './backoff.ts';
export type { DeviceHealthStatus } from './deviceHealth.ts';
export { HidScale, type HidScaleOptions } from './hidScale.ts';
export { HidScanner, type HidScannerEvents, type HidScannerOptions } from './hidScanner.ts';
export { DEFAULT_HOT_FOLDER_MAX_BYTES, DEFAULT_IMAGE_EXTENSIONS, HotFolderImageSource, type HotFolderEvents, type HotFolderFile, type HotFolderIngest, type HotFolderOptions, type HotFolderRefusal } from './hotFolderImageSource.ts';
export { LabelPrinter, type LabelPrinterEvents, type LabelPrinterOptions, type PrinterStatus } from './labelPrinter.ts';
export { conditionOf, faultsOf } from './printerCondition.ts';
export { PrinterError, type PrinterErrorCode } from './printerError.ts';
export { describePrinterOpenFailure, transportFor } from './printerLink.ts';
export { ReconnectLoop, type ReconnectHooks, type ReconnectLoopOptions } from './reconnectLoop.ts';
export type { ScaleEvents, ScaleStatus, ScaleZeroResult } from './scaleEvents.ts';
export { SerialScale, type SerialScaleOptions } from './serialScale.ts';
export type { ReplyFramer, ScaleFrameDecoding, ScaleReply, SerialScaleDialect, SerialScaleProtocolSupport, WeightDelivery } from './serialScaleDialect.ts';
export { SERIAL_SCALE_DIALECTS, serialScaleDialect } from './serialScaleDialects.ts';
export { SerialScanner, type ScannerScan, type ScannerStatus, type SerialScannerEvents, type SerialScannerOptions } from './serialScanner.ts';
export { unknownCabinetStatus, type ScanRefusalReason, type ScanRequestResult, type XrayCabinetAdapter, type XrayCabinetEvents, type XrayHealth, type XrayImage, type XrayWarning, type XrayWarningKind } from './xrayCabinet.ts';
export { IMAGE_MIME, IMAGE_SNIFF_BYTES, imageFormatProblem, isViewable, sniffImageFormat, type ImageFormat, type ViewableImageFormat } from './xrayImageFormat.ts';
export { ImageRefused, copyIntoImageStore, type StoredImage } from './xrayImageStore.ts';
export { LineProtocolCabinet, type LineProtocolCabinetOptions } from './xrayLineProtocolCabinet.ts';
export { scanGate } from './xrayScanGate.ts';
