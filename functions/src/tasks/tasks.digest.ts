import type { AuthUser } from '../auth/auth.types.js';
import type { Logger } from '../http/deps.js';
import { actorOf } from '../shared/actor.js';
import { addDays, athensDay, athensInstant } from '../shared/athens-time.js';
import { StoreError, type DocData, type DocStore } from '../store/docstore.js';
import { readTask, TASKS } from './tasks.docs.js';
import type { Preferences, PreferencesUpdate, Task } from './tasks.schema.js';

/**
 * The daily e-mail digest of a user's due and overdue tasks, at the time they chose on the
 * Athens clock. Sent at most once per user per Athens day: a claim document keyed (user, day) is
 * created before sending, so overlapping or repeated runs send nothing twice; a run after the
 * chosen time that finds no claim yet sends it late rather than never (a clock change, a
 * stopped server).
 */

export const USER_PREFS = 'crm_user_prefs';
export const DIGESTS = 'crm_task_digests';

const DEFAULT_TIME = '08:00';
const SCRIPT = { name: 'task digest', uid: 'script:task-digest' };

export interface DigestMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}
export type DigestSender = (mail: DigestMail) => Promise<void>;

interface StoredPreferences {
  digest_enabled: boolean;
  digest_time: string;
  digest_email: string | null;
}

function readPreferences(data: DocData | undefined): Preferences {
  return {
    digest_enabled: data?.digest_enabled === true,
    digest_time: typeof data?.digest_time === 'string' ? data.digest_time : DEFAULT_TIME,
    digest_email: typeof data?.digest_email === 'string' ? data.digest_email : null,
  };
}

export async function getPreferences(store: DocStore, user: AuthUser): Promise<Preferences> {
  const doc = await store.get(`${USER_PREFS}/${user.uid}`);
  return { ...readPreferences(doc?.data), digest_email: user.email };
}

export async function setPreferences(store: DocStore, user: AuthUser, body: PreferencesUpdate, now: Date): Promise<Preferences> {
  const actor = actorOf(user);
  const stored: StoredPreferences = { digest_enabled: body.digest_enabled, digest_time: body.digest_time, digest_email: user.email };
  await store.set(`${USER_PREFS}/${user.uid}`, { ...stored, updated_at: now, updated_by: actor.name, updated_by_uid: actor.uid }, { merge: true });
  return stored;
}

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The digest's text: overdue first, then today's, each with a link to the task. */
export function digestMail(to: string, day: string, tasks: Task[], appUrl: string): DigestMail {
  const overdue = tasks.filter((task) => (task.due_date ?? athensDay(task.due_at!)) < day);
  const today = tasks.filter((task) => !overdue.includes(task));
  const link = (task: Task) => `${appUrl.replace(/\/$/, '')}/tasks/${encodeURIComponent(task.id)}`;
  const when = (task: Task) => task.due_date ?? task.due_at!.toLocaleString('el-GR', { timeZone: 'Europe/Athens', dateStyle: 'short', timeStyle: 'short' });
  const sections = [
    { heading: 'Εκπρόθεσμες', tasks: overdue },
    { heading: 'Σήμερα', tasks: today },
  ].filter((section) => section.tasks.length > 0);
  const text = sections
    .map((section) => [`${section.heading} (${section.tasks.length})`, ...section.tasks.map((task) => `- ${task.title} (${when(task)}): ${link(task)}`)].join('\n'))
    .join('\n\n');
  const html = sections
    .map(
      (section) =>
        `<h2>${escapeHtml(section.heading)} (${section.tasks.length})</h2><ul>${section.tasks
          .map((task) => `<li><a href="${escapeHtml(link(task))}">${escapeHtml(task.title)}</a> (${escapeHtml(when(task))})</li>`)
          .join('')}</ul>`,
    )
    .join('');
  return { to, subject: `Εργασίες ${day}: ${overdue.length} εκπρόθεσμες, ${today.length} σήμερα`, text, html };
}

/** The user's open tasks due by the end of `day` (Athens), overdue first. */
async function dueTasks(store: DocStore, uid: string, day: string): Promise<Task[]> {
  const docs = await store.query({
    collection: TASKS,
    where: [
      { field: 'assignee_uid', op: '==', value: uid },
      { field: 'state', op: '==', value: 'open' },
      { field: 'due_sort', op: '<', value: athensInstant(addDays(day, 1)) },
    ],
    orderBy: [{ field: 'due_sort', direction: 'asc' }],
  });
  return docs.map((doc) => readTask(doc.id, doc.data));
}

/** Claims (user, day); false when a run already did. */
async function claim(store: DocStore, path: string, uid: string, day: string, now: Date): Promise<boolean> {
  try {
    await store.create(path, { uid, day, state: 'sending', updated_at: now, updated_by: SCRIPT.name, updated_by_uid: SCRIPT.uid });
    return true;
  } catch (err) {
    if (err instanceof StoreError && err.code === 'already-exists') return false;
    throw err;
  }
}

export interface DigestRun {
  sent: number;
  failed: number;
}

export async function runDigests(deps: { store: DocStore; logger: Logger }, send: DigestSender, now: Date, appUrl: string): Promise<DigestRun> {
  const run: DigestRun = { sent: 0, failed: 0 };
  const day = athensDay(now);
  const subscribers = await deps.store.query({ collection: USER_PREFS, where: [{ field: 'digest_enabled', op: '==', value: true }] });
  for (const doc of subscribers) {
    const prefs = readPreferences(doc.data);
    if (!prefs.digest_email || now < athensInstant(day, minutesOf(prefs.digest_time))) continue;
    const path = `${DIGESTS}/${doc.id}_${day}`;
    if (!(await claim(deps.store, path, doc.id, day, now))) continue;
    try {
      const tasks = await dueTasks(deps.store, doc.id, day);
      if (tasks.length > 0) await send(digestMail(prefs.digest_email, day, tasks, appUrl));
      await deps.store.update(path, { state: tasks.length > 0 ? 'sent' : 'nothing_due', updated_at: now });
      if (tasks.length > 0) run.sent++;
    } catch (err) {
      // Released, so a later run of the same day tries again.
      await deps.store.delete(path);
      run.failed++;
      deps.logger.error('task digest failed', { uid: doc.id, err: String(err) });
    }
  }
  return run;
}
