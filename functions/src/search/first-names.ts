import { phoneticKey } from './greeklish.js';

/**
 * Greek first names go by several forms: the formal one on documents (Γεώργιος), the one
 * people use (Γιώργος) and familiar ones (Γιωργάκης). Staff search by whichever they heard,
 * so a customer stored under one form is found by every form of its group, in Greek or in
 * greeklish ("giorgos" finds Γεώργιος). Each group lists only forms that belong to that one
 * name, so no form appears in two groups.
 */
const nameGroups: readonly (readonly string[])[] = [
  ['Γεώργιος', 'Γιώργος', 'Γιώργης', 'Γιωργάκης', 'Γιωργής'],
  ['Ιωάννης', 'Γιάννης', 'Γιαννάκης', 'Γιάννος'],
  ['Κωνσταντίνος', 'Κώστας', 'Κωστάκης', 'Κωνσταντής', 'Ντίνος'],
  ['Μιχαήλ', 'Μιχάλης', 'Μιχαλάκης'],
  ['Δημήτριος', 'Δημήτρης', 'Μήτσος', 'Δημητράκης'],
  ['Νικόλαος', 'Νίκος', 'Νικολής', 'Νικολάκης'],
  ['Βασίλειος', 'Βασίλης', 'Βασιλάκης', 'Βάσος'],
  ['Παναγιώτης', 'Πάνος', 'Παναγής', 'Γιώτης'],
  ['Αθανάσιος', 'Θανάσης', 'Θάνος', 'Θανασάκης'],
  ['Χρήστος', 'Χρηστάκης'],
  ['Σταύρος', 'Σταυράκης'],
  ['Αλέξανδρος', 'Αλέξης', 'Αλέκος'],
  ['Αικατερίνη', 'Κατερίνα', 'Κατίνα'],
  ['Μαρία', 'Μαίρη', 'Μαρίκα', 'Μαριώ'],
  ['Ελένη', 'Λένα', 'Ελενίτσα'],
  ['Ευάγγελος', 'Βαγγέλης'],
  ['Ευαγγελία', 'Βαγγελιώ'],
  ['Εμμανουήλ', 'Μανώλης', 'Μανόλης'],
  ['Σπυρίδων', 'Σπύρος', 'Σπυράκης'],
  ['Θεόδωρος', 'Θόδωρος', 'Θοδωρής'],
  ['Γρηγόριος', 'Γρηγόρης'],
  ['Αναστάσιος', 'Τάσος'],
  ['Ευστάθιος', 'Στάθης'],
  ['Απόστολος', 'Τόλης'],
  ['Χαράλαμπος', 'Μπάμπης', 'Χάρης'],
  ['Στυλιανός', 'Στέλιος'],
  ['Ευθύμιος', 'Θύμιος'],
  ['Σωτήριος', 'Σωτήρης'],
  ['Φώτιος', 'Φώτης'],
  ['Αντώνιος', 'Αντώνης'],
  ['Ιωάννα', 'Γιάννα'],
  ['Αναστασία', 'Τασία'],
  ['Γεωργία', 'Γωγώ'],
];

/** Sound-alike form of a name → the sound-alike forms of its whole group. */
const groupOf = new Map<string, readonly string[]>();
for (const group of nameGroups) {
  const keys = [...new Set(group.map(phoneticKey))];
  for (const key of keys) {
    if (groupOf.has(key)) throw new Error(`first name "${key}" is in two groups`);
    groupOf.set(key, keys);
  }
}

/**
 * The sound-alike forms of the other names of `token`'s group (a normalised word); empty
 * when the word is not a known first name.
 */
export function nameVariantKeys(token: string): string[] {
  const own = phoneticKey(token);
  return (groupOf.get(own) ?? []).filter((key) => key !== own);
}
