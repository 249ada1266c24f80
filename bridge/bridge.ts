/**
 * The AMI bridge: AMI events → CallBuilder → the SQLite outbox → signed POSTs to the CRM,
 * and click-to-call requests from the CRM's long poll → AMI Originate. `main.ts` starts it
 * from the environment; tests start it against a scripted AMI server and a CRM in-process.
 */
import { AmiClient } from './ami.client.js';
import type { AmiMessage } from './ami.protocol.js';
import { CallBuilder } from './call.builder.js';
import type { BridgeLogger } from './bridge.config.js';
import { CrmClient } from './crm.client.js';
import { Outbox } from './outbox.js';
import { PendingEventLog } from './pending-events.js';
import type { BridgeStatus, CallRecord, OriginateRequest } from '../functions/src/calls/calls.schema.js';

export interface BridgeOptions {
  ami: { host: string; port: number; username: string; secret: string };
  crmUrl: string;
  signingSecret: string;
  dataDir: string;
  pbx: string;
  trunks?: ReadonlySet<string> | null;
  originateContext?: string;
  logger: BridgeLogger;
  /** Wait after a call's last Hangup for its Cdr events. */
  graceMs?: number;
  pingIntervalMs?: number;
  actionTimeoutMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** First retry of a failed delivery; doubles up to sendBackoffMaxMs. */
  sendBackoffMinMs?: number;
  sendBackoffMaxMs?: number;
  /**
   * Click-to-call: how long the CRM may hold a poll open waiting for a request (0: it answers at
   * once), and the pause between polls. A held poll keeps a Cloud Function busy (billed) the whole
   * time, so production polls briefly and often; the embedded server, where holding costs nothing,
   * may hold. `pollIntervalMs` 0 with `pollWaitSeconds` 0 turns click-to-call off.
   */
  pollWaitSeconds?: number;
  pollIntervalMs?: number;
}

/** Between two short polls: a click reaches the PBX within this plus one round trip (under 2 s). */
export const DEFAULT_POLL_INTERVAL_MS = 1_500;

