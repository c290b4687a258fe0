import type { ComponentType, ReactNode } from 'react';
import type { DisplayUnit, ItemDetail, NextStep, SkippableStep } from '../../shared/contract/index.ts';
import type { IndicatorCode } from '../../shared/domain/index.ts';

/**
 * What the workspace hands every step's screen. The ticked indicators are the workspace's (the
 * SUSPECT panel starts from them); the screening summary is drawn by the workspace, which knows
 * every step, so a step's screen can show it without importing the registry it is part of.
 */
export interface StepScreenProps {
  detail: ItemDetail;
  onDone(detail: ItemDetail): void;
  ticked: ReadonlySet<IndicatorCode>;
  onTicked(ticked: Set<IndicatorCode>): void;
  screeningSummary: ReactNode;
}

/** A step the site policy may let be skipped, and its name in operator words ("Skip weighing", "Skipped X-ray"). */
export interface SkippableStepWords {
  readonly step: SkippableStep;
  readonly words: string;
}

/** The step's line in the summary before clearing (and on the delivered and closed item). */
export interface SummaryLine {
  readonly term: string;
  /** What the record says, or null when it holds nothing for this step (then the skip, or `none`). */
  says(detail: ItemDetail, unit: DisplayUnit): string | null;
  readonly none: string;
}

/**
 * One step of the item workspace, everything the renderer knows of it in one place: the rail, the
 * screen, the summary. Every field is required (null where it does not apply), so a new step's
 * module is told by the compiler about each one. Its place in the order is its line in
 * `WORKSPACE_STEPS` (workspaceSteps.ts).
 */
export interface WorkspaceStep {
  /** The rail's `rail-<id>` and the name the workspace uses for it. */
  readonly id: string;
  /** The rail's word for it. */
  readonly name: string;
  /** The station's next steps (the first of `nextSteps`) this step's screen answers. */
  readonly answers: readonly NextStep[];
  /** Shown ahead of the station's next step while this says so (the details, while the type may still be set). */
  readonly showsFirst: ((detail: ItemDetail) => boolean) | null;
  /** Whether the item's record says this step was done. */
  readonly isDone: (detail: ItemDetail) => boolean;
  /** The skippable step of the record this step stands for, if the policy may let it be skipped. */
  readonly skip: SkippableStepWords | null;
  readonly summary: SummaryLine | null;
  readonly Screen: ComponentType<StepScreenProps>;
}
