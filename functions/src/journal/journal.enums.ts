/** The integrations that write the journal (shared with the SPA through journal.schema.ts). */
export const journalSources = ['email', 'whatsapp', 'call'] as const;
export type JournalSource = (typeof journalSources)[number];
