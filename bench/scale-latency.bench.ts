// How long a weight takes from the scale's wire to the station's `reading` event, over a real pty
// pair (socat): the kernel tty layer, serialport, the framer, the MT-SICS decoder and the event.
// The reference is the frame's own time on the wire at 9600 baud (what a real RS-232 scale cannot
// beat), plus a baseline in the same run: bare serialport on the same pty, splitting on LF.
import { SerialPort } from 'serialport';
import { createSocatPair, SerialScale, SerialTransport } from '../src/hardware/index.ts';
import { percentile, ratio } from './stats.ts';

const N = Number(process.env.BENCH_SCALE_N ?? 300);
const BAUD = 9600;
/** 8N1: a start bit, eight data bits, a stop bit. */
const BITS_PER_BYTE = 10;
/** A reading that has not arrived by then is lost: the bench fails rather than hangs. */
const FRAME_TIMEOUT_MS = 2000;

interface Latency {
  n: number;
  p50Ms: number;
  p99Ms: number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

function frameFor(i: number): Buffer {
  // A different stable weight every frame, in the shape of a streamed (SIR) MT-SICS reply.
  return Buffer.from(`S S ${(100 + i / 100).toFixed(2).padStart(10)} g\r\n`, 'latin1');
}

/** Writes one frame at a time and waits for `arrived` before the next, timing each. */
async function timeFrames(write: (frame: Buffer) => Promise<void>, next: () => Promise<void>): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < N; i += 1) {
    const arrived = next();
    const t0 = performance.now();
    await write(frameFor(i));
    await arrived;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { n: N, p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) };
}

function waiter(what: string): { next: () => Promise<void>; arrive: () => void } {
  let resolve: (() => void) | null = null;
  return {
    next: () =>
      new Promise<void>((res, rej) => {
        const timer = setTimeout(() => rej(new Error(`${what}: no reading within ${FRAME_TIMEOUT_MS} ms`)), FRAME_TIMEOUT_MS);
        resolve = () => {
          clearTimeout(timer);
          res();
        };
      }),
    arrive: () => {
      const r = resolve;
      resolve = null;
      r?.();
    },
  };
}

/** The station's scale driver: SerialScale streaming MT-SICS (it sends SIR, then only listens). */
async function station(): Promise<Latency> {
  const pair = await createSocatPair();
  const device = new SerialTransport();
  const scale = new SerialScale({ id: 'bench-scale', name: 'Bench', path: pair.stationPath, protocol: 'mt-sics', stream: true, replyTimeoutMs: 60_000 });
  try {
    await device.open(pair.devicePath, { baudRate: BAUD, dataBits: 8, parity: 'none', stopBits: 1 });
    const sirSeen = new Promise<void>((resolve) => device.on('data', ({ bytes }) => bytes.includes('SIR') && resolve()));
    const reading = waiter('SerialScale');
    scale.on('reading', () => reading.arrive());
    scale.start();
    await sirSeen;
    return await timeFrames((frame) => device.write(frame), reading.next);
  } finally {
    await scale.stop();
    await device.close();
    await pair.close();
  }
}

/** The least any driver could do: serialport's data event and an indexOf of the LF. */
async function bare(): Promise<Latency> {
  const pair = await createSocatPair();
  const open = (path: string) =>
    new Promise<SerialPort>((resolve, reject) => {
      const port: SerialPort = new SerialPort({ path, baudRate: BAUD }, (err) => (err ? reject(err) : resolve(port)));
    });
  // The device end writes exactly as in station(), so only the receiving side differs.
  const device = new SerialTransport();
  await device.open(pair.devicePath, { baudRate: BAUD, dataBits: 8, parity: 'none', stopBits: 1 });
  const stationEnd = await open(pair.stationPath);
  const reading = waiter('bare serialport');
  let pending = Buffer.alloc(0);
  stationEnd.on('data', (bytes: Buffer) => {
    pending = Buffer.concat([pending, bytes]);
    for (let lf = pending.indexOf(0x0a); lf !== -1; lf = pending.indexOf(0x0a)) {
      pending = pending.subarray(lf + 1);
      reading.arrive();
    }
  });
  const close = (port: SerialPort) => new Promise<void>((resolve) => port.close(() => resolve()));
  try {
    return await timeFrames((frame) => device.write(frame), reading.next);
  } finally {
    await close(stationEnd);
    await device.close();
    await pair.close();
  }
}

export async function scaleLatencyBench(): Promise<Record<string, unknown>> {
  const frameBytes = frameFor(0).length;
  const wireMs = round((frameBytes * BITS_PER_BYTE * 1000) / BAUD);
  const baseline = await bare();
  const ours = await station();
  return {
    bench: 'scale-latency',
    what: 'MT-SICS frame written on a socat pty -> SerialScale "reading" event',
    station: ours,
    baseline: { what: 'bare serialport on the same pty, LF split', ...baseline },
    // A pty does not pace bytes at the baud rate, so the measured times are the software's alone.
    wire: { what: `the frame's own transmit time on a real line: ${frameBytes} bytes x ${BITS_PER_BYTE} bits / ${BAUD} baud`, ms: wireMs },
    // Against the wire time: well under 1 means the software adds less than the cable already takes.
    ratio: {
      p50VsWire: ratio(ours.p50Ms, wireMs),
      p99VsWire: ratio(ours.p99Ms, wireMs),
      p50VsBaseline: ratio(ours.p50Ms, baseline.p50Ms),
      p99VsBaseline: ratio(ours.p99Ms, baseline.p99Ms),
    },
  };
}
