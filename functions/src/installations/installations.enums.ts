/** Zod-free enums of the installed base (issue 21), shared with the SPA. */

export const installationStates = ['active', 'removed', 'replaced'] as const;
export type InstallationState = (typeof installationStates)[number];

export const visitKinds = ['maintenance', 'repair', 'inspection', 'installation', 'firmware_update'] as const;
export type VisitKind = (typeof visitKinds)[number];

export const visitOutcomes = ['ok', 'needs_follow_up', 'not_fixed'] as const;
export type VisitOutcome = (typeof visitOutcomes)[number];
