import type { XrayFinding, XrayVerdict } from '../../shared/contract/index.ts';

export const XRAY_VERDICT_NAMES: Readonly<Record<XrayVerdict, string>> = {
  clear: 'Clear',
  suspect: 'Suspect',
  inconclusive: 'Inconclusive',
};

export const XRAY_FINDING_NAMES: Readonly<Record<XrayFinding, string>> = {
  wires: 'Wires',
  battery: 'Battery or power source',
  powderOrGranularMass: 'Powder or granular mass',
  liquid: 'Liquid',
  denseOrganicMass: 'Dense organic mass',
  sharpObject: 'Sharp object',
  other: 'Other (see notes)',
};
