import type { ItemDetail, Operator } from '../../shared/contract/index.ts';
import { zplField } from './zplField.ts';

const CARRIER_NAMES: Record<string, string> = { ups: 'UPS', fedex: 'FedEx', usps: 'USPS', dhl: 'DHL', amazon: 'Amazon', s10: 'UPU S10' };

/**
 * The clearance label (4 x 6 in at 203 dpi): custody ID as Code 128 and human-readable, carrier
 * and tracking number, recipient, and the "SCREENED" stamp with date, operator and method.
 * UTF-8 field data (^CI28) so names print as written.
 */
export function clearanceLabelZpl(detail: ItemDetail, operator: Operator, siteName: string): string {
  const { item, screened } = detail;
  const at = screened ? new Date(screened.at) : new Date();
  const method = screened?.methods.includes('xray') ? 'VISUAL + X-RAY' : 'VISUAL';
  const carrier = item.carrier ? `${CARRIER_NAMES[item.carrier] ?? item.carrier} ${item.trackingNumber ?? ''}`.trim() : `Scanned: ${item.scannedCode}`;
  return [
    '^XA',
    '^CI28',
    '^PW812',
    '^LL1218',
    `^FO40,40^A0N,34,34${zplField(siteName)}`,
    '^FO40,90^GB732,4,4^FS',
    '^FO40,120^A0N,140,120^FDSCREENED^FS',
    `^FO40,280^A0N,40,40${zplField(`${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`)}`,
    `^FO40,330^A0N,40,40${zplField(`Method: ${method}`)}`,
    `^FO40,380^A0N,40,40${zplField(`Operator: ${operator.name}`)}`,
    '^FO40,440^GB732,4,4^FS',
    `^FO40,480^BY3^BCN,160,N,N,N${zplField(item.custodyId.replace(/-/g, ''))}`,
    `^FO40,660^A0N,80,80${zplField(item.custodyId)}`,
    `^FO40,780^A0N,36,36${zplField(carrier)}`,
    `^FO40,830^A0N,36,36${zplField(`To: ${detail.recipient ?? 'recipient not recorded'}`)}`,
    '^XZ',
  ].join('\n');
}
