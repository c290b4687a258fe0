// The hardware layer: device drivers the station core composes, the pure codecs they are built
// from, and simulators that speak the same bytes over real transports (demo mode and tests).

// Codecs (pure)
export { splitAimIdentifier, symbologyOf } from './protocols/aim.ts';
export type { AimSplit } from './protocols/aim.ts';
export { LineFramer, TERMINATOR_BYTES, DEFAULT_MAX_FRAME_BYTES } from './protocols/lineFraming.ts';
export type { Terminator, LineFramerOptions } from './protocols/lineFraming.ts';

// Transports
export { SerialTransport } from './transports/serialTransport.ts';
export type { SerialLineSettings, SerialLineTransport, SerialTransportEvents, Parity } from './transports/serialTransport.ts';
export { MemorySerialTransport } from './transports/memorySerialTransport.ts';

// Devices
export { SerialScanner } from './devices/serialScanner.ts';
export type {
  ScannerScan,
  ScannerStatus,
  SerialScannerEvents,
  SerialScannerOptions,
} from './devices/serialScanner.ts';
export { SerialScannerConfig, parseSerialScannerConfig } from '../shared/devices/serialScanner.ts';
export type { SerialScannerConfigInput } from '../shared/devices/serialScanner.ts';
export { Backoff, DEFAULT_RECONNECT_BACKOFF } from './devices/backoff.ts';
export type { BackoffOptions } from './devices/backoff.ts';
export { ReconnectLoop } from './devices/reconnectLoop.ts';
export type { ReconnectHooks, ReconnectLoopOptions } from './devices/reconnectLoop.ts';
export type { DeviceHealthStatus } from './devices/deviceHealth.ts';

// Simulators
export { createSocatPair } from './simulators/socatPair.ts';
export type { PtyPair, SocatPairOptions } from './simulators/socatPair.ts';
export { ScannerSimulator } from './simulators/scannerSimulator.ts';
export type { ScannerSimulatorOptions, SimulatedScan } from './simulators/scannerSimulator.ts';

export { TypedEmitter } from './typedEmitter.ts';

// Label printers
export { zplHostStatusRequest, zplExtendedStatusRequest, checkZplJob, MAX_ZPL_JOB_BYTES } from './protocols/zpl.ts';
export type { ZplJobCheck } from './protocols/zpl.ts';
export {
  parseHostStatus,
  parseHostStatusStrings,
  formatHostStatus,
  HostStatusFramer,
  HOST_STATUS_FIELD_COUNTS,
  MAX_STATUS_STRING_BYTES,
} from './protocols/zplStatus.ts';
export type { HostStatus, HostStatusResult, ZplStatusError, ZplStatusErrorCode } from './protocols/zplStatus.ts';
export { parseExtendedStatus, formatExtendedStatus } from './protocols/zplExtendedStatus.ts';
export type { ExtendedStatus, ExtendedStatusResult, StatusGroup } from './protocols/zplExtendedStatus.ts';
export type { PrinterTransport, PrinterDisconnect } from './transports/printerTransport.ts';
export { PrinterTcpTransport } from './transports/printerTcpTransport.ts';
export type { PrinterTcpEndpoint, PrinterTcpTransportEvents } from './transports/printerTcpTransport.ts';
export { UsbLpTransport } from './transports/usbLpTransport.ts';
export type { UsbLpOptions, UsbLpTransportEvents } from './transports/usbLpTransport.ts';
export { PrinterSerialTransport } from './transports/printerSerialTransport.ts';
export { LabelPrinter } from './devices/labelPrinter.ts';
export type { LabelPrinterEvents, LabelPrinterOptions, PrinterStatus } from './devices/labelPrinter.ts';
export { LabelPrinterConfig, parseLabelPrinterConfig } from '../shared/devices/labelPrinter.ts';
export type { LabelPrinterConfigInput, LabelPrinterLink } from '../shared/devices/labelPrinter.ts';
export { PrinterError } from './devices/printerError.ts';
export type { PrinterErrorCode } from './devices/printerError.ts';
export { conditionOf, faultsOf } from './devices/printerCondition.ts';
export { transportFor, describePrinterOpenFailure } from './devices/printerLink.ts';
export { ZplPrinterSimulator } from './simulators/zplPrinterSimulator.ts';
export type { ZplPrinterSimulatorOptions } from './simulators/zplPrinterSimulator.ts';

