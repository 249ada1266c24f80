import { describe, expect, it } from 'vitest';
import { FileStorageError } from './file-storage.js';
import { checkFileName, checkFilePath, checkFolderPath, folderNameFor, numberedName } from './nextcloud.paths.js';

const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof FileStorageError ? err.code : 'other';
  }
};

describe('checkFileName', () => {
  it('accepts ordinary names, Greek and spaces included, trimmed and in NFC', () => {
    expect(checkFileName('  Προσφορά καμπάνας.pdf ')).toBe('Προσφορά καμπάνας.pdf');
    expect(checkFileName('Προσφορα\u0301.pdf')).toBe('Προσφορά.pdf');
    expect(checkFileName('report..final.pdf')).toBe('report..final.pdf');
    expect(checkFileName('.hidden')).toBe('.hidden');
  });

  it('rejects what could leave the folder or hide in it', () => {
    for (const bad of ['', '   ', '.', '..', '../x', 'a/b', 'a\\b', '/etc/passwd', 'x\u0000y', 'tab\there', 'bell\u0007', 'nl\nname', 'c1\u0085', 'α'.repeat(200), '.crm-upload-123']) {
      expect(code(() => checkFileName(bad)), JSON.stringify(bad)).toBe('invalid-path');
    }
  });
});

describe('checkFolderPath / checkFilePath', () => {
  it('accepts relative folders of valid segments', () => {
    expect(checkFolderPath('05_Customers/Ενορία Αγ. Παρασκευής')).toBe('05_Customers/Ενορία Αγ. Παρασκευής');
    expect(checkFilePath('05_Customers/X/ a.pdf')).toBe('05_Customers/X/ a.pdf');
  });

  it('rejects absolute paths, empty, dot and dot-dot segments and control characters', () => {
    for (const bad of ['/etc', '05_Customers/', '05_Customers//x', '05_Customers/../..', './x', 'a\\b', 'a/\u0001']) {
      expect(code(() => checkFolderPath(bad)), bad).toBe('invalid-path');
    }
    for (const bad of ['a.pdf', '05_Customers/../a.pdf', '05_Customers/x/..', '/a/b.pdf']) {
      expect(code(() => checkFilePath(bad)), bad).toBe('invalid-path');
    }
  });
});

describe('folderNameFor', () => {
  it('keeps a readable name and drops separators and Windows-invalid characters', () => {
    expect(folderNameFor('Ενορία Αγ. Παρασκευής', 'id1')).toBe('Ενορία Αγ. Παρασκευής');
    expect(folderNameFor('  ../../etc/passwd  ', 'id1')).toBe('etc passwd');
    expect(folderNameFor('A/B\\C:D*E?F"G<H>I|J\u0000K', 'id1')).toBe('A B C D E F G H I J K');
    expect(folderNameFor('...', 'id1')).toBe('id1');
    expect(folderNameFor('', 'id1')).toBe('id1');
    expect([...folderNameFor('Ω'.repeat(500), 'id1')]).toHaveLength(120);
  });

  it('always yields a valid single segment', () => {
    for (const name of ['..', '.', 'a/..', '\u0000', ' . ', 'x.', 'Name with trailing dot.']) {
      const folder = folderNameFor(name, 'fallback');
      expect(() => checkFolderPath(`05_Customers/${folder}`), name).not.toThrow();
      expect(folder.includes('/')).toBe(false);
    }
  });
});

describe('numberedName', () => {
  it('numbers before the extension', () => {
    expect(numberedName('offer.pdf', 2)).toBe('offer (2).pdf');
    expect(numberedName('archive.tar.gz', 3)).toBe('archive.tar (3).gz');
    expect(numberedName('README', 2)).toBe('README (2)');
    expect(numberedName('.hidden', 2)).toBe('.hidden (2)');
  });

  it('shortens the stem so the name still fits', () => {
    const long = `${'α'.repeat(125)}.pdf`;
    const numbered = numberedName(long, 12);
    expect(Buffer.byteLength(numbered)).toBeLessThanOrEqual(255);
    expect(numbered.endsWith(' (12).pdf')).toBe(true);
    expect(() => checkFileName(numbered)).not.toThrow();
  });
});
