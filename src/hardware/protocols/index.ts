// The pure codecs: bytes <-> typed frames, no I/O (HID POS scale and scanner, MT-SICS, NCI, ZPL and
// its status replies, AIM identifiers, line framing, the X-ray cabinet line protocol).
export { splitAimIdentifier, symbologyOf, type AimSplit } from './aim.ts';
export { HID_SCALE_CONTROL_REPORT_ID, HID_SCALE_DATA_REPORT_IDS, HID_SCALE_USAGE, HID_SCALE_USAGE_PAGE, decodeHidScaleReport, encodeHidScaleReport, encodeHidScaleZero, hidScaleMeasurement, hidScaleStatusCode, hidScaleUnitCode, type HidScaleDataReport, type HidScaleZeroOptions } from './hidScale.ts';
export { HID_SCANNER_USAGE, HID_SCANNER_USAGE_PAGE, HidScanAssembler, decodeHidScannerReport, encodeHidScannerReport, hidScannerReportsFor, honeywellSymbology, type HidScanAssembled, type HidScannerReport } from './hidScanner.ts';
export { DEFAULT_MAX_FRAME_BYTES, LineFramer, TERMINATOR_BYTES, type LineFramerOptions, type Terminator } from './lineFraming.ts';
export { scanText } from './scanText.ts';
export { decodeMtSicsReply, encodeMtSicsCommand, mtSicsMeasurement, type MtSicsCommand, type MtSicsErrorCode, type MtSicsRefusal, type MtSicsReply, type MtSicsWeight, type MtSicsZeroOutcome } from './mtSics.ts';
export { MT_SICS_ERRORS, mtSicsReplyAdvice, mtSicsReplyCode, mtSicsReplyMeaning, type MtSicsErrorMeaning } from './mtSicsMeanings.ts';
export { NCI_MAX_FRAME_BYTES, decodeNciFrame, encodeNciCommand, nciCondition, nciMeasurement, type NciCommand, type NciFrame, type NciStatus } from './nci.ts';
export { NciFramer } from './nciFraming.ts';
export { lbOzText, normalizeDecimal, resolutionForExponent, resolutionOfDecimal, scaledDecimal, toGrams } from './scaleDecimal.ts';
export { DEFAULT_SCALE_CAPACITY_KG, MAX_SCALE_CAPACITY_KG, boundedMeasurement, signedCondition, toScaleReading, type DecodeError, type DecodeResult, type ScaleMeasurement } from './scaleMeasurement.ts';
export { CABINET_REFUSAL_CODES, MSXR_MAX_LINE_BYTES, MSXR_PROTOCOL, MSXR_VERSION, decodeCabinetLine, decodeStationLine, encodeCabinetMessage, encodeStationCommand, isImageFileName, isScanRef, type CabinetMessage, type CabinetRefusalCode, type CabinetReport, type StationCommand } from './xrayLine.ts';
export { MAX_ZPL_JOB_BYTES, checkZplJob, zplExtendedStatusRequest, zplHostStatusRequest, type ZplJobCheck } from './zpl.ts';
export { formatExtendedStatus, parseExtendedStatus, type ExtendedStatus, type ExtendedStatusResult, type StatusGroup } from './zplExtendedStatus.ts';
export { HOST_STATUS_FIELD_COUNTS, HostStatusFramer, MAX_STATUS_STRING_BYTES, formatHostStatus, parseHostStatus, parseHostStatusStrings, type HostStatus, type HostStatusResult, type ZplStatusError, type ZplStatusErrorCode } from './zplStatus.ts';
