import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  port: number;
  /** Requests or CONNECT targets seen, in order. */
  seen: string[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function listen(server: http.Server | https.Server, seen: string[]): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        // Hung requests would keep close() waiting forever: cut them.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A plain HTTP server on 127.0.0.1 with a random port. */
export function startHttpServer(handler: Handler): Promise<RunningServer> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  return listen(server, seen);
}

/** An HTTPS server on 127.0.0.1 with the given certificate. */
export function startHttpsServer(cert: string, key: string, handler: Handler): Promise<RunningServer> {
  const seen: string[] = [];
  const server = https.createServer({ cert, key }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  server.on('tlsClientError', () => undefined);
  return listen(server, seen);
}

/** How a test proxy behaves besides tunnelling. */
export interface ProxyOptions {
  /** Connect every tunnel to this host instead of the one asked for (so `other.invalid` reaches 127.0.0.1). */
  routeAllTo?: string;
  /** Serve the proxy itself over TLS with this certificate (an `https:` proxy). */
  tls?: { cert: string; key: string };
}

/**
 * A minimal forward proxy that only tunnels (CONNECT), like a corporate HTTPS proxy, and records
 * every CONNECT target in `seen`, so a test can count what passed through it. With `requireAuth`,
 * it answers 407 to a CONNECT without that exact Proxy-Authorization value.
 */
export function startConnectProxy(requireAuth?: string, options: ProxyOptions = {}): Promise<RunningServer> {
  const seen: string[] = [];
  const refuse = (_req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.writeHead(405).end();
  };
  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, refuse) : http.createServer(refuse);
  if (options.tls) server.on('tlsClientError', () => undefined);
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    if (requireAuth && req.headers['proxy-authorization'] !== requireAuth) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const target = /^(.*):(\d+)$/.exec(req.url ?? '');
    const host = options.routeAllTo ?? target?.[1]?.replace(/^\[|\]$/g, '') ?? '';
    const upstream = net.connect(Number(target?.[2]), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return listen(server, seen);
}

/** Writes a JSON answer. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
