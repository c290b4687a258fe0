// The characters canonical JSON is read by, the same as UTF-16 code units (canonicalText.ts) and as
// UTF-8 bytes (canonicalBytes.ts), and the limits of the narrow form both accept.
export const MAX_DEPTH = 32;
export const MAX_INTEGER_DIGITS = 15;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const MINUS = 0x2d;
export const DIGIT_0 = 0x30;
export const DIGIT_1 = 0x31;
export const DIGIT_9 = 0x39;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
