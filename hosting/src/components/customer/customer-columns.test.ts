import { describe, expect, it } from 'vitest';
import { columnIds, defaultView, moveColumn, parseView } from './customer-columns';

describe('customer list view', () => {
  it('starts from the default columns in Quick mode', () => {
    const view = parseView(null);
    expect(view.notes).toBe('quick');
    expect(view.columns.map((c) => c.id)).toEqual([...columnIds]);
    expect(view.columns.filter((c) => c.visible).map((c) => c.id)).toEqual(['name', 'organization', 'city', 'status', 'support', 'phone', 'tags']);
  });

  it('repairs a saved view: unknown and repeated columns go, new ones are added, the name stays visible', () => {
    const saved = JSON.stringify({
      columns: [
        { id: 'tags', visible: true },
        { id: 'gone', visible: true },
        { id: 'name', visible: false },
        { id: 'tags', visible: false },
      ],
      notes: 'expanded',
    });
    const view = parseView(saved);
    expect(view.notes).toBe('expanded');
    expect(view.columns.slice(0, 2)).toEqual([
      { id: 'tags', visible: true },
      { id: 'name', visible: true },
    ]);
    expect(view.columns.map((c) => c.id).sort()).toEqual([...columnIds].sort());
  });

  it('falls back to the default for anything unreadable', () => {
    expect(parseView('{not json')).toEqual(defaultView());
    expect(parseView('42')).toEqual(defaultView());
    expect(parseView(JSON.stringify({ notes: 'loud' })).notes).toBe('quick');
  });

  it('moves a column one place, never past either end', () => {
    const view = defaultView();
    moveColumn(view, 'organization', -1);
    expect(view.columns.slice(0, 2).map((c) => c.id)).toEqual(['organization', 'name']);
    moveColumn(view, 'organization', -1);
    expect(view.columns[0]!.id).toBe('organization');
    moveColumn(view, 'updated', 1);
    expect(view.columns.at(-1)!.id).toBe('updated');
  });
});
