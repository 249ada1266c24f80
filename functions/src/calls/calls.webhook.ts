import express, { type Request, type Response } from 'express';
import { CommsLog } from '../comms/comms.log.js';
import { ApiError } from '../http/errors.js';
import { registerSecret } from '../shared/secrets.js';
import { rawBodyOf } from '../http/raw-body.js';
import { methodNotAllowed, prepareWebhookResponse, sendWebhookError, webhookErrorHandler, webhookPrelude } from '../http/webhook-http.js';
import { JournalRepository } from '../journal/journal.repository.js';
import { processRecord, type JournalProcessor } from '../journal/journal.service.js';
import { CallsRepository } from './calls.repository.js';
import { callDeliverySchema, originatePollSchema } from './calls.schema.js';
import { callExtId, callJournalProcessor, originateQueued, type CallsDeps } from './calls.service.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyCalls } from './calls.signature.js';

/**
 * The AMI bridge's endpoint, the same in production (the `calls` function, bytes from Cloud
 * Functions' `req.rawBody`) and on the embedded server (`/webhooks/calls`, express.raw):
 * - POST / : one finished call. The signature (HMAC over timestamp and body, constant-time
 *   compare, 5-minute window) is checked on the bytes before anything is parsed: 401 and
 *   nothing stored when it fails. The record is journaled raw (source 'call', external id
 *   PBX:Linkedid), then logged; the 200 means it is stored, whatever processing did (the
 *   journal drain retries), so the bridge can drop it from its outbox.
 * - POST /originate : the bridge's long poll for click-to-call requests, same signature.
 */
export interface CallsWebhookDeps extends CallsDeps {
  /** CALLS_SIGNING_SECRET; empty when calls are not configured (503). */
  signingSecret: string;
}

export const CALLS_BODY_LIMIT = 1024 * 1024;
/** How often a waiting long poll looks for requests queued by another instance. */
const POLL_LOOK_MS = 1_000;

/** What the endpoint keeps between requests, built once where it is mounted. */
interface CallsWebhookParts {
  calls: CallsRepository;
  journal: JournalRepository;
  process: JournalProcessor;
}

/** The endpoint's request handler, its repositories and journal processor built once. */
export function callsWebhook(deps: CallsWebhookDeps): (req: Request, res: Response) => Promise<void> {
  const calls = new CallsRepository(deps.sql);
  const parts: CallsWebhookParts = { calls, journal: new JournalRepository(deps.sql), process: callJournalProcessor(deps, new CommsLog(deps), calls) };
  return (req, res) => handleCallsRequest(deps, parts, req, res);
}

async function handleCallsRequest(deps: CallsWebhookDeps, parts: CallsWebhookParts, req: Request, res: Response): Promise<void> {
  await prepareWebhookResponse(req, res);
  if (req.method !== 'POST') return methodNotAllowed(req, res, ['POST']);
  if (!deps.signingSecret) return fail(res, new ApiError('unavailable', 'Calls are not configured on this server'));
  registerSecret(deps.signingSecret);
  const raw = rawBodyOf(req);
  if (!raw) return fail(res, new ApiError('bad_request', 'Expected a body'));
  if (raw.length > CALLS_BODY_LIMIT) return fail(res, new ApiError('payload_too_large', 'Body too large'));
  const check = verifyCalls(deps.signingSecret, req.get(TIMESTAMP_HEADER), req.get(SIGNATURE_HEADER), raw, deps.clock.now());
  if (!check.ok) {
    deps.logger.warn('calls request refused', { reason: check.reason });
    return fail(res, new ApiError('unauthenticated', `Signature refused: ${check.reason}`));
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return fail(res, new ApiError('bad_request', 'Body is not JSON'));
  }
  const path = req.path.replace(/\/+$/, '');
  if (path === '/originate') return originatePoll(deps, parts.calls, json, res);
  if (path !== '') return fail(res, new ApiError('not_found', 'No such calls endpoint'));

  const parsed = callDeliverySchema.safeParse(json);
  if (!parsed.success) {
    return fail(res, new ApiError('validation_failed', 'Not a call record', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
  }
  const { call, bridge } = parsed.data;
  const { calls, journal } = parts;
  let recorded: Awaited<ReturnType<JournalRepository['record']>>;
  try {
    if (bridge) await calls.checkin(bridge, deps.clock.now());
    recorded = await journal.record({ source: 'call', external_id: callExtId(call), raw, meta: { pbx: call.pbx, linkedid: call.linkedid } }, deps.clock.now());
  } catch (err) {
    deps.logger.error('call could not be journaled', { error: (err as Error).message });
    return fail(res, new ApiError('unavailable', 'Could not store the call; try again'));
  }
  const { record, created } = recorded;
  if (created || (record.state === 'failed' && !record.dead_at)) await processRecord(deps, journal, record, parts.process);
  res.status(200).json({ stored: true, duplicate: !created });
}

async function originatePoll(deps: CallsWebhookDeps, calls: CallsRepository, json: unknown, res: Response): Promise<void> {
  const parsed = originatePollSchema.safeParse(json);
  if (!parsed.success) return fail(res, new ApiError('validation_failed', 'Not an originate poll'));
  const { bridge, wait_seconds: waitSeconds, results } = parsed.data;
  await calls.checkin(bridge, deps.clock.now());
  for (const result of results) await calls.originateResult(result.id, result.ok, result.message);
  const until = Date.now() + waitSeconds * 1000;
  let closed = false;
  res.once('close', () => (closed = true));
  for (;;) {
    // A bridge that went away (stopped mid-poll) must not take what another poll can deliver.
    if (closed) return;
    // A bridge that has lost the PBX could only fail them: they stay queued until it is back (or expire).
    const requests = bridge.connected ? await calls.takeOriginates(deps.clock.now()) : [];
    const left = until - Date.now();
    if (requests.length > 0 || left <= 0 || closed) {
      if (!closed) res.status(200).json({ requests });
      else if (requests.length > 0) {
        // Nobody will receive them: give them back.
        await Promise.all(requests.map((r) => calls.originateResult(r.id, false, 'the bridge left before receiving it')));
      }
      return;
    }
    await originateQueued.wait(Math.min(POLL_LOOK_MS, left));
  }
}

/** The endpoint on an Express app at `/webhooks/calls` (the embedded server). */
export function mountCallsWebhook(app: express.Express, deps: CallsWebhookDeps): void {
  const handle = callsWebhook(deps);
  app.use('/webhooks/calls', webhookPrelude, express.raw({ type: () => true, limit: CALLS_BODY_LIMIT }), (req, res, next) => {
    handle(req, res).catch(next);
  });
  app.use('/webhooks/calls', webhookErrorHandler(deps.logger, '1 MB'));
}

function fail(res: Response, error: ApiError): void {
  sendWebhookError(res, error);
}
