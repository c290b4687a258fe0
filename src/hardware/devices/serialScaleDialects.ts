// The serial scale protocols the station speaks, by the name station.json gives them. Keyed by
// shared/devices/serialScale.ts's protocol names: a protocol added there without a dialect here
// does not compile. The driver and the `decode` CLI both read this table.
import type { SerialScaleConfig, SerialScaleProtocol } from '../../shared/devices/index.ts';
import { MT_SICS } from './mtSicsDialect.ts';
import { NCI } from './nciDialect.ts';
import type { SerialScaleDialect, SerialScaleProtocolSupport } from './serialScaleDialect.ts';

export const SERIAL_SCALE_DIALECTS: { readonly [P in SerialScaleProtocol]: SerialScaleProtocolSupport<Extract<SerialScaleConfig, { protocol: P }>> } = {
  'mt-sics': MT_SICS,
  nci: NCI,
};

/** The dialect a scale's config selects. */
export function serialScaleDialect(config: SerialScaleConfig): SerialScaleDialect {
  // Each protocol's support takes its own config; the table's key and the config's tag agree.
  const support = SERIAL_SCALE_DIALECTS[config.protocol] as SerialScaleProtocolSupport<SerialScaleConfig>;
  return support.dialect(config);
}
