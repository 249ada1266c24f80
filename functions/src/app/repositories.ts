import type { Client } from '@libsql/client';
import { CallsRepository } from '../calls/calls.repository.js';
import { HistoryRepository } from '../history/history.repository.js';
import { JournalRepository } from '../journal/journal.repository.js';
import { MailAccountsRepository } from '../mail/mail.accounts.repository.js';
import { MediaRepository } from '../media/media.repository.js';
import { WhatsAppRepository } from '../whatsapp/whatsapp.repository.js';

/**
 * The libSQL repositories the domains share. A repository holds nothing but its client, so the
 * wiring builds one of each per app (or per scheduled run) and hands them down, as it does the comms log.
 */
export interface Repositories {
  calls: CallsRepository;
  history: HistoryRepository;
  journal: JournalRepository;
  mailAccounts: MailAccountsRepository;
  media: MediaRepository;
  whatsapp: WhatsAppRepository;
}

export function buildRepositories(sql: Client): Repositories {
  return {
    calls: new CallsRepository(sql),
    history: new HistoryRepository(sql),
    journal: new JournalRepository(sql),
    mailAccounts: new MailAccountsRepository(sql),
    media: new MediaRepository(sql),
    whatsapp: new WhatsAppRepository(sql),
  };
}
