import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { clearStep } from '../../src/renderer/item/ClearStep.tsx';
import type { deliverStep } from '../../src/renderer/item/DeliverStep.tsx';
import type { detailsStep } from '../../src/renderer/item/DetailsStep.tsx';
import { inspectStep } from '../../src/renderer/item/InspectStep.tsx';
import { ScreeningSummary } from '../../src/renderer/item/ScreeningSummary.tsx';
import type { weighStep } from '../../src/renderer/item/WeighStep.tsx';
import type { WorkspaceStep } from '../../src/renderer/item/workspaceStep.ts';
import { INCIDENT_NEXT_STEPS, SKIPPABLE_STEP_NAMES, WORKSPACE_STEPS, type NextStepsAnswered, type SkippableStepsCovered } from '../../src/renderer/item/workspaceSteps.ts';
import type { xrayStep } from '../../src/renderer/item/XrayStep.tsx';
import { SiteProvider } from '../../src/renderer/site/index.ts';
import { StationProvider, type StationClient } from '../../src/renderer/station/index.ts';
import { ItemDetail, NextStep, type Operator, type SkippableStep } from '../../src/shared/contract/index.ts';

// Every step the site policy may let be skipped. A Record, so a new SkippableStep does not typecheck
// here until it is listed (tsconfig.e2e.json checks this file); the requirements the station sends
// name the same steps, and the test below holds the two together.
const SKIPPABLE: Readonly<Record<SkippableStep, true>> = { weigh: true, xray: true };
const SKIPPABLE_STEPS = Object.keys(SKIPPABLE) as SkippableStep[];

/** Which screens answer each next step of the contract: one each, or the station would show the item as done (none) or pick one by accident (two). */
function answersOf(steps: readonly WorkspaceStep[]): Map<NextStep, string[]> {
  const answers = new Map<NextStep, string[]>(NextStep.options.map((next) => [next, []]));
  for (const next of INCIDENT_NEXT_STEPS) answers.get(next)!.push('incident');
  for (const step of steps) for (const next of step.answers) answers.get(next)?.push(step.id);
  return answers;
}

const unanswered = (steps: readonly WorkspaceStep[]) => [...answersOf(steps)].filter(([, by]) => by.length === 0).map(([next]) => next);
const answeredTwice = (steps: readonly WorkspaceStep[]) => [...answersOf(steps)].filter(([, by]) => by.length > 1).map(([next]) => next);
const uncoveredSkips = (steps: readonly WorkspaceStep[]) => SKIPPABLE_STEPS.filter((skippable) => !steps.some((step) => step.skip?.step === skippable));

describe('the renderer\'s registry of screening steps', () => {
  it('answers every next step the contract can name, each with one screen', () => {
    expect(unanswered(WORKSPACE_STEPS)).toEqual([]);
    expect(answeredTwice(WORKSPACE_STEPS)).toEqual([]);
  });

  it('stands for every step the policy may skip, once, with its words', () => {
    expect(uncoveredSkips(WORKSPACE_STEPS)).toEqual([]);
    expect(Object.keys(ItemDetail.shape.requirements.shape).sort()).toEqual([...SKIPPABLE_STEPS].sort());
    const skips = WORKSPACE_STEPS.flatMap((step) => (step.skip === null ? [] : [step.skip.step]));
    expect(new Set(skips).size).toBe(skips.length);
    expect(SKIPPABLE_STEP_NAMES).toEqual({ weigh: 'weighing', xray: 'X-ray' });
  });

  it('finds the step that a registry without it leaves out (the checks above would fail)', () => {
    const withoutXray = WORKSPACE_STEPS.filter((step) => step.id !== 'xray');
    expect(unanswered(withoutXray)).toEqual(['xray', 'xray-or-skip', 'xray-verdict', 'second-review']);
    expect(uncoveredSkips(withoutXray)).toEqual(['xray']);
    expect(answeredTwice([...WORKSPACE_STEPS, { ...inspectStep, id: 'photograph' }])).toEqual(['inspect']);
  });

  it('does not compile without a step that answers each next step and stands for each skip', () => {
    // Each line is a type error (tsconfig.e2e.json checks this file); the registry holds the same check.
    // @ts-expect-error no step answers the X-ray's next steps
    const _answered: NextStepsAnswered<[typeof detailsStep, typeof weighStep, typeof inspectStep, typeof clearStep, typeof deliverStep]> = true;
    // @ts-expect-error no step stands for a skipped X-ray
    const _covered: SkippableStepsCovered<[typeof detailsStep, typeof weighStep, typeof inspectStep, typeof clearStep, typeof deliverStep]> = true;
    const _complete: NextStepsAnswered<[typeof detailsStep, typeof weighStep, typeof inspectStep, typeof xrayStep, typeof clearStep, typeof deliverStep]> = true;
    expect([_answered, _covered, _complete]).toEqual([true, true, true]);
  });

  it('has each step complete: its own id and name, a screen, a done test, and the rail in its order', () => {
    expect(WORKSPACE_STEPS.map((step) => step.id)).toEqual(['details', 'weigh', 'inspect', 'xray', 'clear', 'deliver']);
    expect(WORKSPACE_STEPS.map((step) => step.name)).toEqual(['Details', 'Weigh', 'Inspect', 'X-ray', 'Clear', 'Deliver']);
    for (const step of WORKSPACE_STEPS as readonly WorkspaceStep[]) {
      expect(step.id, step.id).toMatch(/^[a-z][a-z-]*$/);
      expect(step.name.trim(), step.id).not.toBe('');
      expect(typeof step.Screen, step.id).toBe('function');
      expect(typeof step.isDone, step.id).toBe('function');
      // A step is reached either by the station's next step or by coming first; one with neither never shows.
      expect(step.answers.length > 0 || step.showsFirst !== null, step.id).toBe(true);
      if (step.skip !== null) expect(step.skip.words.trim(), step.id).not.toBe('');
      if (step.summary !== null) expect([step.summary.term.trim(), step.summary.none.trim()], step.id).not.toContain('');
    }
    const terms = WORKSPACE_STEPS.flatMap((step) => (step.summary === null ? [] : [step.summary.term]));
    expect(terms).toEqual(['Weight', 'Inspection', 'X-ray']);
  });
});

