import { type DemoRig, type DemoDeviceId, DEMO_DEVICE_IDS } from '../../hardware/index.ts';

/**
 * What the demo drawer can make the simulated devices do. Each acts on the simulator at the far
 * end of the real transport, so the station's drivers see exactly what real hardware would send.
 */
export interface DemoControls {
  scan(code: string): Promise<void>;
  scale(grams: number | null): void;
  /** The simulated MT-SICS scale answers weight requests with this line (ES, S I, …); null: weights again. */
  scaleAnswer(answer: string | null): void;
  cabinet(change: { door?: 'open' | 'closed' | undefined; key?: 'on' | 'off' | undefined; fault?: string | null | undefined; threatInNextImage?: boolean | undefined }): void;
  printer(change: { paperOut?: boolean | undefined; headOpen?: boolean | undefined }): void;
  setPlugged(deviceId: string, plugged: boolean): Promise<void>;
}

/** The demo drawer's controls on the running demo rig. */
export function demoControls(rig: DemoRig): DemoControls {
  return {
    scan: (code) => rig.scanner.scan(code),
    scale: (grams) => (grams === null ? rig.scale.remove() : rig.scale.place(grams)),
    scaleAnswer: (answer) => rig.scale.answerWeightWith(answer),
    cabinet: ({ door, key, fault, threatInNextImage }) => {
      if (door) rig.cabinet.setDoor(door);
      if (key) rig.cabinet.setKey(key);
      if (fault !== undefined) rig.cabinet.setFault(fault);
      if (threatInNextImage !== undefined) rig.cabinet.setThreatInNextScan(threatInNextImage);
    },
    printer: ({ paperOut, headOpen }) => {
      if (paperOut !== undefined) rig.printer.setPaperOut(paperOut);
      if (headOpen !== undefined) rig.printer.setHeadOpen(headOpen);
    },
    setPlugged: async (deviceId, plugged) => {
      if (!(Object.values(DEMO_DEVICE_IDS) as string[]).includes(deviceId)) throw new Error(`no simulated device ${deviceId}`);
      await rig.setPlugged(deviceId as DemoDeviceId, plugged);
    },
  };
}
