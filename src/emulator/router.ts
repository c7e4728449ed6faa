import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './auth';

/** What a route handler sees of a request. */
export interface RouteContext {
  method: string;
  /** Path without the query string, percent-decoding left to the params. */
  path: string;
  /** Decoded `:name` segments of the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when empty); a 400 when it does not parse. */
  body(): Promise<unknown>;
  /** The authenticated caller; a 401 when there is none. */
  principal(): Principal;
}

/** A handler's answer; `body` is sent as JSON, none at all for 204. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (context: RouteContext) => Reply | Promise<Reply>;

export type RouteMatch =
  | { kind: 'found'; handler: RouteHandler; params: Record<string, string> }
  | { kind: 'methodNotAllowed' }
  | { kind: 'notFound' };

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

/** A minimal method + path router with `:param` segments. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = pattern.split('/').map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    }).join('/');
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    let pathKnown = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method.toUpperCase()) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => { params[name] = safeDecode(found[index + 1]); });
      return { kind: 'found', handler: route.handler, params };
    }
    return pathKnown ? { kind: 'methodNotAllowed' } : { kind: 'notFound' };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
