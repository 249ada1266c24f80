import express, { type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http/errors.js';
import { rawBodyOf } from '../http/raw-body.js';
import { methodNotAllowed, prepareWebhookResponse, sendWebhookError, webhookErrorHandler, webhookPrelude } from '../http/webhook-http.js';
import { CommsLog } from '../comms/comms.log.js';
import { JournalRepository } from '../journal/journal.repository.js';
import { MediaRepository } from '../media/media.repository.js';
import { processRecord } from '../journal/journal.service.js';
import { whatsappJournalProcessor, type WhatsAppDeps } from './whatsapp.process.js';
import { WhatsAppRepository } from './whatsapp.repository.js';
import { verifyWhatsAppSignature } from './whatsapp.signature.js';

/**
 * Meta's webhook for the WhatsApp Business number, the same in production (`whatsappWebhook`,
 * bytes from Cloud Functions' `req.rawBody`) and on the embedded server (`/webhooks/whatsapp`,
 * bytes from express.raw):
 * - GET is the verify handshake: `hub.mode=subscribe` with our verify token gets
 *   `hub.challenge` back as text/plain; anything else 403.
 * - POST is a delivery: X-Hub-Signature-256 is checked on the bytes before anything is parsed
 *   (401, nothing stored, when it does not match); a signed delivery is journaled raw, then
 *   answered 200, then processed. A delivery we cannot read is kept and still answered 200,
 *   so Meta does not retry it for days; only a journal we cannot write is a 503 (Meta retries).
 */
export interface WhatsAppWebhook {
  /** Answers the request; resolves once the answer is sent, with the processing it started (if any). */
  handle(req: Request, res: Response): Promise<{ processing: Promise<void> | null }>;
  /** Resolves when every processing started so far has finished (tests, benchmarks, shutdown). */
  idle(): Promise<void>;
}

/** Meta's deliveries are small JSON documents; far larger is not Meta. */
export const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;
/**
 * Deliveries processed at once. Few, so a burst's journal writes (what the 200 waits for) are
 * not queued behind many processings; the rest wait their turn in memory.
 */
const PROCESSING_CONCURRENCY = 2;
/** Beyond this many waiting, a delivery stays pending in the journal and the scheduled drain takes it. */
const MAX_WAITING = 5_000;

/** The webhook, with its comms log, repositories and processor built once: it is the `whatsappWebhook` function's wiring. */
export function createWhatsAppWebhook(deps: WhatsAppDeps): WhatsAppWebhook {
  const inFlight = new Set<Promise<void>>();
  const processor = whatsappJournalProcessor(deps, new CommsLog(deps), { whatsapp: new WhatsAppRepository(deps.sql), media: new MediaRepository(deps.sql) });
  const journal = new JournalRepository(deps.sql);
  const waiting: (() => void)[] = [];
  let running = 0;
  /** Runs `task` when a processing slot is free. */
  const inTurn = async (task: () => Promise<void>): Promise<void> => {
    if (running >= PROCESSING_CONCURRENCY) await new Promise<void>((start) => waiting.push(start));
    running++;
    try {
      await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };

  const handle = async (req: Request, res: Response): Promise<{ processing: Promise<void> | null }> => {
    await prepareWebhookResponse(req, res);
    if (req.method !== 'GET' && req.method !== 'POST') {
      methodNotAllowed(req, res, ['GET', 'POST']);
      return { processing: null };
    }
    const config = deps.whatsapp;
    if (!config) {
      fail(res, new ApiError('unavailable', 'WhatsApp is not configured on this server'));
      return { processing: null };
    }
    if (req.method === 'GET') {
      const mode = req.query['hub.mode'];
      const token = req.query['hub.verify_token'];
      const challenge = req.query['hub.challenge'];
      if (mode === 'subscribe' && typeof token === 'string' && sameText(token, config.verifyToken) && typeof challenge === 'string') {
        res.status(200).type('text/plain').send(challenge);
      } else {
        fail(res, new ApiError('forbidden', 'Verification refused'));
      }
      return { processing: null };
    }
    const raw = rawBodyOf(req);
    if (!raw || !verifyWhatsAppSignature(raw, req.get('x-hub-signature-256'), config.appSecret)) {
      fail(res, new ApiError('unauthenticated', 'Missing or wrong X-Hub-Signature-256'));
      return { processing: null };
    }
    if (raw.length > WEBHOOK_BODY_LIMIT) {
      fail(res, new ApiError('payload_too_large', 'Delivery too large'));
      return { processing: null };
    }
    let recorded: Awaited<ReturnType<JournalRepository['record']>>;
    try {
      recorded = await journal.record({ source: 'whatsapp', raw, meta: { content_type: req.get('content-type') ?? null } }, deps.clock.now());
    } catch (err) {
      deps.logger.error('whatsapp delivery could not be journaled', { error: (err as Error).message });
      fail(res, new ApiError('unavailable', 'Could not store the delivery; try again'));
      return { processing: null };
    }
    res.status(200).type('text/plain').send('OK');
    const { record, created } = recorded;
    // A repeat of a delivery already done (or being done) needs nothing; one that failed is tried again now.
    if (!created && (record.state !== 'failed' || record.dead_at)) return { processing: null };
    if (waiting.length >= MAX_WAITING) return { processing: null };
    const processing = inTurn(async () => {
      await processRecord(deps, journal, record, processor);
    }).catch((err: unknown) => deps.logger.error('whatsapp processing crashed', { error: String(err) }));
    inFlight.add(processing);
    void processing.finally(() => inFlight.delete(processing));
    return { processing };
  };

  return {
    handle,
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

/**
 * The webhook on an Express app at `/webhooks/whatsapp` (the embedded server), reading the
 * body as raw bytes so the signature is checked on exactly what Meta sent.
 */
export function mountWhatsAppWebhook(app: express.Express, deps: WhatsAppDeps): WhatsAppWebhook {
  const webhook = createWhatsAppWebhook(deps);
  app.all(
    '/webhooks/whatsapp',
    webhookPrelude,
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }),
    (req, res, next) => {
      webhook.handle(req, res).catch(next);
    },
  );
  app.use('/webhooks/whatsapp', webhookErrorHandler(deps.logger, '3 MB'));
  return webhook;
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function fail(res: Response, error: ApiError): void {
  sendWebhookError(res, error);
}
