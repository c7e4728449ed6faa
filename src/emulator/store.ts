import { hashSecret, newKeyValue, newUid } from './randomValues';

/** Name of the tenant role that may see and manage everything. */
export const TENANT_ADMIN_ROLE = 'Tenant Admin';

export interface StoredTenant {
  uid: string;
  name: string;
}

export interface StoredUser {
  uid: string;
  email: string;
  firstName: string;
  lastName: string;
  isTenantAdmin: boolean;
  /** Absent for SSO-only users, who cannot use the password flow. */
  passwordHash?: string;
  createdAt: string;
}

export interface StoredKey {
  uid: string;
  name: string;
  description: string;
  /** RFC 3339. */
  expiry: string;
  isActive: boolean;
  ownerUid: string;
  /** Kept on the key so it still shows its owner after the owner left the tenant. */
  owner: { firstName: string; lastName: string };
  createdAt: string;
  modifiedAt: string;
  /** Set by DELETE; deleted keys are kept only so tests can assert on them. */
  deletedAt?: string;
  /** SHA-256 of the value: the value itself is never stored. */
  valueHash: string;
}

/** The whole emulator state; this is also the `--state`/`--seed` file format (version 1). */
export interface EmulatorState {
  version: 1;
  tenant: StoredTenant;
  users: StoredUser[];
  keys: StoredKey[];
}

export interface NewUserInput {
  email: string;
  firstName: string;
  lastName: string;
  isTenantAdmin?: boolean;
  password?: string;
  uid?: string;
}

export interface NewKeyInput {
  name: string;
  description?: string;
  expiry: string;
  ownerUid: string;
  isActive?: boolean;
  /** A fixed value (tests, `--admin-key`); a random one is generated otherwise. */
  value?: string;
  uid?: string;
}

export type KeyChanges = Partial<Pick<StoredKey, 'name' | 'description' | 'expiry' | 'isActive'>>;

/** Hash of a user's password; the uid salts it. */
export function passwordHashFor(uid: string, password: string): string {
  return hashSecret(password, uid);
}

/** Hash under which a key value is stored and looked up. */
export function keyValueHash(value: string): string {
  return hashSecret(value);
}

/**
 * In-memory tenant state: users and API keys. It enforces no permissions (the routes do) so tests
 * can put it into any shape, e.g. a key that expired a second ago. Every change notifies listeners,
 * which the server uses to write the `--state` file.
 */
export class EmulatorStore {
  private state: EmulatorState;
  private readonly listeners = new Set<(state: EmulatorState) => void>();
  private readonly issuedListeners = new Set<(value: string) => void>();

  constructor(private readonly initial: EmulatorState, private readonly now: () => number = Date.now) {
    this.state = structuredClone(initial);
  }

