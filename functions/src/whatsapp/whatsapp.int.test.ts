/**
 * WhatsApp Cloud API end to end on the in-process API: Meta's webhook deliveries (made here
 * from Meta's documented payloads, signed over their exact bytes, Greek text escaped as Meta
 * escapes it) through the signature check, the journal and processing into the comms log;
 * media downloads onto the embedded WebDAV server (Nextcloud's stand-in); sending, templates
 * and the 24-hour window. Meta's Graph API cannot be reached from tests: a local HTTP server
 * stands in for it (test-support/graph-stand-in.ts).
 */
import express from 'express';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommsEntry } from '../comms/comms.schema.js';
import { CommsLog } from '../comms/comms.log.js';
import { createApp } from '../app/app.js';
import type { AppDeps } from '../app/deps.js';
import { buildRoutes } from '../app/routes.js';
import { drainAllJournals } from '../app/journal-processors.js';
import { JournalRepository } from '../journal/journal.repository.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { startGraphStandIn, type GraphStandIn } from './test-support/graph-stand-in.js';
import { delivery, message, metaJson, PHONE_NUMBER_ID, signed, status, WABA_ID } from './test-support/meta-payloads.js';
import type { WhatsAppConfig } from './whatsapp.config.js';
import { mountWhatsAppWebhook, type WhatsAppWebhook } from './whatsapp.webhook.js';

const APP_SECRET = 'app-secret-Καμπάνα';
const VERIFY_TOKEN = 'verify-me-123';
const HOUR = 3_600_000;

// Three customers, their mobiles written the three ways staff type them.
const STELIOS = '306971234567';
const PAPAS = '306972222222';
const DIMOS = '306973333333';
const STRANGER = '306989999999';
const MONI = '306976666666';

let t: TestApp;
let graph: GraphStandIn;
let config: WhatsAppConfig;
let deps: AppDeps;
let hook: express.Express;
let webhook: WhatsAppWebhook;
const customers: Record<string, string> = {};
let seq = 0;
const wamid = (label: string) => `wamid.HBgM${label}${++seq}`;

