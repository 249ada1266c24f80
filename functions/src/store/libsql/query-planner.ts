/**
 * Runs queries: checks each against the declared indexes, picks where the SQL starts from
 * with index row counts (cached until this process next writes), and reads the page.
 */
import type { Client, InStatement, InValue } from '@libsql/client';
import type { Doc, Query } from '../docstore.js';
import { assertIndexed, type IndexConfig } from '../indexes.js';
import { normalizeQuery, type NormalizedQuery } from '../query.js';
import { rowsToDocs, type Executor } from './doc-rows.js';
import { compileCount, compileEstimate, compileQuery, driverCandidates } from './query-sql.js';

/** Cached planner estimates kept at most (the cache starts over when full). */
const ESTIMATE_CACHE_SIZE = 1000;
/** Index rows counted, at most, to estimate how selective a filter is. */
const ESTIMATE_CAP = 5000;

/** Counts index rows for the query planner (see chooseDriver). */
type Estimator = (statement: { sql: string; args: InValue[] }) => Promise<number>;

async function countRows(db: Executor, statement: InStatement): Promise<number> {
  return Number((await db.execute(statement)).rows[0]!.n);
}

/**
 * Which equality filter, if any, the query should start from (see compileInner): the one with
 * the fewest matching index rows. An ordered query with a limit starts from its order field
 * instead when that is cheaper: scanning it in order stops after about limit × N / m rows
 * (N documents have the field, m match the filter), while starting from the filter reads m
 * rows and sorts them.
 */
async function chooseDriver(estimate: Estimator, q: NormalizedQuery, forCount: boolean): Promise<number | null> {
  const candidates = driverCandidates(q);
  if (candidates.length === 0) return null;
  if (candidates.length === 1 && q.order.length === 0) return candidates[0]!;
  const ordersWithLimit = q.order.length > 0 && !forCount && q.limit !== undefined;
  // With an order and a limit, a filter matching more rows than this never pays (see below).
  const cap = ordersWithLimit ? Math.ceil(Math.sqrt(4 * q.limit! * ESTIMATE_CAP)) : ESTIMATE_CAP;
  let best = candidates[0]!;
  let matches = Infinity;
  for (const candidate of candidates) {
    const n = await estimate(compileEstimate(q, { filter: candidate }, cap));
    if (n < matches) [best, matches] = [candidate, n];
  }
  if (!ordersWithLimit) return best;
  const worthIt = Math.ceil((matches * matches) / (4 * q.limit!));
  if (matches >= cap || worthIt >= ESTIMATE_CAP) return null;
  const withField = await estimate(compileEstimate(q, { orderField: q.order[0]!.field }, worthIt + 1));
  return withField > worthIt ? best : null;
}

export class QueryPlanner {
  /**
   * Index row counts the planner asked for, until this process next writes. They only steer
   * the choice of plan, so a count gone stale by another process's write costs speed, never
   * correctness.
   */
  private estimates = new Map<string, number>();

  /** `client` answers the estimates (committed data); `indexes` are the declared ones. */
  constructor(
    private readonly client: Pick<Client, 'execute'>,
    private readonly indexes: IndexConfig,
  ) {}

  /** The documents `query` matches, read on `db` (refused when it needs an undeclared index). */
  async query(db: Executor, query: Query): Promise<Doc[]> {
    const q = this.plan(query);
    const rs = await db.execute(compileQuery(q, await chooseDriver(this.estimate, q, false)));
    return rowsToDocs(rs.rows);
  }

  /** How many documents `query` matches, counted on `db`. */
  async count(db: Executor, query: Query): Promise<number> {
    const q = this.plan(query);
    return countRows(db, compileCount(q, await chooseDriver(this.estimate, q, true)));
  }

  /** Drops the cached estimates: this process has written. */
  forgetEstimates(): void {
    this.estimates = new Map();
  }

  private plan(query: Query): NormalizedQuery {
    const normalized = normalizeQuery(query);
    assertIndexed(normalized, this.indexes);
    return normalized;
  }

  private readonly estimate: Estimator = async (statement) => {
    const key = `${statement.sql}\u0000${JSON.stringify(statement.args)}`;
    const cached = this.estimates.get(key);
    if (cached !== undefined) return cached;
    const n = await countRows(this.client, statement);
    if (this.estimates.size >= ESTIMATE_CACHE_SIZE) this.estimates.clear();
    this.estimates.set(key, n);
    return n;
  };
}
