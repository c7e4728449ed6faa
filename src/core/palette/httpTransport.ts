/*
 * The port the Palette client sends its requests through. Two adapters implement `createTransport`:
 * `transport.ts` over undici for the desktop build (private CAs, proxies), and
 * `transport.browser.ts` over `fetch` for the web build, which esbuild picks for platform browser.
 */

/** One HTTP exchange as the client describes it. */
export interface HttpRequest {
  /** e.g. `https://api.spectrocloud.com`. */
  readonly origin: string;
  /** Path and query, already encoded. */
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
  /** A body larger than this rejects with `BodyTooLargeError`. */
  readonly maxResponseBytes: number;
}

/** The answer, its body read whole as UTF-8. */
export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export interface HttpTransport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Releases connections; a transport made over a caller's dispatcher leaves it open. */
  close(): Promise<void>;
}

/** Why the transport could not be built; the client reports it as a `tls` error. */
export class TransportSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransportSetupError';
  }
}

/**
 * Code of a browser `fetch` that failed without an answer. The browser does not say why (the host
 * does not allow cross-origin requests from the editor, is unreachable, or has a certificate the
 * browser does not trust): every case is the same TypeError.
 */
export const FETCH_FAILED_CODE = 'FETCH_FAILED';

/** The answer's body was larger than `maxResponseBytes`. */
export class BodyTooLargeError extends Error {}
