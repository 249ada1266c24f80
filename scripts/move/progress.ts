/** Where an interrupted move stopped: the last document path and, per table, the last rowid copied. */
export interface Progress {
  documents: string | null;
  tables: Record<string, number>;
}

/** One line of the verification: a collection or table, counted and hashed on each side. */
export interface Check {
  name: string;
  source: { count: number; hash: string };
  target: { count: number; hash: string };
}
