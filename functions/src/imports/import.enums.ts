/** The import's wire vocabularies, zod-free so the SPA can import them. */
export const importKinds = ['customers', 'products'] as const;
export type ImportKind = (typeof importKinds)[number];

/**
 * `running` while a run's batch is being written: a second run is refused. `failed`: a run
 * that failed after committing some of its chunks, rolled back (see `failure`, `not_undone`).
 */
export const importStates = ['ready', 'running', 'imported', 'undone', 'failed'] as const;
export type ImportState = (typeof importStates)[number];

export const importActions = ['create', 'update', 'skip', 'error'] as const;
export type ImportAction = (typeof importActions)[number];

/** What a row that matches an existing record (or repeats an earlier row) does. */
export const matchChoices = ['skip', 'update', 'create'] as const;
export type MatchChoice = (typeof matchChoices)[number];
