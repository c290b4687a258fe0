// Decoder throughput, one entry per codec. Absolute numbers depend on the machine, so each codec is
// set against a trivial pass over the same input measured in the same run: JSON.parse of the
// decoded frame's JSON for per-frame decoders (what "just reading a structured message" costs),
// Buffer.indexOf of the terminator for the framers (what "just finding frame ends" costs).
import {
  decodeCabinetLine,
  decodeHidScaleReport,
  decodeHidScannerReport,
  decodeMtSicsReply,
  decodeNciFrame,
  encodeCabinetMessage,
  encodeHidScaleReport,
  encodeHidScannerReport,
  HostStatusFramer,
  LineFramer,
  NciFramer,
  parseHostStatus,
  splitAimIdentifier,
} from '../src/hardware/index.ts';
import type { CabinetMessage } from '../src/hardware/index.ts';
import { GS, parseGs1ElementString, recognizeTrackingNumber } from '../src/shared/domain/index.ts';
import { ratio } from './stats.ts';

/** How long each side of each codec runs; the whole bench stays within a few seconds. */
const RUN_MS = Number(process.env.BENCH_DECODERS_MS ?? 150);
const FRAMES = 2000;

interface Throughput {
  framesPerSecond: number;
  mbPerSecond: number;
}

interface Codec {
  name: string;
  what: string;
  baselineWhat: string;
  frames: number;
  bytes: number;
  /** One pass over every frame; returns a count so the work cannot be optimised away. */
  run(): number;
  baseline(): number;
}

const latin1 = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const concat = (parts: readonly Uint8Array[]): Buffer => Buffer.concat(parts);
const sum = (parts: readonly { length: number }[], extra = 0): number => parts.reduce((n, p) => n + p.length + extra, 0);

/** Refuses to benchmark an error path: every sample frame must decode. */
function mustDecode<T>(name: string, result: { ok: boolean } & T): T {
  if (!result.ok) throw new Error(`bench sample for ${name} does not decode: ${JSON.stringify(result)}`);
  return result;
}

/** Per-frame decoder against JSON.parse of what it decodes to. */
function perFrame<F extends string | Uint8Array>(name: string, what: string, frames: F[], decode: (frame: F) => { ok: boolean }, bytesPerFrame = 0): Codec {
  const json = frames.map((f) => JSON.stringify(mustDecode(name, decode(f))));
  return {
    name,
    what,
    baselineWhat: 'JSON.parse of the decoded frame as JSON',
    frames: frames.length,
    bytes: sum(frames, bytesPerFrame),
    run: () => {
      let ok = 0;
      for (const f of frames) if (decode(f).ok) ok += 1;
      return ok;
    },
    baseline: () => {
      let n = 0;
      for (const j of json) if (JSON.parse(j) !== null) n += 1;
      return n;
    },
  };
}

/** Counts terminators in a byte stream: the least any framer has to do. */
function indexOfPass(stream: Buffer, terminator: number): number {
  let n = 0;
  for (let at = stream.indexOf(terminator); at !== -1; at = stream.indexOf(terminator, at + 1)) n += 1;
  return n;
}

/** Serial reads arrive in small chunks, not as one buffer. */
function chunks(stream: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < stream.length; i += size) out.push(stream.subarray(i, i + size));
  return out;
}

function streamed(name: string, what: string, stream: Buffer, frames: number, terminator: number, push: (chunk: Uint8Array) => number): Codec {
  const parts = chunks(stream, 64);
  return {
    name,
    what,
    baselineWhat: `Buffer.indexOf(0x${terminator.toString(16).padStart(2, '0')}) over the same bytes`,
    frames,
    bytes: stream.length,
    run: () => {
      let n = 0;
      for (const part of parts) n += push(part);
      if (n !== frames) throw new Error(`${name}: framed ${n} of ${frames} frames`);
      return n;
    },
    baseline: () => indexOfPass(stream, terminator),
  };
}

const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

