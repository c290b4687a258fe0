// The hardware layer: device drivers the station core composes, the pure codecs they are built
// from, and simulators that speak the same bytes over real transports (demo mode and tests).

// Codecs (pure)
export { splitAimIdentifier, symbologyOf } from './protocols/index.ts';
export type { AimSplit } from './protocols/index.ts';
export { LineFramer, TERMINATOR_BYTES, DEFAULT_MAX_FRAME_BYTES } from './protocols/index.ts';
export type { Terminator, LineFramerOptions } from './protocols/index.ts';

// Transports
export { SerialTransport } from './transports/index.ts';
export type { SerialLineSettings, SerialLineTransport, SerialTransportEvents, Parity } from './transports/index.ts';
export { MemorySerialTransport } from './transports/index.ts';

// Devices
export { SerialScanner } from './devices/index.ts';
export type {
  ScannerScan,
  ScannerStatus,
  SerialScannerEvents,
  SerialScannerOptions,
} from './devices/index.ts';
export { SerialScannerConfig, parseSerialScannerConfig } from '../shared/devices/index.ts';
export type { SerialScannerConfigInput } from '../shared/devices/index.ts';
export { Backoff, DEFAULT_RECONNECT_BACKOFF } from './devices/index.ts';
export type { BackoffOptions } from './devices/index.ts';
export { ReconnectLoop } from './devices/index.ts';
export type { ReconnectHooks, ReconnectLoopOptions } from './devices/index.ts';
export type { DeviceHealthStatus } from './devices/index.ts';

// Simulators
export { createSocatPair } from './simulators/index.ts';
export type { PtyPair, SocatPairOptions } from './simulators/index.ts';
export { ScannerSimulator } from './simulators/index.ts';
export type { ScannerSimulatorOptions, SimulatedScan } from './simulators/index.ts';

export { TypedEmitter } from './typedEmitter.ts';

// Label printers
export { zplHostStatusRequest, zplExtendedStatusRequest, checkZplJob, MAX_ZPL_JOB_BYTES } from './protocols/index.ts';
export type { ZplJobCheck } from './protocols/index.ts';
export {
  parseHostStatus,
  parseHostStatusStrings,
  formatHostStatus,
  HostStatusFramer,
  HOST_STATUS_FIELD_COUNTS,
  MAX_STATUS_STRING_BYTES,
} from './protocols/index.ts';
export type { HostStatus, HostStatusResult, ZplStatusError, ZplStatusErrorCode } from './protocols/index.ts';
export { parseExtendedStatus, formatExtendedStatus } from './protocols/index.ts';
export type { ExtendedStatus, ExtendedStatusResult, StatusGroup } from './protocols/index.ts';
export type { PrinterTransport, PrinterDisconnect } from './transports/index.ts';
export { PrinterTcpTransport } from './transports/index.ts';
export type { PrinterTcpEndpoint, PrinterTcpTransportEvents } from './transports/index.ts';
export { UsbLpTransport } from './transports/index.ts';
export type { UsbLpOptions, UsbLpTransportEvents } from './transports/index.ts';
export { PrinterSerialTransport } from './transports/index.ts';
export { LabelPrinter } from './devices/index.ts';
export type { LabelPrinterEvents, LabelPrinterOptions, PrinterStatus } from './devices/index.ts';
export { LabelPrinterConfig, parseLabelPrinterConfig } from '../shared/devices/index.ts';
export type { LabelPrinterConfigInput, LabelPrinterLink } from '../shared/devices/index.ts';
export { PrinterError } from './devices/index.ts';
export type { PrinterErrorCode } from './devices/index.ts';
export { conditionOf, faultsOf } from './devices/index.ts';
export { transportFor, describePrinterOpenFailure } from './devices/index.ts';
export { ZplPrinterSimulator } from './simulators/index.ts';
export type { ZplPrinterSimulatorOptions } from './simulators/index.ts';

// Scales
export { decodeHidScaleReport, encodeHidScaleReport, encodeHidScaleZero, hidScaleMeasurement, hidScaleStatusCode, hidScaleUnitCode } from './protocols/index.ts';
export { HID_SCALE_USAGE_PAGE, HID_SCALE_USAGE, HID_SCALE_DATA_REPORT_IDS, HID_SCALE_CONTROL_REPORT_ID } from './protocols/index.ts';
export type { HidScaleDataReport, HidScaleZeroOptions } from './protocols/index.ts';
export { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement, MT_SICS_ERRORS, mtSicsReplyAdvice, mtSicsReplyCode, mtSicsReplyMeaning } from './protocols/index.ts';
export type { MtSicsCommand, MtSicsErrorCode, MtSicsErrorMeaning, MtSicsReply, MtSicsRefusal, MtSicsWeight, MtSicsZeroOutcome } from './protocols/index.ts';
export { decodeNciFrame, encodeNciCommand, nciCondition, nciMeasurement, NCI_MAX_FRAME_BYTES } from './protocols/index.ts';
export type { NciCommand, NciFrame, NciStatus } from './protocols/index.ts';
export { NciFramer } from './protocols/index.ts';
export { normalizeDecimal, scaledDecimal, resolutionForExponent, resolutionOfDecimal, lbOzText, toGrams } from './protocols/index.ts';
export { toScaleReading, signedCondition, boundedMeasurement, DEFAULT_SCALE_CAPACITY_KG, MAX_SCALE_CAPACITY_KG } from './protocols/index.ts';
export type { ScaleMeasurement, DecodeResult, DecodeError } from './protocols/index.ts';
export type { HidTransport, HidTransportEvents } from './transports/index.ts';
export { NodeHidTransport } from './transports/index.ts';
export { MemoryHidTransport } from './transports/index.ts';
export { findHidScales, selectHidScales } from './transports/index.ts';
export type { HidScaleInfo } from './transports/index.ts';
export { selectHidCollection } from './transports/index.ts';
export type { HidDeviceInfo, HidDeviceRecord } from './transports/index.ts';
export { HidScale } from './devices/index.ts';
export type { HidScaleOptions } from './devices/index.ts';
export { HidScaleConfig, parseHidScaleConfig } from '../shared/devices/index.ts';
export type { HidScaleConfigInput } from '../shared/devices/index.ts';
export { SerialScale } from './devices/index.ts';
export type { SerialScaleOptions } from './devices/index.ts';
export { SerialScaleConfig, parseSerialScaleConfig } from '../shared/devices/index.ts';
export type { SerialScaleConfigInput, SerialScaleProtocol } from '../shared/devices/index.ts';
export type { ScaleEvents, ScaleStatus, ScaleZeroResult } from './devices/index.ts';
export { SERIAL_SCALE_DIALECTS, serialScaleDialect } from './devices/index.ts';
export type { SerialScaleDialect, SerialScaleProtocolSupport, ScaleFrameDecoding, WeightDelivery, ScaleReply, ReplyFramer } from './devices/index.ts';
export { ScaleModel } from './simulators/index.ts';
export type { ScaleModelOptions, ScaleSample, SimulatedCondition, ZeroOutcome } from './simulators/index.ts';
export { HidScaleSimulator } from './simulators/index.ts';
export type { HidScaleSimulatorOptions, HidSimulatedUnit } from './simulators/index.ts';
export { SerialScaleSimulator } from './simulators/index.ts';
export type { SerialScaleSimulatorOptions, SimulatedSerialProtocol, NciVariant, NciSimulatedUnit } from './simulators/index.ts';