  get tenant(): StoredTenant {
    return { ...this.state.tenant };
  }

  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: (state: EmulatorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` with every key value the store creates (random or fixed), before it is
   * returned: the local test recording behind `--record-issued-values`. Returns a function that stops it.
   */
  onValueIssued(listener: (value: string) => void): () => void {
    this.issuedListeners.add(listener);
    return () => this.issuedListeners.delete(listener);
  }

  /** A deep copy of the current state (hashes only, never values). */
  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }

  /** Back to the state the emulator started with. */
  reset(): void {
    this.state = structuredClone(this.initial);
    this.changed();
  }

  listUsers(): StoredUser[] {
    return this.state.users.map((user) => ({ ...user }));
  }

  getUser(uid: string): StoredUser | undefined {
    const user = this.state.users.find((candidate) => candidate.uid === uid);
    return user && { ...user };
  }

  findUserByEmail(email: string): StoredUser | undefined {
    const wanted = email.trim().toLowerCase();
    const user = this.state.users.find((candidate) => candidate.email.toLowerCase() === wanted);
    return user && { ...user };
  }

  addUser(input: NewUserInput): StoredUser {
    const uid = input.uid ?? newUid();
    const user: StoredUser = {
      uid,
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      isTenantAdmin: input.isTenantAdmin ?? false,
      createdAt: this.isoNow(),
      ...(input.password !== undefined ? { passwordHash: passwordHashFor(uid, input.password) } : {}),
    };
    this.state.users.push(user);
    this.changed();
    return { ...user };
  }

  /** Removes a user from the tenant but keeps their keys, as Palette does for OIDC/SAML removals. */
  removeUser(uid: string): boolean {
    const before = this.state.users.length;
    this.state.users = this.state.users.filter((user) => user.uid !== uid);
    const removed = this.state.users.length < before;
    if (removed) this.changed();
    return removed;
  }

  verifyPassword(user: StoredUser, password: string): boolean {
    return user.passwordHash !== undefined && user.passwordHash === passwordHashFor(user.uid, password);
  }

  /** Keys in creation order; deleted ones only when asked. */
  listKeys(filter: { ownerUid?: string; includeDeleted?: boolean } = {}): StoredKey[] {
    return this.state.keys
      .filter((key) => (filter.includeDeleted || key.deletedAt === undefined)
        && (filter.ownerUid === undefined || key.ownerUid === filter.ownerUid))
      .map(copyKey);
  }

  /** A key that has not been deleted. */
  getKey(uid: string): StoredKey | undefined {
    const key = this.findLive(uid);
    return key && copyKey(key);
  }

  /** The live (not deleted) key with this value, whatever its state. */
  findKeyByValue(value: string): StoredKey | undefined {
    const hash = keyValueHash(value);
    const key = this.state.keys.find((candidate) => candidate.valueHash === hash && candidate.deletedAt === undefined);
    return key && copyKey(key);
  }

  /** Creates a key and returns it with its value: the only moment the value exists in clear. */
  createKey(input: NewKeyInput): { key: StoredKey; value: string } {
    const value = input.value ?? newKeyValue();
    const owner = this.state.users.find((user) => user.uid === input.ownerUid);
    const now = this.isoNow();
    const key: StoredKey = {
      uid: input.uid ?? newUid(),
      name: input.name,
      description: input.description ?? '',
      expiry: input.expiry,
      isActive: input.isActive ?? true,
      ownerUid: input.ownerUid,
      owner: { firstName: owner?.firstName ?? '', lastName: owner?.lastName ?? '' },
      createdAt: now,
      modifiedAt: now,
      valueHash: keyValueHash(value),
    };
    this.state.keys.push(key);
    this.changed();
    for (const listener of this.issuedListeners) listener(value);
    return { key: copyKey(key), value };
  }

  /** Applies changes to a live key; returns the updated key, or undefined if there is none. */
  updateKey(uid: string, changes: KeyChanges): StoredKey | undefined {
    const key = this.findLive(uid);
    if (!key) return undefined;
    Object.assign(key, definedOnly(changes), { modifiedAt: this.isoNow() });
    this.changed();
    return copyKey(key);
  }

  /** Gives a live key a new value (used for `--admin-key`/`--user-key` and by tests). */
  setKeyValue(uid: string, value: string): boolean {
    const key = this.findLive(uid);
    if (!key) return false;
    key.valueHash = keyValueHash(value);
    this.changed();
    return true;
  }

  deleteKey(uid: string): boolean {
    const key = this.findLive(uid);
    if (!key) return false;
    key.deletedAt = this.isoNow();
    key.modifiedAt = key.deletedAt;
    this.changed();
    return true;
  }

  private findLive(uid: string): StoredKey | undefined {
    return this.state.keys.find((key) => key.uid === uid && key.deletedAt === undefined);
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  private changed(): void {
    for (const listener of this.listeners) listener(this.snapshot());
  }
}

function copyKey(key: StoredKey): StoredKey {
  return { ...key, owner: { ...key.owner } };
}

function definedOnly<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<T>;
}
