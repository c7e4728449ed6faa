import type { IncomingMessage, ServerResponse } from 'node:http';
import type { V1Error } from '../core/palette/wireTypes';
import { EmulatorHttpError, newErrorRef } from './errors';
import type { FaultAction } from './faults';
import type { Reply } from './router';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Sends a handler's reply: JSON for a body, nothing at all for 204. */
export function sendReply(response: ServerResponse, reply: Reply): void {
  if (reply.body === undefined || reply.status === 204) {
    response.writeHead(reply.status, { ...reply.headers, 'content-length': '0' });
    response.end();
    return;
  }
  sendText(response, reply.status, JSON_TYPE, JSON.stringify(reply.body), reply.headers);
}

export function sendError(response: ServerResponse, error: EmulatorHttpError, headers?: Record<string, string>): void {
  sendReply(response, { status: error.status, body: error.toBody(), ...(headers ? { headers } : {}) });
}

/** Answers as the fault says; `dropConnection` destroys the socket without a byte of answer. */
export function sendFault(request: IncomingMessage, response: ServerResponse, action: FaultAction): void {
  switch (action.kind) {
    case 'dropConnection':
      request.socket.destroy();
      return;
    case 'status': {
      const body: V1Error = action.body ?? { code: codeForStatus(action.status), message: 'Injected fault', ref: newErrorRef() };
      sendReply(response, { status: action.status, body });
      return;
    }
    case 'malformedJson':
      // Cut off mid-object, the way a truncated upstream answer looks.
      sendText(response, action.status ?? 200, JSON_TYPE, '{"items": [{"metadata": {"name": "trunc');
      return;
    case 'htmlProxyPage':
      sendText(response, action.status ?? 502, 'text/html; charset=utf-8', PROXY_PAGE);
      return;
    case 'rateLimit':
      sendError(response, new EmulatorHttpError(429, 'TooManyRequests', 'Too many requests, retry later'),
        { 'retry-after': String(action.retryAfterSeconds ?? 1) });
      return;
  }
}

function sendText(response: ServerResponse, status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}

function codeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'ResourceNotFound', 409: 'Conflict',
    429: 'TooManyRequests', 500: 'InternalError', 502: 'BadGateway', 503: 'ServiceUnavailable', 504: 'GatewayTimeout',
  };
  return codes[status] ?? `Http${status}`;
}

const PROXY_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream server.</p>
<hr><address>corporate-proxy</address></body></html>
`;
