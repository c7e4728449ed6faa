import {
  REPLY_TYPE,
  isHostToWebviewMessage,
  type HostToWebviewMessage,
  type ReplyMessage,
  type ReplyTo,
  type RequestMessage,
  type RequestType,
  type WebviewToHostMessage,
} from '../../src/shared/keyFormProtocol';
import type { VsCodeApi } from './vscodeApi';

/** Host messages that are not replies: `init`, `reveal`, `busy`. */
export type HostNotification = Exclude<HostToWebviewMessage, ReplyMessage>;
type RequestPayload<T extends RequestType> = Omit<Extract<RequestMessage, { type: T }>, 'type' | 'id'>;

interface Pending {
  replyType: ReplyMessage['type'];
  resolve: (reply: ReplyMessage) => void;
}

/** Typed messaging with the host: fire-and-forget posts, and requests matched to replies by id. */
export class HostChannel<State> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly api: VsCodeApi<State>,
    private readonly onNotification: (message: HostNotification) => void,
  ) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  post(message: Exclude<WebviewToHostMessage, RequestMessage>): void {
    this.api.postMessage(message);
  }

  request<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<ReplyTo<T>> {
    const id = this.nextId++;
    const message = { ...payload, type, id } as unknown as Extract<RequestMessage, { type: T }>;
    return new Promise<ReplyTo<T>>((resolve) => {
      this.pending.set(id, { replyType: REPLY_TYPE[type], resolve: resolve as (reply: ReplyMessage) => void });
      this.api.postMessage(message);
    });
  }

  private receive(data: unknown): void {
    if (!isHostToWebviewMessage(data)) {
      // Other scripts (and VS Code itself) may post to the window; never act on an unchecked message.
      return;
    }
    if ('id' in data) {
      const pending = this.pending.get(data.id);
      if (!pending || pending.replyType !== data.type) return;
      this.pending.delete(data.id);
      pending.resolve(data);
      return;
    }
    this.onNotification(data);
  }
}
