import { MockAgent } from 'undici';
import { PaletteClient, type PaletteClientOptions } from '../../../src/core/palette/paletteClient';

/** Origin every mocked Palette answers on. */
export const MOCK_ORIGIN = 'https://palette.test';
export const MOCK_HOST = 'palette.test';

export type MockReply =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number }
  | { error: Error };

export interface RecordedCall {
  method: string;
  /** Path including the query string. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * A scripted Palette on an undici MockAgent: each `on()` queues one-shot replies for a method and
 * path, and every request that reaches the agent is recorded (including those answered by errors).
 */
export class MockPalette {
  readonly agent = new MockAgent({ enableCallHistory: true });
  /** Waits the client asked its (fake) sleep for, in order. */
  readonly sleeps: number[] = [];

  constructor() {
    this.agent.disableNetConnect();
  }

  /** Queues replies for `method path`, each used once, in order. `path` may include a query. */
  on(method: string, path: string, ...replies: MockReply[]): this {
    const pool = this.agent.get(MOCK_ORIGIN);
    for (const reply of replies) {
      const interceptor = pool.intercept({ method, path });
      if ('error' in reply) {
        interceptor.replyWithError(reply.error);
        continue;
      }
      const data = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
      const headers = { ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers };
      const scope = interceptor.reply(reply.status, data, { headers });
      if (reply.delayMs) scope.delay(reply.delayMs);
    }
    return this;
  }

  /** Every request made so far. */
  calls(): RecordedCall[] {
    return (this.agent.getCallHistory()?.calls() ?? []).map((log) => ({
      method: log.method,
      path: log.path + (Object.keys(log.searchParams).length ? `?${new URLSearchParams(log.searchParams).toString()}` : ''),
      headers: lowerCaseHeaders(log.headers),
      body: log.body ?? undefined,
    }));
  }

  /** A client wired to this mock, with an instant, recording sleep and no jitter. */
  client(options: Partial<PaletteClientOptions> = {}): PaletteClient {
    return new PaletteClient({
      baseUrl: MOCK_ORIGIN,
      credential: { kind: 'apiKey', apiKey: 'TESTKEYtestkey0123456789abcdefXY' },
      dispatcher: this.agent,
      random: () => 0.5,
      sleep: async (ms, signal) => {
        this.sleeps.push(ms);
        if (signal?.aborted) throw new Error('aborted');
      },
      ...options,
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function lowerCaseHeaders(headers: Record<string, string | string[]> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** An Error with a Node-style `code`, as a socket would raise. */
export function systemError(code: string, message = `connect ${code}`): Error {
  return Object.assign(new Error(message), { code });
}