describe('the screening summary, one line per step that has one', () => {
  const station = {} as StationClient;
  const operator = { id: 'op-1', name: 'A', role: 'screener' } as unknown as Operator;
  // Rendered once, without effects: the site's settings are not loaded, so weights are in grams.
  const render = (detail: ItemDetail) =>
    renderToStaticMarkup(createElement(StationProvider, { client: station, children: createElement(SiteProvider, { operator, refreshKey: 0, children: createElement(ScreeningSummary, { detail }) }) }));
  const base = {
    item: { custodyId: '7KQ-M3X-9TZ', trackingNumber: null, carrier: null, scannedCode: 'X', symbology: null, state: 'INSPECTED', mode: 'live', receivedAt: '2025-06-14T09:00:00.000Z', updatedAt: '2025-06-14T09:00:00.000Z', receivedBy: 'op-1', itemType: 'parcel', incidentNumber: null },
    recipient: null, sender: null, dimensions: null, weights: [], weightFlags: [], skips: [], inspection: null, xrayScans: [], screened: null, disposition: null, incident: null, custody: [],
    requirements: { weigh: 'optional', xray: 'optional' }, nextSteps: ['clear'], allowedActions: ['clear'],
  } as unknown as ItemDetail;

  it('says what the record holds, a skip with its reason, or that the step was not done', () => {
    expect(render(base)).toBe(
      '<dl class="summary" data-testid="screening-summary"><div><dt>Weight</dt><dd>Not weighed</dd></div><div><dt>Inspection</dt><dd>Not inspected</dd></div><div><dt>X-ray</dt><dd>Not X-rayed</dd></div></dl>',
    );
    const done = {
      ...base,
      weights: [{ grams: 1250, source: 'manual', manualReason: 'scale down' }],
      inspection: { indicators: [], notes: 'taped twice', operatorId: 'op-1', at: '2025-06-14T09:05:00.000Z' },
      skips: [{ step: 'xray', reason: 'low risk', operatorId: 'op-1', at: '2025-06-14T09:10:00.000Z' }],
    } as unknown as ItemDetail;
    expect(render(done)).toBe(
      '<dl class="summary" data-testid="screening-summary"><div><dt>Weight</dt><dd>1,250 g (typed: scale down)</dd></div><div><dt>Inspection</dt><dd>No indicators — taped twice</dd></div><div><dt>X-ray</dt><dd>Skipped: low risk</dd></div></dl>',
    );
    const reviewed = { ...base, skips: [{ step: 'weigh', reason: 'too big', operatorId: 'op-1', at: '2025-06-14T09:10:00.000Z' }], xrayScans: [{ verdict: 'inconclusive', secondVerdict: 'clear' }] } as unknown as ItemDetail;
    expect(render(reviewed)).toContain('<dt>Weight</dt><dd>Skipped: too big</dd>');
    expect(render(reviewed)).toContain('<dt>X-ray</dt><dd>Clear (after a second review)</dd>');
  });
});