// X-ray cabinets
export {
  decodeCabinetLine,
  decodeStationLine,
  encodeCabinetMessage,
  encodeStationCommand,
  isScanRef,
  isImageFileName,
  CABINET_REFUSAL_CODES,
  MSXR_PROTOCOL,
  MSXR_VERSION,
  MSXR_MAX_LINE_BYTES,
} from './protocols/index.ts';
export type { CabinetMessage, CabinetRefusalCode, CabinetReport, StationCommand } from './protocols/index.ts';
export { TcpTransport } from './transports/index.ts';
export type { TcpEndpoint, TcpTransportEvents } from './transports/index.ts';
export { CabinetLink } from './transports/index.ts';
export type { CabinetLinkEvents, CabinetTransportConfig } from './transports/index.ts';
export { unknownCabinetStatus } from './devices/index.ts';
export type {
  ScanRefusalReason,
  ScanRequestResult,
  XrayCabinetAdapter,
  XrayCabinetEvents,
  XrayHealth,
  XrayImage,
  XrayWarning,
  XrayWarningKind,
} from './devices/index.ts';
export { XrayCabinetConfig, parseXrayCabinetConfig } from '../shared/devices/index.ts';
export type { XrayCabinetConfigInput } from '../shared/devices/index.ts';
export { scanGate } from './devices/index.ts';
export { LineProtocolCabinet } from './devices/index.ts';
export type { LineProtocolCabinetOptions } from './devices/index.ts';
export { HotFolderImageSource, DEFAULT_IMAGE_EXTENSIONS, DEFAULT_HOT_FOLDER_MAX_BYTES } from './devices/index.ts';
export type { HotFolderEvents, HotFolderFile, HotFolderIngest, HotFolderOptions, HotFolderRefusal } from './devices/index.ts';
export { copyIntoImageStore, ImageRefused } from './devices/index.ts';
export { IMAGE_MIME, imageFormatProblem, isViewable, sniffImageFormat, IMAGE_SNIFF_BYTES } from './devices/index.ts';
export type { ImageFormat, ViewableImageFormat } from './devices/index.ts';
export type { StoredImage } from './devices/index.ts';
export { XrayCabinetSimulator } from './simulators/index.ts';
export type { XrayCabinetSimulatorOptions } from './simulators/index.ts';
export { encodeGrayscalePng, xrayLikePng } from './simulators/index.ts';

// HID scanners
export {
  decodeHidScannerReport,
  encodeHidScannerReport,
  hidScannerReportsFor,
  honeywellSymbology,
  HidScanAssembler,
  HID_SCANNER_USAGE_PAGE,
  HID_SCANNER_USAGE,
} from './protocols/index.ts';
export type { HidScannerReport, HidScanAssembled } from './protocols/index.ts';
export { selectHidScanners, findHidScanners } from './transports/index.ts';
export type { HidScannerInfo } from './transports/index.ts';
export { HidScanner } from './devices/index.ts';
export type { HidScannerEvents, HidScannerOptions } from './devices/index.ts';
export { HidScannerConfig, parseHidScannerConfig } from '../shared/devices/index.ts';
export type { HidScannerConfigInput } from '../shared/devices/index.ts';

// Files someone else controls (hot folder, SOP folder, station.json, backups): regular files only
export { readSiteFile, readSiteFileSync, openSiteFile, siteFileText, fileInFolder, isBareFileName, printableFileName, escapeControlCharacters, SiteFileRefused } from './files/index.ts';
export type { SiteFileProblem, SiteFileLimits } from './files/index.ts';
export { parseSiteJson, firstSyntaxError } from './files/index.ts';
export type { SiteJsonResult } from './files/index.ts';
export { DeviceManager, DevicesConfig, discoverDevices, locateDevice, type DeviceLocation, type DeviceManagerOptions, type HidCandidate, type SerialCandidate } from './manager/index.ts';
export { DEMO_DEVICE_IDS, DemoRig, type DemoDeviceId } from './simulators/index.ts';
