import { BodyTooLargeError, FETCH_FAILED_CODE, type HttpRequest, type HttpResponse, type HttpTransport } from './httpTransport';
import type * as NodeTransport from './transport';

export { TransportSetupError } from './httpTransport';

/**
 * The web build's adapter of the transport port (`httpTransport.ts`): `fetch` from the web worker
 * extension host. Requests leave from the browser, so the browser's trust store and proxy apply and
 * the CA and proxy options are not used; the Palette host must answer CORS requests from the
 * editor's origin. Credentials (cookies) are never sent: the client authenticates with headers.
 */
/** Listeners told when a request got no answer (`onFetchFailed`). */
const fetchFailedListeners = new Set<(origin: string) => void>();

/**
 * Calls `listener` with the origin of every request the browser completed without an answer (CORS
 * refused, unreachable): the web build's key view explains it. Returns the unsubscribe function.
 */
export function onFetchFailed(listener: (origin: string) => void): () => void {
  fetchFailedListeners.add(listener);
  return () => fetchFailedListeners.delete(listener);
}

export const createTransport: typeof NodeTransport.createTransport = async () => {
  const transport: HttpTransport = {
    async send(request: HttpRequest): Promise<HttpResponse> {
      let response: Response;
      try {
        response = await fetch(new URL(request.path, request.origin), {
          method: request.method,
          headers: request.headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          signal: request.signal,
          credentials: 'omit',
          redirect: 'error',
        });
      } catch (error) {
        if (request.signal.aborted) throw error;
        for (const listener of fetchFailedListeners) listener(request.origin);
        throw Object.assign(new Error('fetch failed'), { code: FETCH_FAILED_CODE });
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      return { status: response.status, headers, text: await readCapped(response, request.maxResponseBytes) };
    },
    close: () => Promise.resolve(),
  };
  return transport;
};

async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    text += decoder.decode(value, { stream: true });
  }
}
