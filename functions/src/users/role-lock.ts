import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app/deps.js';
import { ApiError } from '../http/errors.js';

/**
 * One role change at a time, across every instance of the `api` function: a lease document
 * taken and given back in DocStore transactions. Roles live in Firebase Auth, which has no
 * transactions, so "is there another admin?" and the change itself must not interleave with
 * another change; the lease expires on its own if an instance dies holding it.
 */

const LOCK_PATH = 'crm_locks/user-roles';
const LEASE_MS = 30_000;
const WAIT_MS = 10_000;
const RETRY_MS = 40;

type LockDeps = Pick<AppDeps, 'store' | 'clock'>;

async function tryAcquire(deps: LockDeps, holder: string): Promise<boolean> {
  return deps.store.runTransaction(async (tx) => {
    const lock = await tx.get(LOCK_PATH);
    const now = deps.clock.now();
    const expires = lock?.data.expires_at;
    if (lock && expires instanceof Date && expires > now && lock.data.holder !== holder) return false;
    tx.set(LOCK_PATH, { holder, expires_at: new Date(now.getTime() + LEASE_MS) });
    return true;
  });
}

async function release(deps: LockDeps, holder: string): Promise<void> {
  await deps.store.runTransaction(async (tx) => {
    const lock = await tx.get(LOCK_PATH);
    if (lock?.data.holder === holder) tx.delete(LOCK_PATH);
  });
}

/** Runs `work` holding the role lock; 409 when another change holds it for longer than WAIT_MS. */
export async function withRoleLock<T>(deps: LockDeps, work: () => Promise<T>): Promise<T> {
  const holder = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  while (!(await tryAcquire(deps, holder))) {
    if (Date.now() > deadline) throw new ApiError('conflict', 'Another role change is in progress; try again');
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS + Math.random() * RETRY_MS));
  }
  try {
    return await work();
  } finally {
    await release(deps, holder);
  }
}