function codecs(): Codec[] {
  const weights = range(FRAMES, (i) => (i * 37) % 99_999);
  const mtSicsLines = weights.map((w, i) => `S ${i % 5 === 0 ? 'D' : 'S'} ${(w / 100).toFixed(2).padStart(10)} g`);
  const nciReplies = weights.map((w) => `\n${(w / 1000).toFixed(2).padStart(7, '0')}LB\r\n00\r\x03`);
  const hostStatus = range(FRAMES / 4, (i) => `\x02030,${i % 2},0,1225,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,${i % 2},1,2,6,0,00000100,1,000\x03\r\n\x021234,0\x03\r\n`);
  const barcodes = range(FRAMES, (i) => `1Z5R8939${String(10_000_000 + i).slice(0, 8)}27`);
  const cabinet: CabinetMessage[] = [
    { kind: 'status', report: { door: 'closed', interlock: 'ok', keySwitch: 'on', beam: 'off', fault: null, faultReported: true, ready: true } },
    { kind: 'scanAccepted', ref: 'S-000123' },
    { kind: 'scanDone', ref: 'S-000123', file: 'S-000123.png' },
    { kind: 'pong' },
  ];
  const cabinetLines = range(FRAMES, (i) => {
    const encoded = encodeCabinetMessage(cabinet[i % cabinet.length]!);
    if (!encoded.ok) throw new Error(`cabinet sample does not encode: ${encoded.error}`);
    return encoded.line.replace(/\r?\n$/, '');
  });
  const trackingSamples = ['1Z5R89390357567127', '986578788855', '9400111206206406260787', 'RB123456785GB', 'TBA123456789012', 'INTERNAL-42'];
  const gs1 = range(FRAMES, (i) => `00106141411234567897420${String(10_000 + (i % 90_000))}${GS}4217561234`);

  return [
    perFrame('hid-scale', 'decodeHidScaleReport (6-byte report)', weights.map((w) => encodeHidScaleReport({ statusCode: 4, unitCode: 2, exponent: -1, raw: w & 0xffff })), decodeHidScaleReport),
    perFrame('hid-scanner', 'decodeHidScannerReport (64-byte report)', barcodes.map((b) => encodeHidScannerReport({ data: latin1(b), aim: ']C0' })), decodeHidScannerReport),
    perFrame('mt-sics', 'decodeMtSicsReply (one line)', mtSicsLines, decodeMtSicsReply, 2),
    perFrame('nci', 'decodeNciFrame (one reply)', nciReplies.map(latin1), decodeNciFrame),
    streamed('nci-framer', 'NciFramer + decodeNciFrame over 64-byte reads', concat(nciReplies.map(latin1)), nciReplies.length, 0x03, (() => {
      const framer = new NciFramer();
      return (chunk: Uint8Array) => framer.push(chunk).filter((f) => decodeNciFrame(f).ok).length;
    })()),
    perFrame('zpl-status', 'parseHostStatus (one ~HS reply, 3 strings)', hostStatus.map(latin1), parseHostStatus),
    streamed('zpl-status-framer', 'HostStatusFramer over 64-byte reads', concat(hostStatus.map(latin1)), hostStatus.length, 0x03, (() => {
      const framer = new HostStatusFramer();
      // One result per reply (three ETX-ended strings each): frames here are whole replies.
      return (chunk: Uint8Array) => framer.push(chunk).filter((r) => r.ok).length;
    })()),
    perFrame('aim', 'splitAimIdentifier', barcodes.map((b, i) => (i % 2 === 0 ? `]C0${b}` : b)), (s) => ({ ok: true, ...splitAimIdentifier(s) })),
    perFrame('xray-line', 'decodeCabinetLine (one line)', cabinetLines, decodeCabinetLine, 1),
    streamed('line-framing', 'LineFramer (CR) over 64-byte reads', concat(barcodes.map((b) => latin1(`${b}\r`))), barcodes.length, 0x0d, (() => {
      const framer = new LineFramer({ terminator: 'CR' });
      return (chunk: Uint8Array) => framer.push(chunk).length;
    })()),
    perFrame('tracking', 'recognizeTrackingNumber', range(FRAMES, (i) => trackingSamples[i % trackingSamples.length]!), (s) => ({ ok: true, ...recognizeTrackingNumber(s) })),
    perFrame('gs1', 'parseGs1ElementString (SSCC + ship-to postal code)', gs1, parseGs1ElementString),
  ];
}

/** Runs `pass` repeatedly for about RUN_MS after a short warm-up; frames per second over the timed part. */
function throughput(pass: () => number, frames: number, bytes: number): Throughput {
  const warmUntil = performance.now() + RUN_MS / 4;
  while (performance.now() < warmUntil) pass();
  let rounds = 0;
  const start = performance.now();
  let elapsed: number;
  do {
    pass();
    rounds += 1;
    elapsed = performance.now() - start;
  } while (elapsed < RUN_MS);
  const seconds = elapsed / 1000;
  return {
    framesPerSecond: Math.round((rounds * frames) / seconds),
    mbPerSecond: Math.round(((rounds * bytes) / seconds / 1e6) * 100) / 100,
  };
}

export async function decodersBench(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const codec of codecs()) {
    const ours = throughput(codec.run, codec.frames, codec.bytes);
    const baseline = throughput(codec.baseline, codec.frames, codec.bytes);
    results[codec.name] = {
      what: codec.what,
      ...ours,
      baseline: { what: codec.baselineWhat, ...baseline },
      // >1 means the codec is faster than the baseline; 0.2 means it takes five times as long.
      ratio: ratio(ours.framesPerSecond, baseline.framesPerSecond),
    };
  }
  return { bench: 'decoders', what: 'decoder throughput per codec (frames/s, MB/s of input)', codecs: results };
}
