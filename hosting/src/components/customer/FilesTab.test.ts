import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeApi, type FakeRoute } from '../../test-support/fake-api';
import { installFakeXhr } from '../../test-support/fake-xhr';
import { byLabel, byText } from '../../test-support/mount-app';
import { meAs, mountSignedIn } from '../../test-support/mount-component';
import { FILE_LIST_TIMEOUT_MS } from '../media/media.api';
import type { MediaItem } from '../media/media.types';
import FilesTab from './FilesTab.vue';

let wrapper: VueWrapper | null = null;
let objectUrls: Map<string, Blob>;
let revoked: string[];

beforeEach(() => {
  objectUrls = new Map();
  revoked = [];
  // happy-dom keeps no blob store and cannot save files: the tests read what the tab hands to the browser.
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${objectUrls.size + 1}`;
    objectUrls.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
  // happy-dom's IntersectionObserver never reports; this one sees every element at once.
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      constructor(private readonly callback: IntersectionObserverCallback) {}
      observe(target: Element) {
        this.callback([{ isIntersecting: true, target } as IntersectionObserverEntry], this as unknown as IntersectionObserver);
      }
      disconnect() {}
    },
  );
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const media = (id: string, extra: Partial<MediaItem> = {}): MediaItem => ({
  id,
  customer_id: 'c1',
  order_id: null,
  product_id: null,
  filename: `${id}.pdf`,
  nextcloud_path: `05_Customers/Ενορία/${id}.pdf`,
  mime_type: 'application/pdf',
  direction: 'internal',
  tags: [],
  size: 2048,
  uploaded_by: 'Demo editor',
  uploaded_by_uid: 'u-editor',
  created_at: '2026-03-04T10:00:00.000Z',
  updated_at: '2026-03-04T10:00:00.000Z',
  ...extra,
});

const files = (list: () => MediaItem[]): FakeRoute => () => ({ status: 200, body: { files: list(), next_cursor: null } });

/** The download route answers with bytes and headers, which the JSON fake API cannot send. */
function serveDownloads(bodies: Record<string, { bytes: Uint8Array<ArrayBuffer>; type: string; name: string }>): void {
  const inner = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const match = /\/api\/crm\/media\/([^/]+)\/download$/.exec(new URL(String(input), 'http://localhost').pathname);
    const served = match ? bodies[decodeURIComponent(match[1]!)] : undefined;
    if (!served) return inner(input, init);
    return new Response(new Blob([served.bytes]), {
      status: 200,
      headers: { 'Content-Type': served.type, 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(served.name)}` },
    });
  });
}

const cards = () => wrapper!.findAll('ul.grid > li');