export interface Bridge {
  status(): Promise<BridgeStatus>;
  readonly ami: AmiClient;
  readonly builder: CallBuilder;
  readonly outbox: Outbox;
  stop(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { logger } = options;
  const outbox = await Outbox.open(options.dataDir);
  const pending = await PendingEventLog.open(outbox, {
    onError: (err) => logger.error('keeping events of calls in progress failed', { error: String(err) }),
  });
  /** While the kept events are fed back in: they are on disk already. */
  let replaying = false;
  const crm = new CrmClient(options.crmUrl, options.signingSecret);
  let stopped = false;
  let wake: (() => void) | null = null;
  const kick = () => wake?.();
  /** Calls built but not yet in the outbox: stop() waits for them. */
  const storing = new Set<Promise<void>>();

  const builder = new CallBuilder({
    pbx: options.pbx,
    trunks: options.trunks ?? null,
    graceMs: options.graceMs ?? 3_000,
    now: () => new Date(),
    onCall: (record: CallRecord) => {
      // Stores the call and deletes its kept events, in the batch after any of them still buffered.
      const write = pending
        .store(record, Date.now())
        .then((added) => {
          logger.info(added ? 'call stored' : 'call stored before; skipped', { linkedid: record.linkedid, disposition: record.disposition });
          kick();
        })
        .catch((err: unknown) => logger.error('outbox write failed', { linkedid: record.linkedid, error: String(err) }))
        .finally(() => storing.delete(write));
      storing.add(write);
    },
    onDropped: (linkedid, reason) => {
      logger.info('call not logged', { linkedid, reason });
      pending.forget(linkedid).catch((err: unknown) => logger.error('forgetting kept events failed', { linkedid, error: String(err) }));
    },
    onKept: (linkedids, message, arrivedAt) => {
      if (!replaying) pending.keep(linkedids, message, arrivedAt);
    },
  });

  // Calls in progress when the bridge last stopped (or crashed) continue from their kept
  // events, with the times they first arrived; after login, CoreShowChannels ends those whose
  // channels hung up meanwhile (onLogin below).
  const kept = await outbox.pendingEvents();
  replaying = true;
  try {
    for (const event of kept) builder.handle(JSON.parse(event.message) as AmiMessage, new Date(event.arrivedAt));
  } finally {
    replaying = false;
  }
  if (kept.length > 0) logger.info('calls in progress restored', { events: kept.length, calls: builder.inProgress });

  const ami: AmiClient = new AmiClient({
    ...options.ami,
    logger,
    pingIntervalMs: options.pingIntervalMs ?? 20_000,
    actionTimeoutMs: options.actionTimeoutMs ?? 10_000,
    backoffMinMs: options.backoffMinMs ?? 500,
    backoffMaxMs: options.backoffMaxMs ?? 30_000,
    onEvent: (message) => builder.handle(message, new Date()),
    onLogin: () => {
      if (builder.inProgress === 0) return;
      // Channels that hung up while the link was down never send their Hangup now.
      ami
        .send({ Action: 'CoreShowChannels' }, 'CoreShowChannelsComplete')
        .then(({ events }) => builder.reconcile(new Set(events.map((e) => e.fields.Uniqueid ?? ''))))
        .catch((err: unknown) => logger.warn('CoreShowChannels failed', { error: String(err) }));
    },
  });

  const status = async (): Promise<BridgeStatus> => ({
    pbx: options.pbx,
    connected: ami.loggedIn,
    last_event_at: ami.lastEventAt?.toISOString() ?? null,
    outbox_depth: await outbox.depth(),
  });

  const sendBackoffMin = options.sendBackoffMinMs ?? 1_000;
  const sendBackoffMax = options.sendBackoffMaxMs ?? 5 * 60_000;
  const sender = (async () => {
    while (!stopped) {
      try {
        for (const item of await outbox.due(Date.now(), 50)) {
          if (stopped) break;
          try {
            await crm.deliver(item.body, await status());
            await outbox.markSent(item.linkedid, Date.now());
          } catch (err) {
            const delay = Math.min(sendBackoffMax, sendBackoffMin * 2 ** item.attempts) * (0.75 + Math.random() / 4);
            await outbox.markFailed(item.linkedid, (err as Error).message, Date.now() + delay);
            logger.warn('call delivery failed; will retry', { linkedid: item.linkedid, in_ms: Math.round(delay), error: (err as Error).message });
          }
        }
        const next = await outbox.nextDue();
        const wait = next === null ? 60_000 : Math.max(0, next - Date.now());
        if (wait > 0) await sleep(wait, (resolve) => (wake = resolve));
      } catch (err) {
        logger.error('outbox failed', { error: String(err) });
        await sleep(sendBackoffMin, (resolve) => (wake = resolve));
      }
    }
  })();

  const pollWait = options.pollWaitSeconds ?? 0;
  const pollInterval = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  let pollAbort: (() => void) | null = null;
  // A poll in flight when the bridge stops is cancelled, so the CRM hands its requests to no one
  // rather than to a bridge that would ignore them.
  const pollCancel = new AbortController();
  void (async () => {
    if (pollWait <= 0 && pollInterval <= 0) return;
    let results: { id: string; ok: boolean; message?: string }[] = [];
    let failures = 0;
    while (!stopped) {
      try {
        const requests = await crm.poll(await status(), pollWait, results, pollCancel.signal);
        results = [];
        failures = 0;
        for (const request of requests) results.push(await originate(request));
        // Answered at once with nothing to do: wait before asking again, unless results are due.
        if (requests.length === 0 && pollWait <= 0) await sleep(pollInterval, (resolve) => (pollAbort = resolve));
      } catch (err) {
        if (stopped) break;
        const delay = Math.min(60_000, 1_000 * 2 ** failures++) * (0.5 + Math.random() / 2);
        logger.warn('click-to-call poll failed', { in_ms: Math.round(delay), error: (err as Error).message });
        await sleep(delay, (resolve) => (pollAbort = resolve));
      }
    }
  })();

  async function originate(request: OriginateRequest): Promise<{ id: string; ok: boolean; message?: string }> {
    if (!ami.loggedIn) return { id: request.id, ok: false, message: 'the PBX is not connected' };
    try {
      // Ring the staff member's phones first (Local/… follows FreePBX's follow-me and ring
      // settings); when answered, dial the customer through the normal outbound routes.
      await ami.send({
        Action: 'Originate',
        Channel: `Local/${request.extension}@${options.originateContext ?? 'from-internal'}`,
        Context: options.originateContext ?? 'from-internal',
        Exten: request.number,
        Priority: '1',
        CallerID: `${sanitize(request.caller_id)} <${request.number}>`,
        Timeout: '30000',
        Async: 'true',
        Variable: `CRM_ORIGINATE_ID=${request.id}`,
      });
      logger.info('originate sent', { id: request.id, extension: request.extension });
      return { id: request.id, ok: true };
    } catch (err) {
      return { id: request.id, ok: false, message: (err as Error).message };
    }
  }

  ami.start();
  logger.info('bridge started', { pbx: options.pbx, ami: `${options.ami.host}:${options.ami.port}` });

  return {
    status,
    ami,
    builder,
    outbox,
    async stop() {
      stopped = true;
      await ami.stop();
      // Calls that ended but were waiting out the Cdr grace are kept, not lost.
      builder.flush();
      await Promise.all([...storing]);
      await pending.flush();
      kick();
      (pollAbort as (() => void) | null)?.();
      pollCancel.abort();
      await sender;
      outbox.close();
    },
  };
}

function sanitize(text: string): string {
  return text.replace(/[\r\n<>"]/g, ' ').trim().slice(0, 60);
}

function sleep(ms: number, onWake: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    onWake(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