beforeAll(async () => {
  graph = await startGraphStandIn();
  config = {
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    accessToken: graph.token,
    phoneNumberId: PHONE_NUMBER_ID,
    businessAccountId: WABA_ID,
    graphUrl: graph.graphUrl,
  };
  t = await createTestApp({ routes: (base) => buildRoutes({ ...base, whatsapp: config }) });
  deps = { ...t.deps, whatsapp: config };
  hook = express();
  webhook = mountWhatsAppWebhook(hook, deps);
  const make = async (key: string, name: string, phone: string) => {
    const res = await request(t.app)
      .post('/api/crm/customers')
      .set('Authorization', `Bearer ${t.tokens.editor}`)
      .send({ name, contacts: [{ type: 'phone', label: 'mobile', value: phone, primary: true }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    customers[key] = res.body.id as string;
  };
  await make('stelios', 'Στέλιος Μπίμπης', '+30 697 123 4567');
  await make('papas', 'Ενορία Αγίου Νικολάου', '0030 697 222 2222');
  await make('dimos', 'Δήμος Καλαμάτας', '697 333 3333');
  graph.templates.push(
    {
      name: 'service_followup',
      language: 'el',
      status: 'APPROVED',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Καλημέρα {{1}}, ο τεχνικός έρχεται στις {{2}}.' }, { type: 'FOOTER', text: 'BellSystems' }],
      id: '1',
    },
    { name: 'draft_offer', language: 'el', status: 'PENDING', components: [{ type: 'BODY', text: 'Προσφορά' }], id: '2' },
  );
}, 120_000);

afterAll(async () => {
  await webhook?.idle();
  await t?.close();
  await graph?.stop();
});

async function post(value: unknown, signature?: string | null) {
  const { raw, signature: good } = signed(value, APP_SECRET);
  const req = request(hook).post('/webhooks/whatsapp').set('content-type', 'application/json');
  if (signature !== null) req.set('x-hub-signature-256', signature ?? good);
  // As a string: superagent would JSON-encode a Buffer under a JSON content type. Meta's bytes are ASCII.
  const res = await req.send(raw.toString('ascii'));
  await webhook.idle();
  return res;
}

async function entry(ext: string): Promise<CommsEntry> {
  const found = await new CommsLog(t.deps).findByExtId('whatsapp', ext);
  expect(found, `entry ${ext}`).not.toBeNull();
  return found!;
}

async function countWhatsApp(): Promise<number> {
  const rs = await t.deps.sql.execute("SELECT count(*) AS n FROM crm_comms_log WHERE type = 'whatsapp'");
  return Number(rs.rows[0]!.n);
}

const api = () => ({
  get: (path: string) => request(t.app).get(`/api${path}`).set('Authorization', `Bearer ${t.tokens.editor}`),
  post: (path: string, body: unknown, key?: string) => {
    const req = request(t.app).post(`/api${path}`).set('Authorization', `Bearer ${t.tokens.editor}`);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body as object);
  },
});

describe('webhook security', () => {
  it('answers the verify handshake with the challenge as text, and 403 otherwise', async () => {
    const ok = await request(hook).get('/webhooks/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.text).toBe('1158201444');
    for (const query of [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
      { 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' },
    ]) {
      expect((await request(hook).get('/webhooks/whatsapp').query(query)).status).toBe(403);
    }
  });

  it('refuses a missing, wrong or re-serialised signature with 401 and stores nothing', async () => {
    const journal = new JournalRepository(t.deps.sql);
    const before = await journal.counts('whatsapp');
    const entriesBefore = await countWhatsApp();
    const value = delivery([{ contacts: [{ wa_id: STRANGER, profile: { name: 'Κακόβουλος' } }], messages: [message(STRANGER, wamid('EVIL'), new Date(), 'text', { text: { body: 'Γεια σας/hello' } })] }]);
    const raw = metaJson(value);
    // Signed over JSON.stringify of the parsed body: the right secret, but not the bytes Meta sent (escaped \uXXXX and \/).
    const overParsed = `sha256=${createHmac('sha256', APP_SECRET).update(JSON.stringify(JSON.parse(raw.toString('utf8')))).digest('hex')}`;
    for (const signature of [null, '', 'sha256=', 'sha256=00', overParsed, `sha1=${'a'.repeat(40)}`, signed(value, 'another-secret').signature]) {
      const res = await post(value, signature);
      expect(res.status, String(signature)).toBe(401);
    }
    expect(await journal.counts('whatsapp')).toEqual(before);
    expect(await countWhatsApp()).toBe(entriesBefore);
  });

  it('answers 503 on the webhook when WhatsApp is not configured, refuses sending (422), and the rest of the API still works', async () => {
    const bare = express();
    const { whatsapp: _omit, ...unconfigured } = deps;
    mountWhatsAppWebhook(bare, unconfigured);
    expect((await request(bare).get('/webhooks/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1' })).status).toBe(503);
    const { raw, signature } = signed(delivery([]), APP_SECRET);
    const res = await request(bare).post('/webhooks/whatsapp').set('x-hub-signature-256', signature).set('content-type', 'application/json').send(raw.toString('ascii'));
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    const app = createApp(unconfigured);
    const auth = `Bearer ${t.tokens.editor}`;
    const send = await request(app).post(`/api/crm/customers/${customers.stelios}/whatsapp`).set('Authorization', auth).send({ type: 'text', text: 'γεια' });
    expect(send.status).toBe(422);
    expect(send.body.error.message).toMatch(/not connected/);
    const window = await request(app).get(`/api/crm/customers/${customers.stelios}/whatsapp`).set('Authorization', auth);
    expect(window.status).toBe(200);
    expect(window.body.configured).toBe(false);
    expect((await request(app).get('/api/crm/customers').set('Authorization', auth)).status).toBe(200);
  });

  it('keeps a malformed or unknown delivery and answers 200, so Meta stops retrying it', async () => {
    const journal = new JournalRepository(t.deps.sql);
    const before = await journal.counts('whatsapp');
    const notJson = Buffer.from('{"object": "whatsapp_business_account", "entry": [');
    const res = await request(hook)
      .post('/webhooks/whatsapp')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', `sha256=${createHmac('sha256', APP_SECRET).update(notJson).digest('hex')}`)
      .send(notJson.toString('ascii'));
    await webhook.idle();
    expect(res.status).toBe(200);
    expect((await post({ object: 'page', entry: [{ id: '1', changes: [] }] })).status).toBe(200);
    expect((await post({ object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: [{ field: 'messages', value: { messages: [{ nonsense: true }] } }] }] })).status).toBe(200);
    const after = await journal.counts('whatsapp');
    expect(after.processed - before.processed).toBe(3);
    expect(after.failed).toBe(before.failed);
  });
});

describe('inbound messages', () => {
  const now = new Date();
  const ids = {
    text: wamid('TEXT'),
    image: wamid('IMAGE'),
    voice: wamid('VOICE'),
    video: wamid('VIDEO'),
    document: wamid('DOC'),
    sticker: wamid('STICKER'),
    location: wamid('LOC'),
    contacts: wamid('CONTACTS'),
    buttonReply: wamid('BTN'),
    listReply: wamid('LIST'),
    button: wamid('QUICK'),
    order: wamid('ORDER'),
    referral: wamid('REF'),
    unsupported: wamid('UNSUP'),
    system: wamid('SYS'),
    reply: wamid('REPLY'),
    stranger: wamid('STRANGER'),
    reaction: wamid('REACT'),
  };
  const image = Buffer.from(`\xff\xd8\xff\xe0 photo of a silent striker ${'x'.repeat(5000)}`, 'latin1');
  const pdf = Buffer.from('%PDF-1.4 προσφορά', 'utf8');

  beforeAll(async () => {
    graph.media.set('MEDIA-IMAGE', { data: image, mime: 'image/jpeg' });
    graph.media.set('MEDIA-VOICE', { data: Buffer.from('OggS voice'), mime: 'audio/ogg' });
    graph.media.set('MEDIA-VIDEO', { data: Buffer.from('video bytes'), mime: 'video/mp4' });
    graph.media.set('MEDIA-DOC', { data: pdf, mime: 'application/pdf' });
    graph.media.set('MEDIA-STICKER', { data: Buffer.from('RIFF webp'), mime: 'image/webp' });
    graph.media.set('MEDIA-STRANGER', { data: Buffer.from('stranger photo'), mime: 'image/jpeg' });
    const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
    const s = (id: string, minutes: number, type: string, content: Record<string, unknown>) => message(STELIOS, id, at(minutes), type, content);
    const first = delivery(
      // Entry one: two changes, many messages from Stelios.
      [
        {
          contacts: [{ wa_id: STELIOS, profile: { name: 'Στέλιος' } }],
          messages: [
            s(ids.text, 30, 'text', { text: { body: 'Καλημέρα, ο κρουστήρας δεν χτυπάει / δεν ακούγεται' } }),
            s(ids.image, 29, 'image', { image: { caption: 'Ο κρουστήρας', mime_type: 'image/jpeg', sha256: 'abc', id: 'MEDIA-IMAGE' } }),
            s(ids.voice, 28, 'audio', { audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'abc', id: 'MEDIA-VOICE', voice: true } }),
            s(ids.video, 27, 'video', { video: { caption: 'βίντεο', mime_type: 'video/mp4', sha256: 'abc', id: 'MEDIA-VIDEO' } }),
            s(ids.document, 26, 'document', { document: { caption: 'Το τιμολόγιο', filename: 'Τιμολόγιο 2026/03.pdf', mime_type: 'application/pdf', sha256: 'abc', id: 'MEDIA-DOC' } }),
            s(ids.sticker, 25, 'sticker', { sticker: { mime_type: 'image/webp', sha256: 'abc', id: 'MEDIA-STICKER', animated: false } }),
          ],
        },
        {
          contacts: [{ wa_id: STELIOS, profile: { name: 'Στέλιος' } }],
          messages: [
            s(ids.location, 24, 'location', { location: { latitude: 37.9838, longitude: 23.7275, name: 'Ιερός Ναός Αγίας Παρασκευής', address: 'Αθήνα' } }),
            s(ids.contacts, 23, 'contacts', {
              contacts: [{ name: { formatted_name: 'Πάτερ Γεώργιος', first_name: 'Γεώργιος' }, phones: [{ phone: '+30 697 555 5555', type: 'CELL', wa_id: '306975555555' }] }],
            }),
            s(ids.buttonReply, 22, 'interactive', { interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Ναι, ελάτε' } } }),
            s(ids.listReply, 21, 'interactive', { interactive: { type: 'list_reply', list_reply: { id: 'slot-2', title: 'Τρίτη 10:00', description: 'πρωί' } } }),
            s(ids.button, 20, 'button', { context: { from: '302101234567', id: 'wamid.TEMPLATE' }, button: { payload: 'CONFIRM', text: 'Επιβεβαιώνω' } }),
          ],
        },
      ],
      // Entry two: the other two customers, a stranger, and Meta's odd types.
      [
        {
          contacts: [
            { wa_id: PAPAS, profile: { name: 'π. Νικόλαος' } },
            { wa_id: DIMOS, profile: { name: 'Δήμος' } },
            { wa_id: STRANGER, profile: { name: 'Άγνωστος <Χρήστης>' } },
          ],
          messages: [
            message(PAPAS, ids.order, at(19), 'order', {
              order: { catalog_id: 'CAT', text: 'Για το καμπαναριό', product_items: [{ product_retailer_id: 'STRIKER-01', quantity: 2, item_price: 350, currency: 'EUR' }] },
            }),
            message(PAPAS, ids.referral, at(18), 'text', {
              text: { body: 'Είδα τη διαφήμιση' },
              referral: { source_url: 'https://fb.me/ad', source_id: 'AD1', source_type: 'ad', headline: 'Ηλεκτρονικές καμπάνες', body: 'Δείτε', media_type: 'image' },
            }),
            message(DIMOS, ids.unsupported, at(17), 'unsupported', { errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }] }),
            message(DIMOS, ids.system, at(16), 'system', { system: { body: 'Ο χρήστης άλλαξε αριθμό', new_wa_id: '306974444444', type: 'user_changed_number' } }),
            message(STRANGER, ids.stranger, at(15), 'image', { image: { mime_type: 'image/jpeg', sha256: 'abc', id: 'MEDIA-STRANGER' } }),
          ],
        },
      ],
    );
    const second = delivery([
      {
        contacts: [{ wa_id: STELIOS, profile: { name: 'Στέλιος' } }],
        messages: [
          s(ids.reply, 10, 'text', { context: { from: '302101234567', id: ids.text }, text: { body: 'Συγγνώμη, εννοώ τον δεύτερο' } }),
          // A reaction to a message not logged yet (it is in a later delivery).
          s(wamid('REACTION1'), 9, 'reaction', { reaction: { message_id: ids.reaction, emoji: '👍' } }),
          s(wamid('REACTION2'), 8, 'reaction', { reaction: { message_id: ids.text, emoji: '🙏' } }),
        ],
      },
    ]);
    const third = delivery([
      { contacts: [{ wa_id: STELIOS, profile: { name: 'Στέλιος' } }], messages: [s(ids.reaction, 12, 'text', { text: { body: 'Ευχαριστώ!' } })] },
    ]);
    // Every delivery twice, as Meta may.
    for (const value of [first, first, second, third, second, third]) expect((await post(value)).status).toBe(200);
  }, 60_000);

  it('logs every message of every entry and change once, with its type shown plainly', async () => {
    const rs = await t.deps.sql.execute({
      sql: `SELECT ext_message_id, count(*) AS n FROM crm_comms_log WHERE type = 'whatsapp' AND ext_message_id IN (${Object.values(ids).map(() => '?').join(',')}) GROUP BY ext_message_id`,
      args: Object.values(ids),
    });
    expect(rs.rows.length).toBe(Object.keys(ids).length);
    expect(rs.rows.every((row) => Number(row.n) === 1)).toBe(true);

    const text = await entry(ids.text);
    expect(text).toMatchObject({
      customer_id: customers.stelios,
      direction: 'inbound',
      address: `+${STELIOS}`,
      address_raw: `Στέλιος <+${STELIOS}>`,
      body: 'Καλημέρα, ο κρουστήρας δεν χτυπάει / δεν ακούγεται',
      delivery_status: null,
    });
    expect(text.details).toMatchObject({ wa_type: 'text', profile_name: 'Στέλιος' });
    expect(text.occurred_at.getTime()).toBe(Math.floor((now.getTime() - 30 * 60_000) / 1000) * 1000);

    expect((await entry(ids.location)).body).toBe('📍 Ιερός Ναός Αγίας Παρασκευής, Αθήνα (37.9838, 23.7275)');
    expect((await entry(ids.contacts)).body).toBe('Πάτερ Γεώργιος +30 697 555 5555');
    expect((await entry(ids.buttonReply)).body).toBe('Ναι, ελάτε');
    expect((await entry(ids.listReply)).body).toBe('Τρίτη 10:00 — πρωί');
    const button = await entry(ids.button);
    expect(button.body).toBe('Επιβεβαιώνω');
    expect(button.details).toMatchObject({ button: { payload: 'CONFIRM' }, context: { id: 'wamid.TEMPLATE' } });
    const order = await entry(ids.order);
    expect(order.customer_id).toBe(customers.papas);
    expect(order.body).toBe('Για το καμπαναριό\n2 × STRIKER-01 (350 EUR)');
    expect((await entry(ids.referral)).details).toMatchObject({ referral: { source_type: 'ad', headline: 'Ηλεκτρονικές καμπάνες' } });
    const unsupported = await entry(ids.unsupported);
    expect(unsupported.customer_id).toBe(customers.dimos);
    expect(unsupported.body).toBe('Message type unknown');
    expect(unsupported.details).toMatchObject({ wa_type: 'unsupported', unsupported: { errors: [{ code: 131051 }] } });
    expect((await entry(ids.system)).body).toBe('Ο χρήστης άλλαξε αριθμό');
    expect((await entry(ids.document)).body).toBe('Το τιμολόγιο');
    expect((await entry(ids.voice)).details).toMatchObject({ wa_type: 'audio', media: { voice: true } });
  });

  it('stores whatever a customer sends: control and bidi characters made visible, impossible times flagged, invalid senders kept raw', async () => {
    const at = new Date();
    const hostile = {
      bidi: wamid('BIDI'),
      nul: wamid('NUL'),
      future: wamid('FUTURE'),
      sender: wamid('SENDER'),
    };
    const res = await post(
      delivery([
        {
          contacts: [{ wa_id: STELIOS, profile: { name: 'Στέλιος\u202Eexe.gnp\u0000' } }],
          messages: [
            message(STELIOS, hostile.bidi, at, 'text', { text: { body: 'Καλημέρα \u202Eexe.gnp\u202C τέλος' } }),
            message(STELIOS, hostile.nul, at, 'text', { text: { body: 'null\u0000byte\u0007bell\r\nnext line' } }),
            { ...message(STELIOS, hostile.future, at, 'text', { text: { body: 'από το μέλλον' } }), timestamp: '99999999999' },
          ],
        },
        { contacts: [{ wa_id: 'not-a-number<script>', profile: { name: '<script>alert(1)</script>' } }], messages: [message('not-a-number<script>', hostile.sender, at, 'text', { text: { body: 'ποιος είμαι;' } })] },
      ]),
    );
    expect(res.status).toBe(200);
    const failed = await t.deps.sql.execute("SELECT last_error FROM integration_journal WHERE source = 'whatsapp' AND state <> 'processed'");
    expect(failed.rows.map((row) => row.last_error)).toEqual([]);
    const bidi = await entry(hostile.bidi);
    expect(bidi.body).toBe('Καλημέρα ⟨U+202E⟩exe.gnp⟨U+202C⟩ τέλος');
    expect(bidi.details.profile_name).toBe('Στέλιος⟨U+202E⟩exe.gnp⟨U+0000⟩');
    expect(bidi.customer_id).toBe(customers.stelios);
    const nul = await entry(hostile.nul);
    expect(nul.body).toBe('null⟨U+0000⟩byte⟨U+0007⟩bell\r\nnext line');
    const future = await entry(hostile.future);
    expect(Math.abs(future.occurred_at.getTime() - Date.now())).toBeLessThan(10 * 60_000);
    expect(future.details).toMatchObject({ time_flag: 'impossible', sent_at_raw: '99999999999' });
    const sender = await entry(hostile.sender);
    expect(sender.customer_id).toBe('');
    expect(sender.address).toBeNull();
    expect(sender.address_raw).toBe('not-a-number<script>');
    expect(sender.details).toMatchObject({ address_invalid: true, sender_raw: 'not-a-number<script>' });
    // The journal keeps the delivery's bytes as they came.
    const raw = await t.deps.sql.execute({ sql: "SELECT raw FROM integration_journal WHERE source = 'whatsapp' AND CAST(raw AS TEXT) LIKE ?", args: [`%${hostile.nul}%`] });
    expect(Buffer.from(raw.rows[0]!.raw as ArrayBuffer).toString('utf8')).toContain('null\\u0000byte');
  });

  it('matches +30 697…, 0030 697… and 697… contacts as one number, and sends strangers to Unassigned with their profile name', async () => {
    expect((await entry(ids.order)).customer_id).toBe(customers.papas);
    expect((await entry(ids.system)).customer_id).toBe(customers.dimos);
    const stranger = await entry(ids.stranger);
    expect(stranger.customer_id).toBe('');
    expect(stranger.address).toBe(`+${STRANGER}`);
    expect(stranger.address_raw).toBe(`Άγνωστος Χρήστης <+${STRANGER}>`);
    expect(stranger.details.profile_name).toBe('Άγνωστος <Χρήστης>');
    const inbox = await api().get('/crm/comms/unassigned');
    expect(inbox.body.entries.map((e: CommsEntry) => e.ext_message_id)).toContain(ids.stranger);
  });

  it('keeps the quoted message of a reply, and shows reactions on their message (also one that arrived first)', async () => {
    expect((await entry(ids.reply)).details.context).toMatchObject({ id: ids.text });
    expect((await entry(ids.text)).details.reactions).toEqual({ [STELIOS]: { emoji: '🙏', at: expect.any(String) } });
    expect((await entry(ids.reaction)).details.reactions).toEqual({ [STELIOS]: { emoji: '👍', at: expect.any(String) } });
    const pending = await t.deps.sql.execute('SELECT count(*) AS n FROM whatsapp_pending');
    expect(Number(pending.rows[0]!.n)).toBe(0);
    // An empty emoji takes the reaction away; an older reaction delivered late does not bring it back.
    const removal = new Date();
    await post(delivery([{ messages: [message(STELIOS, wamid('UNREACT'), removal, 'reaction', { reaction: { message_id: ids.text, emoji: '' } })] }]));
    expect((await entry(ids.text)).details.reactions).toEqual({});
    await post(delivery([{ messages: [message(STELIOS, wamid('LATE'), new Date(removal.getTime() - HOUR), 'reaction', { reaction: { message_id: ids.reaction, emoji: '😡' } })] }]));
    expect((await entry(ids.reaction)).details.reactions).toEqual({ [STELIOS]: { emoji: '👍', at: expect.any(String) } });
  });

  it('stores media on Nextcloud in the customer’s folder, indexed in crm_media, byte-identical', async () => {
    const photo = await entry(ids.image);
    expect(photo.details.media).toMatchObject({ status: 'stored', mime_type: 'image/jpeg', size: image.length });
    const media = photo.details.media as { crm_media_id: string; nextcloud_path: string };
    const folder = (await api().get(`/crm/customers/${customers.stelios}`)).body.nextcloud_folder as string;
    expect(folder).toMatch(/^05_Customers\//);
    expect(media.nextcloud_path.startsWith(`${folder}/WhatsApp image `)).toBe(true);
    expect(media.nextcloud_path).toMatch(/\.jpg$/);
    expect(photo.attachments).toEqual([{ filename: media.nextcloud_path.split('/').pop(), nextcloud_path: media.nextcloud_path }]);
    const download = await t.deps.files!.download(media.nextcloud_path);
    const chunks: Buffer[] = [];
    for await (const chunk of download.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(image)).toBe(true);
    const files = await api().get(`/crm/customers/${customers.stelios}/files`);
    const listed = files.body.files as { id: string; direction: string; tags: string[]; filename: string }[];
    expect(listed.find((f) => f.id === media.crm_media_id)).toMatchObject({ direction: 'received', tags: ['whatsapp'] });
    // One file per media message, although its delivery came twice.
    expect(listed.filter((f) => f.filename.startsWith('WhatsApp image')).length).toBe(1);
    const doc = (await entry(ids.document)).details.media as { nextcloud_path: string };
    expect(doc.nextcloud_path).toBe(`${folder}/Τιμολόγιο 2026_03.pdf`);
    const stranger = (await entry(ids.stranger)).details.media as { status: string; nextcloud_path: string };
    expect(stranger).toMatchObject({ status: 'stored' });
    expect(stranger.nextcloud_path).toMatch(/^WhatsApp Unassigned\/\+306989999999\//);
  });

  it('shows a message whose media download failed at once, and stores the media on the journal’s retry', async () => {
    const id = wamid('FLAKY');
    graph.media.set('MEDIA-FLAKY', { data: Buffer.from('flaky photo'), mime: 'image/jpeg' });
    graph.failDownloads.set('MEDIA-FLAKY', 1);
    const value = delivery([{ contacts: [{ wa_id: STELIOS, profile: { name: 'Στέλιος' } }], messages: [message(STELIOS, id, new Date(), 'image', { image: { caption: 'ξανά', mime_type: 'image/jpeg', id: 'MEDIA-FLAKY' } })] }]);
    expect((await post(value)).status).toBe(200);
    const shown = await entry(id);
    expect(shown.body).toBe('ξανά');
    expect(shown.details.media).toMatchObject({ status: 'pending' });
    const journal = new JournalRepository(t.deps.sql);
    const failed = await journal.failures('whatsapp', 10);
    expect(failed.some((record) => /media download failed/.test(record.last_error ?? ''))).toBe(true);
    // The scheduled drain, an hour later.
    const later = { ...deps, clock: { now: () => new Date(Date.now() + HOUR) } };
    const result = await drainAllJournals(later);
    expect(result.whatsapp?.processed).toBeGreaterThanOrEqual(1);
    expect((await entry(id)).details.media).toMatchObject({ status: 'stored' });
  });

  it('moves a stranger’s media into the folder of the customer the number is assigned to, before the answer', async () => {
    const waiting = await entry(ids.stranger);
    const before = waiting.details.media as { crm_media_id: string; nextcloud_path: string };
    const made = await api().post('/crm/customers', { name: 'Ενορία Αγίου Σπυρίδωνα' });
    expect(made.status).toBe(201);
    const res = await api().post(`/crm/comms/${waiting.id}/assign`, { customer_id: made.body.id });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await expectMoved(ids.stranger, made.body.id as string, before, Buffer.from('stranger photo'));
    expect(res.body.entry.attachments).toEqual((await entry(ids.stranger)).attachments);
  });

  it('moves media the scheduled drain finds still waiting after an assignment, and gives up on a file removed meanwhile', async () => {
    const numbers = ['306981111111', '306982222222'];
    const sent = numbers.map((number) => ({ number, id: wamid(`WAITING${number}`), media: `MEDIA-${number}`, data: Buffer.from(`έγγραφο ${number}`) }));
    for (const m of sent) graph.media.set(m.media, { data: m.data, mime: 'application/pdf' });
    const value = delivery([
      {
        contacts: numbers.map((wa_id) => ({ wa_id, profile: { name: 'Άγνωστος' } })),
        messages: sent.map((m) => message(m.number, m.id, new Date(), 'document', { document: { mime_type: 'application/pdf', id: m.media, filename: `Προσφορά ${m.number}.pdf` } })),
      },
    ]);
    expect((await post(value)).status).toBe(200);
    const made = await api().post('/crm/customers', { name: 'Δήμος Σύρου' });
    const waiting = await Promise.all(sent.map(async (m) => ({ ...m, entry: await entry(m.id) })));
    const befores = waiting.map((w) => w.entry.details.media as { crm_media_id: string; nextcloud_path: string });
    // Assigned in the log, but the follow-up never ran (the process stopped right after).
    for (const w of waiting) await new CommsLog(t.deps).assign(w.entry.id, made.body.id as string, w.entry.address!, 'test');
    await t.deps.files!.remove(befores[1]!.nextcloud_path);
    await drainAllJournals(deps);
    await expectMoved(sent[0]!.id, made.body.id as string, befores[0]!, sent[0]!.data);
    const gone = await entry(sent[1]!.id);
    expect(gone.details.media).toMatchObject({ status: 'failed', error: expect.stringMatching(/removed from Nextcloud/) });
    expect((await api().get(`/crm/media/${befores[1]!.crm_media_id}`)).status).toBe(404);
    // The next drain has nothing left to do: no copy made twice, the vanished file not tried again.
    const files = async () => ((await api().get(`/crm/customers/${made.body.id}/files`)).body.files as { id: string }[]).map((f) => f.id);
    const filed = await files();
    await drainAllJournals(deps);
    expect(await files()).toEqual(filed);
    expect((await entry(sent[1]!.id)).details.media).toMatchObject({ status: 'failed' });
  });
});

/** The media left `WhatsApp Unassigned`: in the customer's folder, indexed to them, byte-identical, the message pointing at it, the waiting copy gone. */
async function expectMoved(ext: string, customerId: string, before: { crm_media_id: string; nextcloud_path: string }, bytes: Buffer): Promise<void> {
  const moved = await entry(ext);
  const media = moved.details.media as { status: string; crm_media_id: string; nextcloud_path: string; filename: string };
  const folder = (await api().get(`/crm/customers/${customerId}`)).body.nextcloud_folder as string;
  expect(moved.customer_id).toBe(customerId);
  expect(media.status).toBe('stored');
  expect(media.crm_media_id).not.toBe(before.crm_media_id);
  expect(media.nextcloud_path).toBe(`${folder}/${media.filename}`);
  expect(moved.attachments).toEqual([{ filename: media.filename, nextcloud_path: media.nextcloud_path }]);
  const download = await api().get(`/crm/media/${media.crm_media_id}/download`).buffer(true);
  expect(download.status).toBe(200);
  expect(Buffer.from(download.body as Buffer).equals(bytes)).toBe(true);
  const listed = (await api().get(`/crm/customers/${customerId}/files`)).body.files as { id: string; direction: string; tags: string[] }[];
  expect(listed.find((f) => f.id === media.crm_media_id)).toMatchObject({ direction: 'received', tags: ['whatsapp'] });
  expect((await api().get(`/crm/media/${before.crm_media_id}`)).status).toBe(404);
  await expect(t.deps.files!.download(before.nextcloud_path)).rejects.toMatchObject({ code: 'not-found' });
}

describe('statuses and sending', () => {
  const recent = new Date(Date.now() - 2 * HOUR);
  const old = new Date(Date.now() - 25 * HOUR);

  beforeAll(async () => {
    // Papas wrote two hours ago (and since: window open); the monastery last wrote 25 hours ago (closed).
    const res = await api().post('/crm/customers', { name: 'Ιερά Μονή Οσίου Λουκά', contacts: [{ type: 'whatsapp', label: '', value: `+${MONI}`, primary: true }] });
    customers.moni = res.body.id as string;
    await post(
      delivery([
        {
          contacts: [
            { wa_id: PAPAS, profile: { name: 'π. Νικόλαος' } },
            { wa_id: MONI, profile: { name: 'Μονή' } },
          ],
          messages: [message(PAPAS, wamid('RECENT'), recent, 'text', { text: { body: 'Πότε έρχεστε;' } }), message(MONI, wamid('OLD'), old, 'text', { text: { body: 'Ευχαριστούμε' } })],
        },
      ]),
    );
  });

  it('sends text inside the 24-hour window, logging the wamid with a pending tick', async () => {
    const window = await api().get(`/crm/customers/${customers.papas}/whatsapp`);
    expect(window.body).toMatchObject({ configured: true, to: `+${PAPAS}`, window_open: true });
    expect(new Date(window.body.window_ends_at as string).getTime()).toBe(new Date(window.body.last_inbound_at as string).getTime() + 24 * HOUR);
    const res = await api().post(`/crm/customers/${customers.papas}/whatsapp`, { type: 'text', text: 'Αύριο στις 10:00, πάτερ.', reply_to: 'wamid.X' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sent = graph.sent.at(-1)!;
    expect(sent.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: PAPAS,
      type: 'text',
      text: { preview_url: false, body: 'Αύριο στις 10:00, πάτερ.' },
      context: { message_id: 'wamid.X' },
    });
    expect(res.body).toMatchObject({
      customer_id: customers.papas,
      direction: 'outbound',
      ext_message_id: sent.wamid,
      delivery_status: 'pending',
      body: 'Αύριο στις 10:00, πάτερ.',
      logged_by: t.users.editor.name,
      details: { wa_type: 'text', context: { id: 'wamid.X' } },
    });
  });

  it('sends once for a double click with the same Idempotency-Key', async () => {
    const before = graph.sent.length;
    const body = { type: 'text', text: 'Μία φορά μόνο' };
    const [a, b] = [await api().post(`/crm/customers/${customers.papas}/whatsapp`, body, 'click-1'), await api().post(`/crm/customers/${customers.papas}/whatsapp`, body, 'click-1')];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).toBe(a.body.id);
    expect(graph.sent.length).toBe(before + 1);
  });

  it('refuses free-form messages outside the window with a clear 422, and sends an approved template', async () => {
    const window = await api().get(`/crm/customers/${customers.moni}/whatsapp`);
    expect(window.body).toMatchObject({ window_open: false, to: `+${MONI}`, last_inbound_at: new Date(Math.floor(old.getTime() / 1000) * 1000).toISOString() });
    const before = graph.sent.length;
    const refused = await api().post(`/crm/customers/${customers.moni}/whatsapp`, { type: 'text', text: 'Γεια' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/24-hour customer-service window is closed.*template/);
    expect(graph.sent.length).toBe(before);

    const templates = await api().get('/crm/whatsapp/templates');
    expect(templates.body.templates).toEqual([
      { name: 'service_followup', language: 'el', category: 'UTILITY', header: null, body: 'Καλημέρα {{1}}, ο τεχνικός έρχεται στις {{2}}.', footer: 'BellSystems', parameters: ['1', '2'] },
    ]);
    const reads = graph.templateReads;
    await api().get('/crm/whatsapp/templates');
    expect(graph.templateReads).toBe(reads);
    await api().get('/crm/whatsapp/templates?refresh=1');
    expect(graph.templateReads).toBe(reads + 1);

    const wrongCount = await api().post(`/crm/customers/${customers.moni}/whatsapp`, { type: 'template', name: 'service_followup', language: 'el', parameters: ['κύριε Δήμαρχε'] });
    expect(wrongCount.status).toBe(422);
    const notApproved = await api().post(`/crm/customers/${customers.moni}/whatsapp`, { type: 'template', name: 'draft_offer', language: 'el' });
    expect(notApproved.status).toBe(422);
    const sent = await api().post(`/crm/customers/${customers.moni}/whatsapp`, { type: 'template', name: 'service_followup', language: 'el', parameters: ['κύριε Δήμαρχε', '10:00'] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.body).toBe('Καλημέρα κύριε Δήμαρχε, ο τεχνικός έρχεται στις 10:00.');
    expect(graph.sent.at(-1)!.body).toMatchObject({
      to: MONI,
      type: 'template',
      template: { name: 'service_followup', language: { code: 'el' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'κύριε Δήμαρχε' }, { type: 'text', text: '10:00' }] }] },
    });
  });

  it('sends one of the customer’s files, and refuses another customer’s', async () => {
    const upload = await request(t.app)
      .post(`/api/crm/customers/${customers.papas}/files`)
      .query({ filename: 'Προσφορά.pdf', direction: 'sent' })
      .set('Authorization', `Bearer ${t.tokens.editor}`)
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('%PDF-1.4 offer'));
    expect(upload.status).toBe(201);
    const res = await api().post(`/crm/customers/${customers.papas}/whatsapp`, { type: 'media', media_id: upload.body.id, caption: 'Η προσφορά μας' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(graph.uploads.at(-1)!.type).toMatch(/^multipart\/form-data/);
    expect(graph.sent.at(-1)!.body).toMatchObject({ type: 'document', document: { id: `upload-${graph.uploads.length}`, caption: 'Η προσφορά μας', filename: 'Προσφορά.pdf' } });
    expect(res.body.attachments).toEqual([{ filename: 'Προσφορά.pdf', nextcloud_path: upload.body.nextcloud_path }]);
    const other = await api().post(`/crm/customers/${customers.stelios}/whatsapp`, { type: 'media', media_id: upload.body.id });
    expect(other.status).toBe(422);
  });

  it('relays Meta’s refusal as a 422 and logs nothing', async () => {
    graph.refuseNextSend = { status: 400, error: { message: '(#131026) Message undeliverable', code: 131026, error_data: { details: 'Message undeliverable' } } };
    const before = await countWhatsApp();
    const res = await api().post(`/crm/customers/${customers.papas}/whatsapp`, { type: 'text', text: 'δοκιμή' });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/Message undeliverable.*131026/);
    expect(await countWhatsApp()).toBe(before);
  });

  it('never relays the access token when Meta echoes it back, in any encoding', async () => {
    const token = graph.token;
    const forms = [token, Buffer.from(token).toString('base64'), encodeURIComponent(token), `Bearer ${token}`];
    const echo = `Invalid OAuth access token: Bearer ${token} (b64 ${forms[1]}, url ${forms[2]})`;
    for (const status of [400, 500]) {
      graph.refuseNextSend = { status, error: { message: echo, code: 190, error_data: { details: echo } } };
      const res = await api().post(`/crm/customers/${customers.papas}/whatsapp`, { type: 'text', text: 'δοκιμή' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.body.error.request_id).toEqual(expect.any(String));
      for (const form of forms) expect(JSON.stringify(res.body)).not.toContain(form);
    }
    for (const form of forms) expect(JSON.stringify(t.logs)).not.toContain(form);
  });

  it('moves ticks forward only, whatever order statuses come in, twice each; failed is final with Meta’s code and title', async () => {
    const send = async () => (await api().post(`/crm/customers/${customers.papas}/whatsapp`, { type: 'text', text: 'μήνυμα' })).body as CommsEntry;
    const a = await send();
    const b = await send();
    const c = await send();
    const at = new Date();
    const to = PAPAS;
    const failure = { errors: [{ code: 131050, title: 'User has stopped marketing messages', message: 'User has stopped marketing messages', error_data: { details: 'Unable to deliver' } }] };
    const statuses = [
      status(a.ext_message_id!, 'read', at, to),
      status(a.ext_message_id!, 'sent', at, to),
      status(b.ext_message_id!, 'delivered', at, to),
      status(c.ext_message_id!, 'failed', at, to, failure),
      status(a.ext_message_id!, 'delivered', at, to),
      status(b.ext_message_id!, 'sent', at, to),
      status(c.ext_message_id!, 'sent', at, to),
    ];
    // Split across entries and changes, each delivery posted twice, in reverse too.
    await post(delivery([{ statuses: statuses.slice(0, 3) }], [{ statuses: statuses.slice(3, 5) }, { statuses: statuses.slice(5) }]));
    await post(delivery([{ statuses: [...statuses].reverse() }]));
    await post(delivery([{ statuses: [...statuses].reverse() }]));
    expect((await entry(a.ext_message_id!)).delivery_status).toBe('read');
    expect((await entry(b.ext_message_id!)).delivery_status).toBe('delivered');
    const failed = await entry(c.ext_message_id!);
    expect(failed.delivery_status).toBe('failed');
    expect(failed.delivery_error).toEqual({ code: 131050, title: 'User has stopped marketing messages', message: 'Unable to deliver' });
  });

  it('keeps a status that arrives before its send is logged, and applies it when it is', async () => {
    const early = 'wamid.EARLY-STATUS';
    await post(delivery([{ statuses: [status(early, 'delivered', new Date(), PAPAS)] }]));
    const waiting = await t.deps.sql.execute({ sql: 'SELECT kind, key FROM whatsapp_pending WHERE wamid = ?', args: [early] });
    expect(waiting.rows.map((r) => [r.kind, r.key])).toEqual([['status', 'delivered']]);
    graph.nextWamids.push(early);
    const res = await api().post(`/crm/customers/${customers.papas}/whatsapp`, { type: 'text', text: 'γρήγορο' });
    expect(res.status).toBe(201);
    expect(res.body.delivery_status).toBe('delivered');
    expect(Number((await t.deps.sql.execute({ sql: 'SELECT count(*) AS n FROM whatsapp_pending WHERE wamid = ?', args: [early] })).rows[0]!.n)).toBe(0);
    // A voice note's "played" goes past read.
    await post(delivery([{ statuses: [status(early, 'played', new Date(), PAPAS), status(early, 'read', new Date(), PAPAS)] }]));
    expect((await entry(early)).delivery_status).toBe('played');
  });
});
