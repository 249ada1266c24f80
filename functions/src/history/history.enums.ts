/** The history's wire vocabularies, zod-free so the SPA can import them. */
export const actorKinds = ['user', 'integration', 'script', 'console'] as const;
export type ActorKind = (typeof actorKinds)[number];

export const historyActions = ['create', 'update', 'delete'] as const;
export type HistoryAction = (typeof historyActions)[number];

/** The kinds of documents that have a history (the admin page filters by them). */
export const historyKinds = ['customers', 'orders', 'products', 'quotes', 'installations', 'tasks'] as const;
export type HistoryKind = (typeof historyKinds)[number];

export interface HistoryActor {
  kind: ActorKind;
  uid: string | null;
  name: string | null;
}
