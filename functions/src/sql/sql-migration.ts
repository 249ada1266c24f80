/**
 * A forward-only schema step. Once applied anywhere its statements never change: a later
 * change is a new migration with a higher version.
 */
export interface SqlMigration {
  version: number;
  name: string;
  statements: string[];
}
