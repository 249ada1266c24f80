import { randomUUID } from 'node:crypto';
import type { AuthUser } from '../auth/auth.types.js';
import { ApiError, unprocessable } from '../http/errors.js';
import { MailAccountsService } from '../mail/mail.accounts.service.js';
import type { MailDeps, MailRepositories } from '../mail/mail.ingest.js';
import { sendEmail } from '../mail/mail.send.js';
import type { MediaRecord } from '../media/media.schema.js';
import { MediaService, storageApiError } from '../media/media.service.js';
import { actorOf } from '../shared/actor.js';
import { orderPath } from '../shared/collections.js';
import type { DocData } from '../store/docstore.js';
import { orderTimelineEntry } from './quote-answer.js';
import { dayMonthYear } from './quote-days.js';
import { quotePdf, type QuoteFile } from './quote-document.js';
import { formatEuros } from './quote-format.js';
import { parseQuotePath } from './quote-paths.js';
import { quoteResponse } from './quote-response.js';
import { newQuoteToken } from './quote-token.js';
import type { Quote, QuoteDoc, QuoteSend } from './quotes.schema.js';
import { findQuote, historyEntry, stamp, stateConflict } from './quotes.service.js';
import { readQuoteSettings } from './quotes.settings.js';

/** Where quote PDFs are filed, inside the customer's Nextcloud folder. */
export const QUOTES_FOLDER = 'Προσφορές';

function defaultSubject(quote: QuoteDoc, company: string): string {
  const rev = quote.revision > 1 ? ` (v${quote.revision})` : '';
  return quote.language === 'el' ? `Προσφορά ${quote.number}${rev} — ${company}` : `Quotation ${quote.number}${rev} — ${company}`;
}

function defaultMessage(quote: QuoteDoc): string {
  const total = formatEuros(quote.totals.gross_cents, quote.language);
  const until = dayMonthYear(quote.valid_until);
  return quote.language === 'el'
    ? `Σας αποστέλλουμε συνημμένα την προσφορά ${quote.number}, συνολικού ποσού ${total} (με ΦΠΑ), που ισχύει έως ${until}.`
    : `Please find attached our quotation ${quote.number}, for ${total} including VAT, valid until ${until}.`;
}

function linkParagraph(quote: QuoteDoc, link: string): string {
  return quote.language === 'el'
    ? `Μπορείτε να δείτε την προσφορά και να την αποδεχθείτε ή να την απορρίψετε εδώ:\n${link}`
    : `You can view the quotation and accept or decline it here:\n${link}`;
}

/**
 * The PDF filed under the customer's `Προσφορές/` folder and indexed as one of their files. A
 * sent revision is frozen, so sending it again attaches the file already filed; a draft's file
 * left by a send that failed is replaced, since the draft may have changed since.
 */
async function filePdf(deps: MailDeps, mail: MailRepositories, customerId: string, quote: QuoteDoc, file: QuoteFile, user: AuthUser): Promise<MediaRecord> {
  if (!deps.files) throw new ApiError('unavailable', 'File storage (Nextcloud) is not configured: the quote PDF cannot be filed');
  const files = deps.files;
  const folder = `${await new MediaService(deps, mail.media).customerFolder(customerId)}/${QUOTES_FOLDER}`;
  const repo = mail.media;
  const existing = await repo.byPath(`${folder}/${file.filename}`);
  if (existing && quote.state === 'sent') return existing;
  if (existing) {
    await files.remove(existing.nextcloud_path).catch((err: unknown) => {
      throw storageApiError(err);
    });
    await repo.delete(existing.id);
  }
  await files.ensureFolder(folder).catch((err: unknown) => {
    throw storageApiError(err);
  });
  const stored = await files.upload(folder, file.filename, file.content, { contentType: 'application/pdf' }).catch((err: unknown) => {
    throw storageApiError(err);
  });
  const actor = actorOf(user);
  const now = deps.clock.now();
  return repo.insert({
    id: randomUUID(),
    customer_id: customerId,
    order_id: quote.order_id,
    product_id: null,
    filename: stored.name,
    nextcloud_path: stored.path,
    mime_type: 'application/pdf',
    direction: 'sent',
    tags: ['quote'],
    size: stored.size,
    uploaded_by: actor.name,
    uploaded_by_uid: actor.uid,
    created_at: now,
    updated_at: now,
  });
}

/**
 * Sends a draft (or again, a sent quote) through the CRM's mail path: the PDF filed on
 * Nextcloud and attached as the one `application/pdf` part, the message logged on the
 * customer's comms and copied to the Sent folder by `sendEmail`, with the customer's answer
 * link. Then the quote is `sent` and a linked order awaits the customer's confirmation.
 * An Idempotency-Key on the request makes a retried send one e-mail (http/idempotency.ts).
 */
export async function sendQuote(deps: MailDeps, mail: MailRepositories, id: string, body: QuoteSend, user: AuthUser, linkBase: string): Promise<Quote> {
  const found = await findQuote(deps.store, id);
  const ids = parseQuotePath(found.path)!;
  const quote = found.data as unknown as QuoteDoc;
  if (quote.state !== 'draft' && quote.state !== 'sent') throw stateConflict(`Quote ${quote.number} is ${quote.state} and cannot be sent`);
  try {
    await new MailAccountsService(deps, mail.mailAccounts).account(body.account_id);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') {
      throw unprocessable(`Mail account ${body.account_id} does not exist`, [{ path: 'account_id', message: 'no such mail account' }]);
    }
    throw err;
  }
  const file = await quotePdf(deps.store, found);
  const record = await filePdf(deps, mail, ids.customerId, quote, file, user);
  const { token, hash } = newQuoteToken();
  // The link works from before the e-mail leaves; the public page answers only a sent quote.
  await deps.store.update(found.path, { public_token_hashes: [...quote.public_token_hashes, hash] });
  const link = `${linkBase.replace(/\/+$/, '')}/q/${token}`;
  const { company } = await readQuoteSettings(deps.store);
  await sendEmail(
    deps,
    mail,
    ids.customerId,
    {
      account_id: body.account_id,
      to: body.to,
      cc: body.cc,
      subject: body.subject ?? defaultSubject(quote, company.name),
      text: `${body.message ?? defaultMessage(quote)}\n\n${linkParagraph(quote, link)}\n`,
      attachments: [{ media_id: record.id }],
    },
    user,
  );
  const actor = actorOf(user);
  return deps.store.runTransaction(async (tx) => {
    const doc = await tx.get(found.path);
    if (!doc) throw new ApiError('not_found', 'Quote not found');
    const current = doc.data as unknown as QuoteDoc;
    const order = current.order_id ? await tx.get(orderPath(ids.customerId, current.order_id)) : null;
    const now = deps.clock.now();
    const updates = {
      state: 'sent',
      sent_at: now,
      history: [...current.history, historyEntry('quote_sent', now, actor)],
      ...stamp(actor, now),
    };
    tx.update(doc.path, updates);
    if (order && current.state === 'draft') {
      const timeline = [...((order.data.timeline as unknown[] | undefined) ?? []), orderTimelineEntry(deps.store, 'quote_sent', current, now, actor)];
      tx.update(order.path, {
        status: 'awaiting_customer_confirmation',
        status_updated_date: now,
        status_updated_by: actor.name,
        timeline,
        ...stamp(actor, now),
      } satisfies DocData);
    }
    return quoteResponse({ ...doc, data: { ...doc.data, ...updates } });
  });
}
