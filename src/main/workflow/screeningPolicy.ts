import type { ItemType, RiskLevel, ScreeningStep, StepRequirement } from '../../shared/contract/index.ts';

/** Per risk level, per item type: which steps are mandatory and which may be skipped with a reason. */
export type ScreeningPolicy = Record<RiskLevel, Record<ItemType, Record<Exclude<ScreeningStep, 'inspect'>, StepRequirement>>>;

const all = (weigh: StepRequirement, xray: StepRequirement) => ({ weigh, xray });

/**
 * The shipped default, after USPS Pub 166 and the GSA Mail Center Security Guide: visual inspection
 * of every item always (so it is not in the table: it can never be skipped); at low risk X-ray is
 * the site's choice; at medium every parcel, tube and padded envelope is X-rayed; at high all mail
 * is ("All mail, regardless of carrier, should be x-rayed"). Weighing is required wherever the
 * weight informs the decision (parcels, and letters for the letter-bomb heuristic at medium/high).
 */
export const DEFAULT_SCREENING_POLICY: ScreeningPolicy = {
  low: {
    letter: all('optional', 'optional'),
    flat: all('optional', 'optional'),
    'padded-envelope': all('required', 'optional'),
    parcel: all('required', 'optional'),
    tube: all('required', 'optional'),
    other: all('required', 'optional'),
  },
  medium: {
    letter: all('required', 'optional'),
    flat: all('required', 'optional'),
    'padded-envelope': all('required', 'required'),
    parcel: all('required', 'required'),
    tube: all('required', 'required'),
    other: all('required', 'required'),
  },
  high: {
    letter: all('required', 'required'),
    flat: all('required', 'required'),
    'padded-envelope': all('required', 'required'),
    parcel: all('required', 'required'),
    tube: all('required', 'required'),
    other: all('required', 'required'),
  },
};

/**
 * What the policy asks of this item. An item whose type is not known yet is treated as the
 * strictest type at this level, and a ticked indicator makes X-ray mandatory: no indicator is
 * ever outweighed by anything else.
 */
export function stepRequirement(
  policy: ScreeningPolicy,
  level: RiskLevel,
  itemType: ItemType | null,
  step: ScreeningStep,
  indicatorCount: number,
): StepRequirement {
  if (step === 'inspect') return 'required';
  if (step === 'xray' && indicatorCount > 0) return 'required';
  const types = itemType ? [itemType] : (Object.keys(policy[level]) as ItemType[]);
  return types.some((t) => policy[level][t][step] === 'required') ? 'required' : 'optional';
}