// Scales
export { decodeHidScaleReport, encodeHidScaleReport, encodeHidScaleZero, hidScaleMeasurement, hidScaleStatusCode, hidScaleUnitCode } from './protocols/hidScale.ts';
export { HID_SCALE_USAGE_PAGE, HID_SCALE_USAGE, HID_SCALE_DATA_REPORT_IDS, HID_SCALE_CONTROL_REPORT_ID } from './protocols/hidScale.ts';
export type { HidScaleDataReport, HidScaleZeroOptions } from './protocols/hidScale.ts';
export { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement } from './protocols/mtSics.ts';
export type { MtSicsCommand, MtSicsReply, MtSicsRefusal, MtSicsWeight, MtSicsZeroOutcome } from './protocols/mtSics.ts';
export { decodeNciFrame, encodeNciCommand, nciCondition, nciMeasurement, NCI_MAX_FRAME_BYTES } from './protocols/nci.ts';
export type { NciCommand, NciFrame, NciStatus } from './protocols/nci.ts';
export { NciFramer } from './protocols/nciFraming.ts';
export { normalizeDecimal, scaledDecimal, resolutionForExponent, resolutionOfDecimal, lbOzText, toGrams } from './protocols/scaleDecimal.ts';
export { toScaleReading, signedCondition, boundedMeasurement, DEFAULT_SCALE_CAPACITY_KG, MAX_SCALE_CAPACITY_KG } from './protocols/scaleMeasurement.ts';
export type { ScaleMeasurement, DecodeResult, DecodeError } from './protocols/scaleMeasurement.ts';
export type { HidTransport, HidTransportEvents } from './transports/hidTransport.ts';
export { NodeHidTransport } from './transports/nodeHidTransport.ts';
export { MemoryHidTransport } from './transports/memoryHidTransport.ts';
export { findHidScales, selectHidScales } from './transports/hidScaleDiscovery.ts';
export type { HidScaleInfo } from './transports/hidScaleDiscovery.ts';
export { selectHidCollection } from './transports/hidDiscovery.ts';
export type { HidDeviceInfo, HidDeviceRecord } from './transports/hidDiscovery.ts';
export { HidScale } from './devices/hidScale.ts';
export type { HidScaleOptions } from './devices/hidScale.ts';
export { HidScaleConfig, parseHidScaleConfig } from '../shared/devices/hidScale.ts';
export type { HidScaleConfigInput } from '../shared/devices/hidScale.ts';
export { SerialScale } from './devices/serialScale.ts';
export type { SerialScaleOptions } from './devices/serialScale.ts';
export { SerialScaleConfig, parseSerialScaleConfig } from '../shared/devices/serialScale.ts';
export type { SerialScaleConfigInput, SerialScaleProtocol } from '../shared/devices/serialScale.ts';
export type { ScaleEvents, ScaleStatus, ScaleZeroResult } from './devices/scaleEvents.ts';
export { SERIAL_SCALE_DIALECTS, serialScaleDialect } from './devices/serialScaleDialects.ts';
export type { SerialScaleDialect, SerialScaleProtocolSupport, ScaleFrameDecoding, WeightDelivery, ScaleReply, ReplyFramer } from './devices/serialScaleDialect.ts';
export { ScaleModel } from './simulators/scaleModel.ts';
export type { ScaleModelOptions, ScaleSample, SimulatedCondition, ZeroOutcome } from './simulators/scaleModel.ts';
export { HidScaleSimulator } from './simulators/hidScaleSimulator.ts';
export type { HidScaleSimulatorOptions, HidSimulatedUnit } from './simulators/hidScaleSimulator.ts';
export { SerialScaleSimulator } from './simulators/serialScaleSimulator.ts';
export type { SerialScaleSimulatorOptions, SimulatedSerialProtocol, NciVariant, NciSimulatedUnit } from './simulators/serialScaleSimulator.ts';

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
} from './protocols/xrayLine.ts';
export type { CabinetMessage, CabinetRefusalCode, CabinetReport, StationCommand } from './protocols/xrayLine.ts';
export { TcpTransport } from './transports/xrayTcpTransport.ts';
export type { TcpEndpoint, TcpTransportEvents } from './transports/xrayTcpTransport.ts';
export { CabinetLink } from './transports/cabinetLink.ts';
export type { CabinetLinkEvents, CabinetTransportConfig } from './transports/cabinetLink.ts';
export { unknownCabinetStatus } from './devices/xrayCabinet.ts';
export type {
  ScanRefusalReason,
  ScanRequestResult,
  XrayCabinetAdapter,
  XrayCabinetEvents,
  XrayHealth,
  XrayImage,
  XrayWarning,
  XrayWarningKind,
} from './devices/xrayCabinet.ts';
export { XrayCabinetConfig, parseXrayCabinetConfig } from '../shared/devices/xrayCabinet.ts';
export type { XrayCabinetConfigInput } from '../shared/devices/xrayCabinet.ts';
export { scanGate } from './devices/xrayScanGate.ts';
export { LineProtocolCabinet } from './devices/xrayLineProtocolCabinet.ts';
export type { LineProtocolCabinetOptions } from './devices/xrayLineProtocolCabinet.ts';
export { HotFolderImageSource, DEFAULT_IMAGE_EXTENSIONS, DEFAULT_HOT_FOLDER_MAX_BYTES } from './devices/hotFolderImageSource.ts';
export type { HotFolderEvents, HotFolderFile, HotFolderIngest, HotFolderOptions, HotFolderRefusal } from './devices/hotFolderImageSource.ts';
export { copyIntoImageStore, ImageRefused } from './devices/xrayImageStore.ts';
export { IMAGE_MIME, imageFormatProblem, isViewable, sniffImageFormat, IMAGE_SNIFF_BYTES } from './devices/xrayImageFormat.ts';
export type { ImageFormat, ViewableImageFormat } from './devices/xrayImageFormat.ts';
export type { StoredImage } from './devices/xrayImageStore.ts';
export { XrayCabinetSimulator } from './simulators/xrayCabinetSimulator.ts';
export type { XrayCabinetSimulatorOptions } from './simulators/xrayCabinetSimulator.ts';
export { encodeGrayscalePng, xrayLikePng } from './simulators/xrayPng.ts';

