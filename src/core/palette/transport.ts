import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext, rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { BodyTooLargeError, TransportSetupError, type HttpRequest, type HttpResponse, type HttpTransport } from './httpTransport';
import type { ResolvedProxy } from './proxyResolution';

export { TransportSetupError } from './httpTransport';

export interface TransportOptions {
  caCertificates?: string[];
  caFile?: string;
  /** The proxy chosen for this endpoint (`resolveProxy`), if any. */
  proxy?: ResolvedProxy;
  connectTimeoutMs: number;
  /** A caller's dispatcher (a test's `MockAgent`): used as it is, and left open on `close`. */
  dispatcher?: Dispatcher;
}

/** The desktop adapter of the transport port (`httpTransport.ts`): undici, with private CAs and proxies. */
export async function createTransport(options: TransportOptions): Promise<HttpTransport> {
  const owned = options.dispatcher === undefined;
  const dispatcher = options.dispatcher ?? (await createDispatcher(options));
  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const response = await dispatcher.request({
        origin: request.origin,
        path: request.path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body } : {}),
        signal: request.signal,
      });
      return { status: response.statusCode, headers: response.headers, text: await readCapped(response.body, request.maxResponseBytes) };
    },
    async close(): Promise<void> {
      if (owned) await dispatcher.close();
    },
  };
}

async function readCapped(body: AsyncIterable<Buffer | string> & { destroy?: () => void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > limit) {
      body.destroy?.();
      throw new BodyTooLargeError();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Builds the undici dispatcher for a Palette endpoint.
 *
 * Custom CA certificates are trusted IN ADDITION to Node's bundled public roots, not instead of
 * them: a self-hosted Palette with a private CA keeps working, and so does a SaaS endpoint reached
 * through the same settings (e.g. after a profile switch). Verification is never disabled:
 * `rejectUnauthorized: true` is set explicitly, so `NODE_TLS_REJECT_UNAUTHORIZED=0` in the
 * extension host's environment (another extension's debugging aid) does not turn it off for Palette.
 *
 * With `proxy`, requests tunnel through an HTTP(S) proxy with CONNECT (undici `ProxyAgent`);
 * the custom CA applies to the Palette endpoint and, for an `https:` proxy, to the proxy as well,
 * whose own certificate is checked unless `http.proxyStrictSSL` is off (the Palette endpoint's always is).
 */
export async function createDispatcher(options: TransportOptions): Promise<Dispatcher> {
  const custom = [...(options.caCertificates ?? [])];
  if (options.caFile) custom.push(...(await readCaFile(options.caFile)));
  for (const pem of custom) {
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new TransportSetupError('A configured CA certificate is not in PEM format (expected "-----BEGIN CERTIFICATE-----").');
    }
    // OpenSSL silently skips unparsable CA entries; say so now rather than fail every handshake.
    for (const block of pem.match(PEM_CERTIFICATE) ?? []) {
      try {
        new X509Certificate(block);
      } catch {
        throw new TransportSetupError('A configured CA certificate could not be parsed.');
      }
    }
  }
  // One secure context for every connection: parsing ~150 roots per handshake costs ~100 ms.
  const tls = custom.length > 0 ? { secureContext: buildSecureContext([...rootCertificates, ...custom]) } : {};
  const connect = { ...tls, rejectUnauthorized: true, timeout: options.connectTimeoutMs };

  if (options.proxy) {
    return new ProxyAgent({
      uri: options.proxy.uri,
      ...(options.proxy.authorization ? { token: options.proxy.authorization } : {}),
      requestTls: connect,
      proxyTls: { ...connect, rejectUnauthorized: options.proxy.strictSSL },
    });
  }
  return new Agent({ connect });
}

function buildSecureContext(ca: string[]): ReturnType<typeof createSecureContext> {
  try {
    return createSecureContext({ ca });
  } catch {
    throw new TransportSetupError('A configured CA certificate could not be parsed.');
  }
}

async function readCaFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new TransportSetupError(`Cannot read the CA certificate file ${path} (${code}).`);
  }
  const pems = text.match(PEM_CERTIFICATE);
  if (!pems) throw new TransportSetupError(`The CA certificate file ${path} holds no PEM certificate.`);
  return pems;
}
