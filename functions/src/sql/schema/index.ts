import type { SqlMigration } from '../sql-migration.js';
import { commsAndMedia } from './001_comms_and_media.js';
import { integrations } from './002_integrations.js';
import { mail } from './003_mail.js';
import { whatsapp } from './004_whatsapp.js';
import { calls } from './005_calls.js';
import { filesFollow } from './006_files_follow.js';
import { localAuth } from './007_local_auth.js';
import { journalDead } from './008_journal_dead.js';
import { history } from './014_history.js';
import { importChunks } from './015_import_chunks.js';

/** Every libSQL migration, in version order. Append only. */
export const sqlMigrations: SqlMigration[] = [commsAndMedia, integrations, mail, whatsapp, calls, filesFollow, localAuth, journalDead, history, importChunks];
