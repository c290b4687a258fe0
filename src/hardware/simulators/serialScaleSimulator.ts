import { LineFramer } from '../protocols/index.ts';
import { SerialTransport } from '../transports/index.ts';
import type { SerialLineSettings } from '../transports/index.ts';
import type { ScaleModelOptions, ScaleSample, ZeroOutcome } from './scaleModel.ts';
import { SimulatedScale } from './simulatedScale.ts';

export type SimulatedSerialProtocol = 'mt-sics' | 'nci';
/** SCP-01 `…<CR><LF>hh<CR>`, SCP-12 `…<CR>hh` (no LF, no CR), SCP-02 `…<CR><LF>Shh<CR>`; docs/protocols/nci.md, "Variants". */
export type NciVariant = 'scp-01' | 'scp-12' | 'scp-02';
export type NciSimulatedUnit = 'lb' | 'kg' | 'lb-oz';

export interface SerialScaleSimulatorOptions extends ScaleModelOptions {
  /** The device end of a pty pair (socatPair.ts). */
  path: string;
  protocol: SimulatedSerialProtocol;
  /** NCI only; default SCP-01. */
  nciVariant?: NciVariant;
  /** NCI only; default lb (a Brecknell postal scale). MT-SICS always reports grams. */
  nciUnit?: NciSimulatedUnit;
  /** MT-SICS decimals of the gram value; default 2 (a 0.01 g balance). */
  decimals?: number;
  /** Interval of the SIR stream; default 100 ms. */
  streamMs?: number;
  line?: Partial<SerialLineSettings>;
}

