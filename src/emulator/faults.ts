import type { V1Error } from '../core/palette/wireTypes';

/** What a matching request gets instead of its normal answer. */
export type FaultAction =
  /** A chosen status with a `v1Error` body (a default one when `body` is absent). */
  | { kind: 'status'; status: number; body?: V1Error }
  /** `application/json` that does not parse (status 200 unless given). */
  | { kind: 'malformedJson'; status?: number }
  /** A corporate proxy's HTML error page (`text/html`, 502 unless given). */
  | { kind: 'htmlProxyPage'; status?: number }
  /** The socket is destroyed without any answer. */
  | { kind: 'dropConnection' }
  /** 429 with `Retry-After` (seconds, default 1). */
  | { kind: 'rateLimit'; retryAfterSeconds?: number };

/** A fault rule. A rule with only `latencyMs` delays the normal answer. */
export interface FaultRule {
  /** HTTP method to match (any when absent), case-insensitive. */
  method?: string;
  /** Path prefix (a string) or pattern (a RegExp) matched against the path without query. */
  path: string | RegExp;
  /** Delay before answering, in milliseconds. */
  latencyMs?: number;
  action?: FaultAction;
  /** Applies to this many matching requests, then expires (unlimited when absent). */
  times?: number;
}

/** The JSON form of a rule for `POST /__emulator/faults`: `pathRegex` stands for a RegExp path. */
export interface FaultRuleJson extends Omit<FaultRule, 'path'> {
  path?: string;
  pathRegex?: string;
}

export interface ActiveFault {
  id: number;
  rule: FaultRule;
  /** Matches left, or undefined for unlimited. */
  remaining: number | undefined;
}

const ACTION_KINDS = new Set<FaultAction['kind']>(['status', 'malformedJson', 'htmlProxyPage', 'dropConnection', 'rateLimit']);

/**
 * The rules injecting faults into Palette routes (never into `/__emulator/*`). The first live rule
 * that matches a request applies and uses up one of its `times`.
 */
export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a rule after the existing ones; returns its id. */
  add(rule: FaultRule): number {
    validateRule(rule);
    const id = this.nextId++;
    this.rules.push({ id, rule, remaining: rule.times });
    return id;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((fault) => fault.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((fault) => ({ ...fault }));
  }

  /** The rule for this request, if any, counting the use. */
  take(method: string, path: string): FaultRule | undefined {
    const fault = this.rules.find((candidate) => matches(candidate.rule, method, path));
    if (!fault) return undefined;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.remove(fault.id);
    }
    return fault.rule;
  }
}

/** Builds a rule from its JSON form; throws an Error with a readable message when it is invalid. */
export function faultRuleFromJson(json: unknown): FaultRule {
  if (!json || typeof json !== 'object') throw new Error('Fault rule must be a JSON object');
  const { path, pathRegex, ...rest } = json as FaultRuleJson;
  if ((path === undefined) === (pathRegex === undefined)) throw new Error('Fault rule needs exactly one of "path" or "pathRegex"');
  let matcher: string | RegExp;
  if (pathRegex !== undefined) {
    if (typeof pathRegex !== 'string') throw new Error('"pathRegex" must be a string');
    try {
      matcher = new RegExp(pathRegex);
    } catch {
      throw new Error('"pathRegex" is not a valid regular expression');
    }
  } else {
    matcher = path as string;
  }
  const rule: FaultRule = { ...rest, path: matcher };
  validateRule(rule);
  return rule;
}

/** A JSON-friendly view of a rule (for `GET /__emulator/faults`). */
export function faultRuleToJson(rule: FaultRule): FaultRuleJson {
  const { path, ...rest } = rule;
  return path instanceof RegExp ? { ...rest, pathRegex: path.source } : { ...rest, path };
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  return typeof rule.path === 'string' ? path.startsWith(rule.path) : rule.path.test(path);
}

function validateRule(rule: FaultRule): void {
  if (typeof rule.path !== 'string' && !(rule.path instanceof RegExp)) throw new Error('Fault rule "path" must be a string or RegExp');
  if (rule.method !== undefined && typeof rule.method !== 'string') throw new Error('"method" must be a string');
  if (rule.latencyMs !== undefined && !(Number.isFinite(rule.latencyMs) && rule.latencyMs >= 0)) throw new Error('"latencyMs" must be a number >= 0');
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) throw new Error('"times" must be a positive integer');
  if (rule.latencyMs === undefined && rule.action === undefined) throw new Error('Fault rule needs "latencyMs" or "action"');
  const action = rule.action;
  if (action === undefined) return;
  if (!action || !ACTION_KINDS.has(action.kind)) throw new Error(`"action.kind" must be one of ${[...ACTION_KINDS].join(', ')}`);
  const status = 'status' in action ? action.status : undefined;
  if (action.kind === 'status' && status === undefined) throw new Error('A "status" action needs "status"');
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) throw new Error('"status" must be an HTTP status code');
  if (action.kind === 'rateLimit' && action.retryAfterSeconds !== undefined
    && !(Number.isInteger(action.retryAfterSeconds) && action.retryAfterSeconds >= 0)) {
    throw new Error('"retryAfterSeconds" must be an integer >= 0');
  }
}
