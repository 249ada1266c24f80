import { vi } from 'vitest';

/**
 * A stand-in for the browser's XMLHttpRequest, which the API client uses for uploads (fetch cannot
 * report upload progress). happy-dom's own XHR would go to the network, where no API runs in these
 * tests; this one records each upload and lets the test report progress and answer it.
 */
export interface FakeUpload {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Blob;
  progress(loaded: number): void;
  respond(status: number, body: unknown): void;
}

export function installFakeXhr() {
  const uploads: FakeUpload[] = [];
  class FakeXhr {
    status = 0;
    statusText = '';
    responseText = '';
    upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private method = 'GET';
    private url = '';
    private readonly headers: Record<string, string> = {};

    open(method: string, url: string): void {
      this.method = method;
      this.url = url;
    }

    setRequestHeader(name: string, value: string): void {
      this.headers[name.toLowerCase()] = value;
    }

    abort(): void {
      this.onabort?.();
    }

    send(body: Blob): void {
      uploads.push({
        method: this.method,
        url: new URL(this.url, 'http://localhost'),
        headers: this.headers,
        body,
        progress: (loaded) => this.upload.onprogress?.({ loaded, total: body.size, lengthComputable: true } as ProgressEvent),
        respond: (status, answer) => {
          this.status = status;
          this.responseText = answer === undefined ? '' : JSON.stringify(answer);
          this.onload?.();
        },
      });
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return { uploads };
}