// HID scanners
export {
  decodeHidScannerReport,
  encodeHidScannerReport,
  hidScannerReportsFor,
  honeywellSymbology,
  HidScanAssembler,
  HID_SCANNER_USAGE_PAGE,
  HID_SCANNER_USAGE,
} from './protocols/hidScanner.ts';
export type { HidScannerReport, HidScanAssembled } from './protocols/hidScanner.ts';
export { selectHidScanners, findHidScanners } from './transports/hidScannerDiscovery.ts';
export type { HidScannerInfo } from './transports/hidScannerDiscovery.ts';
export { HidScanner } from './devices/hidScanner.ts';
export type { HidScannerEvents, HidScannerOptions } from './devices/hidScanner.ts';
export { HidScannerConfig, parseHidScannerConfig } from '../shared/devices/hidScanner.ts';
export type { HidScannerConfigInput } from '../shared/devices/hidScanner.ts';

// Files someone else controls (hot folder, SOP folder, station.json, backups): regular files only
export { readSiteFile, readSiteFileSync, openSiteFile, siteFileText, fileInFolder, isBareFileName, printableFileName, SiteFileRefused } from './files/siteFile.ts';
export type { SiteFileProblem, SiteFileLimits } from './files/siteFile.ts';
export { parseSiteJson, firstSyntaxError } from './files/siteJson.ts';
export type { SiteJsonResult } from './files/siteJson.ts';