const LINE: Readonly<Record<SimulatedSerialProtocol, SerialLineSettings>> = {
  'mt-sics': { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  nci: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
};

const MT_SICS_ZERO: Readonly<Record<ZeroOutcome, string>> = { done: 'Z A', busy: 'Z I', aboveRange: 'Z +', belowRange: 'Z -' };
const MT_SICS_TARE_REFUSAL: Readonly<Record<Exclude<ZeroOutcome, 'done'>, string>> = { busy: 'T I', aboveRange: 'T +', belowRange: 'T -' };
const GRAMS_PER_LB = 453.59237;
const GRAMS_PER_OZ = 28.349523125;

/**
 * A serial scale at the far end of a pty, answering MT-SICS (S, SI, SIR, Z, T, @) or NCI (W, S, Z)
 * with the bytes the real scale sends: in motion while a load settles, overload past capacity,
 * `ES` / `?` for anything else. setSilent(true) makes it a scale that is switched off behind a
 * USB-serial adapter that is still plugged in.
 */
export class SerialScaleSimulator extends SimulatedScale {
  readonly #options: SerialScaleSimulatorOptions;
  readonly #transport = new SerialTransport();
  readonly #framer: LineFramer;
  readonly #commands: string[] = [];
  #stream: NodeJS.Timeout | null = null;
  #silent = false;
  #weightAnswer: string | null = null;

  constructor(options: SerialScaleSimulatorOptions) {
    super(options);
    this.#options = options;
    // MT-SICS commands end with CR LF, NCI commands with CR.
    this.#framer = new LineFramer({ terminator: options.protocol === 'mt-sics' ? 'CRLF' : 'CR', maxFrameBytes: 256 });
    this.#transport.on('data', ({ bytes }) => {
      for (const command of this.#framer.push(bytes)) this.#onCommand(command);
    });
  }

  get isOpen(): boolean {
    return this.#transport.isOpen;
  }

  /** Every command received, oldest first. */
  get commands(): readonly string[] {
    return this.#commands;
  }

  async open(): Promise<void> {
    await this.#transport.open(this.#options.path, { ...LINE[this.#options.protocol], ...this.#options.line });
  }

  async close(): Promise<void> {
    this.#stopStream();
    await this.#transport.close();
  }

  setSilent(silent: boolean): void {
    this.#silent = silent;
  }

  /**
   * MT-SICS: answer every weight request (S, SI, SIR) with this line instead of the weight, as a
   * scale does that refuses (`ES`, `EL`, `ET`) or cannot weigh now (`S I`, `S L`, `S +`, `S -`);
   * null to weigh again. The demo drawer uses it to show what each answer looks like at the station.
   */
  answerWeightWith(line: string | null): void {
    if (line !== null && !/^[\x20-\x7e]{1,16}$/.test(line)) throw new Error('a simulated MT-SICS answer is one short printable line');
    this.#weightAnswer = line;
  }

  /** Sends raw bytes, e.g. line noise. */
  async sendRaw(bytes: Uint8Array | string): Promise<void> {
    await this.#transport.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  #reply(text: string): void {
    if (!this.#transport.isOpen) return;
    this.#transport.write(Buffer.from(text, 'latin1')).catch(() => undefined);
  }

  #onCommand(command: string): void {
    this.#commands.push(command);
    if (this.#silent) return;
    if (this.#options.protocol === 'mt-sics') this.#onMtSics(command.trim());
    else this.#onNci(command.trim());
  }

  // --- MT-SICS ---

  #onMtSics(command: string): void {
    if (command === 'S' || command === 'SI' || command === '@') this.#stopStream();
    switch (command) {
      case 'S':
        // S waits for stability; the model settles in samples, so the wait is instantaneous.
        this.#reply(`${this.#mtSicsWeight(this.model.settle())}\r\n`);
        return;
      case 'SI':
        this.#reply(`${this.#mtSicsWeight(this.model.sample())}\r\n`);
        return;
      case 'SIR':
        this.#stopStream();
        this.#reply(`${this.#mtSicsWeight(this.model.sample())}\r\n`);
        this.#stream = setInterval(() => this.#reply(`${this.#mtSicsWeight(this.model.sample())}\r\n`), this.#options.streamMs ?? 100);
        return;
      case 'Z':
        this.#reply(`${MT_SICS_ZERO[this.model.zero()]}\r\n`);
        return;
      case 'T': {
        const { outcome, tareGrams } = this.model.tare();
        this.#reply(`${outcome === 'done' ? `T S ${this.#mtSicsValue(tareGrams).padStart(10)} g` : MT_SICS_TARE_REFUSAL[outcome]}\r\n`);
        return;
      }
      case '@':
        this.model.reset();
        this.#reply('I4 A "SIM0000001"\r\n');
        return;
      default:
        this.#reply('ES\r\n');
    }
  }

  #mtSicsValue(grams: number): string {
    const decimals = this.#options.decimals ?? 2;
    const text = (Math.round(grams * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
    return /^-[0.]+$/.test(text) ? text.slice(1) : text;
  }

  /** MT-SICS has no fault codes in a weight reply: a scale that cannot weigh says `S I`. */
  #mtSicsWeight(sample: ScaleSample): string {
    if (this.#weightAnswer !== null) return this.#weightAnswer;
    const forced = sample.forced;
    if (forced === 'overCapacity' || (!forced && sample.overCapacity)) return 'S +';
    if (forced === 'underZero' || (!forced && sample.underload)) return 'S -';
    if (forced) return 'S I';
    return `S ${sample.inMotion ? 'D' : 'S'} ${this.#mtSicsValue(sample.netGrams).padStart(10)} g`;
  }

  #stopStream(): void {
    if (this.#stream) clearInterval(this.#stream);
    this.#stream = null;
  }

  // --- NCI ---

  #onNci(command: string): void {
    switch (command) {
      case 'W':
        this.#reply(this.#nciWeightFrame(this.model.sample()));
        return;
      case 'S':
        this.#reply(`\n${this.#nciStatus(this.model.sample())}\r\x03`);
        return;
      case 'Z':
        this.model.zero();
        this.#reply(`\n${this.#nciStatus(this.model.sample())}\r\x03`);
        return;
      default:
        this.#reply('\n?\r\x03');
    }
  }

  #nciWeightFrame(sample: ScaleSample): string {
    const field = this.#nciField(sample.netGrams);
    const status = this.#nciStatus(sample);
    switch (this.#options.nciVariant ?? 'scp-01') {
      case 'scp-01':
        return `\n${field}\r\n${status}\r\x03`;
      case 'scp-12':
        return `\n${field}\r${status}\x03`;
      case 'scp-02':
        return `\n${field}\r\nS${status}\r\x03`;
    }
  }

  #nciField(grams: number): string {
    const sign = grams < 0 ? '-' : '';
    const abs = Math.abs(grams);
    switch (this.#options.nciUnit ?? 'lb') {
      case 'lb': {
        const text = (Math.round((abs / GRAMS_PER_LB) * 100) / 100).toFixed(2);
        return `${text === '0.00' ? '' : sign}${text.padStart(7, '0')}LB`;
      }
      case 'kg': {
        const text = (Math.round(abs) / 1000).toFixed(3);
        return `${text === '0.000' ? '' : sign}${text.padStart(7, '0')}KG`;
      }
      case 'lb-oz': {
        const tenthsOz = Math.round((abs / GRAMS_PER_OZ) * 10);
        const lb = Math.floor(tenthsOz / 160);
        const oz = ((tenthsOz % 160) / 10).toFixed(1);
        return `${tenthsOz === 0 ? '' : sign}${String(lb).padStart(2)}lb ${oz.padStart(4)}oz`;
      }
    }
  }

  /** Status bytes per the SCP-01 table: bits 4–5 always set, a third byte only when needed. */
  #nciStatus(sample: ScaleSample): string {
    const forced = sample.forced;
    const over = forced === 'overCapacity' || (!forced && sample.overCapacity);
    const under = forced === 'underZero' || (!forced && sample.underload);
    const atZero = !sample.inMotion && Math.abs(sample.netGrams) < 0.5;
    const b1 = 0x30 | (sample.inMotion ? 0x01 : 0) | (atZero ? 0x02 : 0) | (forced === 'fault' ? 0x04 : 0);
    let b2 = 0x30 | (under ? 0x01 : 0) | (over ? 0x02 : 0) | (forced === 'needsCalibration' ? 0x08 : 0);
    let b3 = '';
    if (forced === 'needsRezero') {
      b2 |= 0x40;
      b3 = String.fromCharCode(0x30 | 0x08);
    }
    return `${String.fromCharCode(b1)}${String.fromCharCode(b2)}${b3}`;
  }
}
