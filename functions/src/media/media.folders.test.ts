import { describe, expect, it } from 'vitest';
import { folderNameFor, isOwnerFolder } from './media.folders.js';

describe('folderNameFor', () => {
  it('transliterates, capitalises and joins words with _, as the demo folders are named', () => {
    expect(folderNameFor('Ενορία Αγίας Παρασκευής', 'id1')).toBe('Enoria_Agias_Paraskevis');
    expect(folderNameFor('Vesper Plus', 'id1')).toBe('Vesper_Plus');
    expect(folderNameFor('TCL-1', 'id1')).toBe('TCL-1');
    expect(folderNameFor('  ../../etc/passwd  ', 'id1')).toBe('etc_passwd');
    expect(folderNameFor('A/B\\C:D*E\u202EF', 'id1')).toBe('A_B_C_D_E_F');
    expect(folderNameFor('...', 'id1')).toBe('id1');
    expect(folderNameFor('Ω'.repeat(500), 'id1')).toHaveLength(100);
  });
});

describe('isOwnerFolder', () => {
  it('accepts only one folder directly under the root', () => {
    expect(isOwnerFolder('05_Customers/Enoria', '05_Customers')).toBe(true);
    expect(isOwnerFolder('02_Products/Vesper_Plus', '05_Customers')).toBe(false);
    expect(isOwnerFolder('05_Customers/a/b', '05_Customers')).toBe(false);
    expect(isOwnerFolder('05_Customers', '05_Customers')).toBe(false);
    expect(isOwnerFolder('05_Customers/..', '05_Customers')).toBe(false);
  });
});