describe('Files & Media tab', () => {
  it('lists files for a viewer with download only', async () => {
    installFakeApi({
      'GET /api/me': meAs('viewer'),
      'GET /api/crm/customers/c1/files': files(() => [media('offer', { tags: ['προσφορά', '2026'], size: 1536 })]),
    });
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'viewer');
    expect(cards()).toHaveLength(1);
    const card = cards()[0]!;
    expect(card.find('h3').text()).toBe('offer.pdf');
    expect(card.text()).toMatch(/1\.5 KB · 04\/03\/2026, \d\d:00 · by Demo editor/);
    expect(card.findAll('.chip').map((c) => c.text())).toEqual(['προσφορά', '2026']);
    expect(card.findAll('button').map((b) => b.attributes('aria-label'))).toEqual(['Preview offer.pdf', 'Download offer.pdf']);
    expect(wrapper.find('input[type="file"]').exists()).toBe(false);
  });

  it('turns a list that never answers into an error with a retry instead of "Loading…" for good', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/customers/c1/files': files(() => [media('offer')]) });
    // The first list request hangs (a Nextcloud that never answers) and gives up only when aborted.
    const inner = globalThis.fetch;
    let hung = 0;
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      if (!String(input).includes('/files') || hung > 0) return inner(input, init);
      hung += 1;
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'viewer');
      expect(wrapper.find('[role="status"]').text()).toBe('Loading…');
      await vi.advanceTimersByTimeAsync(FILE_LIST_TIMEOUT_MS);
      await flushPromises();
      expect(wrapper.find('[role="status"]').exists()).toBe(false);
      expect(wrapper.find('[role="alert"]').text()).toContain('Nextcloud did not answer in time');
      await byText(wrapper, 'button', 'Try again').trigger('click');
      await flushPromises();
      expect(cards()).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says so when there are no files', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/customers/c1/files': files(() => []) });
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'viewer');
    expect(wrapper.text()).toContain('No files yet.');
  });

  it('shows image thumbnails from blobs fetched through the API, and revokes them on unmount', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    installFakeApi({
      'GET /api/me': meAs('viewer'),
      'GET /api/crm/customers/c1/files': files(() => [media('photo', { filename: 'καμπαναριό.png', mime_type: 'image/png' }), media('offer')]),
    });
    serveDownloads({ photo: { bytes: png, type: 'image/png', name: 'καμπαναριό.png' } });
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'viewer');
    await flushPromises();
    const img = cards()[0]!.find('img');
    expect(img.attributes('src')).toBe('blob:test/1');
    expect(new Uint8Array(await objectUrls.get('blob:test/1')!.arrayBuffer())).toEqual(png);
    expect(cards()[1]!.find('img').exists()).toBe(false);
    expect(cards()[1]!.text()).toContain('PDF');

    wrapper.unmount();
    wrapper = null;
    expect(revoked).toEqual(['blob:test/1']);
  });

  it('previews a PDF in a frame of its blob, released when the preview closes', async () => {
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/customers/c1/files': files(() => [media('offer')]) });
    serveDownloads({ offer: { bytes: new TextEncoder().encode('%PDF-1.7'), type: 'application/pdf', name: 'offer.pdf' } });
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'viewer');
    await cards()[0]!.find('button[aria-label="Preview offer.pdf"]').trigger('click');
    await flushPromises();
    const frame = wrapper.find('dialog[open] iframe');
    expect(frame.attributes('src')).toBe('blob:test/1');
    expect(frame.attributes('title')).toBe('offer.pdf');
    expect(objectUrls.get('blob:test/1')?.type).toBe('application/pdf');
    await byText(wrapper, 'dialog footer button', 'Close').trigger('click');
    await flushPromises();
    expect(revoked).toEqual(['blob:test/1']);
  });

  it('downloads the bytes under the name the server gives', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252]);
    installFakeApi({ 'GET /api/me': meAs('viewer'), 'GET /api/crm/customers/c1/files': files(() => [media('offer', { filename: 'Προσφορά 2026.pdf' })]) });
    serveDownloads({ offer: { bytes, type: 'application/pdf', name: 'Προσφορά 2026.pdf' } });
    const saved: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'viewer');
    await byText(wrapper, 'button', 'Download').trigger('click');
    await flushPromises();
    expect(saved).toEqual([{ href: 'blob:test/1', download: 'Προσφορά 2026.pdf' }]);
    expect(new Uint8Array(await objectUrls.get('blob:test/1')!.arrayBuffer())).toEqual(bytes);
  });

  it('uploads picked files one after another with progress, and lists each when it is stored', async () => {
    installFakeApi({ 'GET /api/me': meAs('editor'), 'GET /api/crm/customers/c1/files': files(() => [media('old')]) });
    const xhr = installFakeXhr();
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'editor');
    const input = byLabel(wrapper, 'Upload files');
    const picked = [new File(['a'.repeat(1000)], 'Σχέδιο καμπάνας.pdf', { type: 'application/pdf' }), new File(['bb'], 'note.txt', { type: 'text/plain' })];
    Object.defineProperty(input.element, 'files', { value: picked, configurable: true });
    await input.trigger('change');
    await flushPromises();

    expect(xhr.uploads).toHaveLength(1);
    const first = xhr.uploads[0]!;
    expect(first.method).toBe('POST');
    expect(first.url.pathname).toBe('/api/crm/customers/c1/files');
    expect(first.url.searchParams.get('filename')).toBe('Σχέδιο καμπάνας.pdf');
    expect(first.headers['content-type']).toBe('application/pdf');
    expect(wrapper.findAll('progress').map((p) => p.attributes('value'))).toEqual(['0', '0']);
    expect(wrapper.find('ul.uploads').text()).toContain('Waiting…');

    first.progress(400);
    await flushPromises();
    expect(byLabel(wrapper, 'Uploading Σχέδιο καμπάνας.pdf').attributes('value')).toBe('40');
    expect(wrapper.find('ul.uploads').text()).toContain('40 %');

    first.respond(201, media('new1', { filename: 'Σχέδιο καμπάνας.pdf' }));
    await flushPromises();
    expect(cards().map((c) => c.find('h3').text())).toEqual(['Σχέδιο καμπάνας.pdf', 'old.pdf']);
    expect(xhr.uploads).toHaveLength(2);
    xhr.uploads[1]!.respond(201, media('new2', { filename: 'note.txt', mime_type: 'text/plain' }));
    await flushPromises();
    expect(cards()).toHaveLength(3);
    expect(wrapper.find('ul.uploads').exists()).toBe(false);
    expect(wrapper.find('[role="status"]').text()).toBe('note.txt uploaded.');
  });

  it("takes files dropped on the tab, and keeps the server's refusal beside a failed one until dismissed", async () => {
    installFakeApi({ 'GET /api/me': meAs('editor'), 'GET /api/crm/customers/c1/files': files(() => []) });
    const xhr = installFakeXhr();
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'editor');
    // happy-dom has no drag and drop of files (its DragEvent is a plain Event): the events carry
    // what a browser's do, a DataTransfer whose types include 'Files'.
    const file = new File(['x'], 'huge.mov', { type: 'video/quicktime' });
    const drag = (type: string) => Object.assign(new Event(type, { bubbles: true, cancelable: true }), { dataTransfer: { types: ['Files'], files: [file], dropEffect: 'none' } });
    const section = wrapper.find('.files-tab').element;
    const enter = drag('dragenter');
    section.dispatchEvent(enter);
    await flushPromises();
    expect(enter.defaultPrevented).toBe(true);
    expect(wrapper.find('.drop-overlay').text()).toBe('Drop the files to upload them');
    section.dispatchEvent(drag('drop'));
    await flushPromises();
    expect(wrapper.find('.drop-overlay').exists()).toBe(false);
    expect(xhr.uploads.map((u) => u.url.searchParams.get('filename'))).toEqual(['huge.mov']);

    xhr.uploads[0]!.respond(413, { error: { code: 'payload_too_large', message: 'The file is larger than the 26214400 bytes limit', details: [] } });
    await flushPromises();
    expect(wrapper.find('ul.uploads [role="alert"]').text()).toBe('Not uploaded: The file is larger than the 26214400 bytes limit');
    expect(cards()).toHaveLength(0);
    await byText(wrapper, 'button', 'Dismiss').trigger('click');
    expect(wrapper.find('ul.uploads').exists()).toBe(false);
  });

  it('renames and retags a file, sending only what changed, and shows a refused name', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/customers/c1/files': files(() => [media('offer', { tags: ['προσφορά'] })]),
      'PATCH /api/crm/media/offer': (request) => {
        const body = request.body as { filename?: string; tags?: string[] };
        if (body.filename === 'taken.pdf') return { status: 409, body: { error: { code: 'conflict', message: 'A file named taken.pdf is already in the folder', details: [] } } };
        return { status: 200, body: media('offer', body) };
      },
    });
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'editor');
    await byText(wrapper, 'button', 'Edit').trigger('click');
    await flushPromises();
    expect(byLabel(wrapper, 'File name').element.value).toBe('offer.pdf');
    expect(byLabel(wrapper, 'Tags').element.value).toBe('προσφορά');

    await byLabel(wrapper, 'File name').setValue('taken.pdf');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('dialog [role="alert"]').text()).toBe('A file named taken.pdf is already in the folder');

    await byLabel(wrapper, 'File name').setValue('offer.pdf');
    await byLabel(wrapper, 'Tags').setValue('προσφορά, 2026 , , υπογεγραμμένη');
    await wrapper.find('dialog form').trigger('submit');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
      { filename: 'taken.pdf' },
      { tags: ['προσφορά', '2026', 'υπογεγραμμένη'] },
    ]);
    expect(wrapper.find('dialog[open]').exists()).toBe(false);
    expect(cards()[0]!.findAll('.chip').map((c) => c.text())).toEqual(['προσφορά', '2026', 'υπογεγραμμένη']);
  });

  it('deletes a file only after confirmation', async () => {
    const api = installFakeApi({
      'GET /api/me': meAs('editor'),
      'GET /api/crm/customers/c1/files': files(() => [media('offer'), media('plan')]),
      'DELETE /api/crm/media/offer': () => ({ status: 204 }),
    });
    wrapper = await mountSignedIn(FilesTab, { customerId: 'c1' }, 'editor');
    await cards()[0]!.find('button[aria-label="Delete offer.pdf"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('dialog[open]').text()).toContain('Delete “offer.pdf”?');
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await byText(wrapper, 'dialog button', 'Delete').trigger('click');
    await flushPromises();
    expect(api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/crm/media/offer']);
    expect(cards().map((c) => c.find('h3').text())).toEqual(['plan.pdf']);
    expect(wrapper.find('[role="status"]').text()).toBe('offer.pdf deleted.');
  });
});
