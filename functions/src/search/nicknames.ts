import nicknameList from './nicknames.json' with { type: 'json' };
import { phoneticKey } from './greeklish.js';

/**
 * Nicknames (nicknames.json, kept as data): a familiar form and the formal names it may stand
 * for. Unlike first-names.ts's groups, a nickname may stand for several names (Λίτσα is an
 * Ελευθερία or an Ευαγγελία), so the relation is a map both ways, by sound-alike form: a
 * customer stored as Παναγιώτης is found by "Τάκης" and a customer stored as Τάκης by
 * "Παναγιώτης".
 */
const related = new Map<string, Set<string>>();
function relate(a: string, b: string): void {
  const forms = related.get(a) ?? new Set<string>();
  forms.add(b);
  related.set(a, forms);
}
for (const [nickname, names] of Object.entries(nicknameList)) {
  const nick = phoneticKey(nickname);
  for (const name of names) {
    const formal = phoneticKey(name);
    relate(nick, formal);
    relate(formal, nick);
  }
}

/** The sound-alike forms `token` (a normalised word) may also go by, as a nickname or a formal name. */
export function nicknameKeys(token: string): string[] {
  return [...(related.get(phoneticKey(token)) ?? [])];
}
