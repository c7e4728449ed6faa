import { keyValueHash, passwordHashFor, type EmulatorState, type StoredKey, type StoredUser } from './store';
import { newKeyValue, newUid, randomAlphanumeric } from './randomValues';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One seeded user's sign-in material, as printed at start and in the READY line. */
export interface SeededUserCredentials {
  uid: string;
  email: string;
  /** Unknown when the user was loaded from a state file (only hashes are saved). */
  password?: string;
  firstName: string;
  lastName: string;
  isTenantAdmin: boolean;
  /** The value of this user's sign-in key, when known. */
  apiKey?: string;
}

export interface EmulatorCredentials {
  org: string;
  tenantUid: string;
  /** The first tenant admin's key value. */
  adminKey?: string;
  /** The first plain user's key value. */
  userKey?: string;
  users: SeededUserCredentials[];
}

/** A user in a seed file: `password` in clear, or `passwordHash` as saved by `--state`. */
export type SeedUser = Omit<StoredUser, 'passwordHash' | 'createdAt'> & { password?: string; passwordHash?: string; createdAt?: string };

/**
 * A key in a seed file: `value` in clear (it becomes its owner's sign-in key), `valueHash`, or
 * neither (a random value nobody knows); the
 * expiry as `expiry` (RFC 3339) or `expiresInDays` relative to the emulator's start.
 */
export type SeedKey = Omit<StoredKey, 'valueHash' | 'expiry' | 'createdAt' | 'modifiedAt' | 'description' | 'owner'> & {
  value?: string;
  valueHash?: string;
  expiry?: string;
  expiresInDays?: number;
  createdAt?: string;
  modifiedAt?: string;
  description?: string;
  owner?: { firstName: string; lastName: string };
};

/** The `--seed` file format; a saved `--state` file is also a valid seed. */
export interface SeedDocument {
  version?: 1;
  tenant: { uid: string; name: string };
  users: SeedUser[];
  keys: SeedKey[];
}

export interface SeedOverrides {
  /** Fixed value for the first tenant admin's sign-in key. */
  adminKey?: string;
  /** Fixed value for the first plain user's sign-in key. */
  userKey?: string;
}

/** Owner of the seeded orphan key: removed from the tenant (e.g. through OIDC/SAML), key kept. */
export const FORMER_USER = { uid: '66a0000000000000000000d4', firstName: 'Dan', lastName: 'Departed' } as const;

/**
 * The default tenant, "Demo Org": a tenant admin and two users with keys in every state (expiring in
 * 2 and 6 days, expired, revoked, healthy 30–80 days) and one key whose owner left the tenant.
 * Dates are relative to `nowMs`; passwords and key values are random unless overridden later.
 */
export function buildDefaultSeed(nowMs: number): SeedDocument {
  const users: SeedUser[] = [
    { uid: '66a0000000000000000000a1', email: 'ada.admin@demo-org.example', firstName: 'Ada', lastName: 'Admin', isTenantAdmin: true },
    { uid: '66a0000000000000000000b2', email: 'bob.builder@demo-org.example', firstName: 'Bob', lastName: 'Builder', isTenantAdmin: false },
    { uid: '66a0000000000000000000c3', email: 'carol.chen@demo-org.example', firstName: 'Carol', lastName: 'Chen', isTenantAdmin: false },
  ].map((user) => ({ ...user, password: randomAlphanumeric(16), createdAt: iso(nowMs - 200 * DAY_MS) }));
  const [ada, bob, carol] = users;
  // [owner, name, description, expires in days, created days ago, active, sign-in key]
  const plan: Array<[{ uid: string; firstName: string; lastName: string }, string, string, number, number, boolean, boolean]> = [
    [ada, 'ada-cli', 'Admin CLI and VS Code', 60, 30, true, true],
    [ada, 'terraform-ci', 'Terraform pipeline', 6, 84, true, false],
    [ada, 'release-bot', 'Old release automation', -3, 93, true, false],
    [bob, 'bob-vscode', 'VS Code on the workstation', 45, 15, true, true],
    [bob, 'bob-laptop', 'Laptop scripts', 2, 28, true, false],
    [bob, 'bob-old-ci', 'Retired CI runner', 30, 60, false, false],
    [carol, 'carol-dev', 'Development cluster access', 80, 10, true, true],
    [carol, 'carol-staging', 'Staging deploys', 30, 30, true, false],
    [FORMER_USER, 'dan-terraform', 'Key of a user removed through SSO', 20, 70, true, false],
  ];
  const keys: SeedKey[] = plan.map(([owner, name, description, expiresInDays, createdDaysAgo, isActive, signIn], index) => ({
    uid: `66b0000000000000000000${(index + 1).toString(16).padStart(2, '0')}`,
    name,
    description,
    expiry: iso(nowMs + expiresInDays * DAY_MS),
    isActive,
    ownerUid: owner.uid,
    owner: { firstName: owner.firstName, lastName: owner.lastName },
    createdAt: iso(nowMs - createdDaysAgo * DAY_MS),
    modifiedAt: iso(nowMs - createdDaysAgo * DAY_MS),
    ...(signIn ? { value: newKeyValue() } : {}),
  }));
  return { version: 1, tenant: { uid: '66c0000000000000000000e5', name: 'Demo Org' }, users, keys };
}

/**
 * Turns a seed into the store's state (hashing every clear value) and the credentials known in
 * clear. Overrides replace the admin's or first user's sign-in key value.
 */
export function materializeSeed(seed: SeedDocument, nowMs: number, overrides: SeedOverrides = {}): { state: EmulatorState; credentials: EmulatorCredentials } {
  const keys = seed.keys.map((key) => ({ ...key }));
  const admin = seed.users.find((user) => user.isTenantAdmin);
  const plainUser = seed.users.find((user) => !user.isTenantAdmin);
  applyOverride(keys, admin, overrides.adminKey, nowMs);
  applyOverride(keys, plainUser, overrides.userKey, nowMs);

  const users: StoredUser[] = seed.users.map((user) => {
    const passwordHash = user.password !== undefined ? passwordHashFor(user.uid, user.password) : user.passwordHash;
    return {
      uid: user.uid, email: user.email, firstName: user.firstName, lastName: user.lastName, isTenantAdmin: user.isTenantAdmin,
      createdAt: user.createdAt ?? iso(nowMs), ...(passwordHash !== undefined ? { passwordHash } : {}),
    };
  });
  const storedKeys: StoredKey[] = keys.map((key) => toStoredKey(key, seed.users, nowMs));

  const credentials: SeededUserCredentials[] = seed.users.map((user) => {
    const apiKey = keys.find((key) => key.ownerUid === user.uid && key.value !== undefined && !key.deletedAt)?.value;
    return {
      uid: user.uid, email: user.email, firstName: user.firstName, lastName: user.lastName, isTenantAdmin: user.isTenantAdmin,
      ...(user.password !== undefined ? { password: user.password } : {}),
      ...(apiKey !== undefined ? { apiKey } : {}),
    };
  });
  return {
    state: { version: 1, tenant: { ...seed.tenant }, users, keys: storedKeys },
    credentials: {
      org: seed.tenant.name,
      tenantUid: seed.tenant.uid,
      adminKey: credentials.find((user) => user.isTenantAdmin)?.apiKey,
      userKey: credentials.find((user) => !user.isTenantAdmin)?.apiKey,
      users: credentials,
    },
  };
}

/** Checks the shape of a parsed seed file well enough to give a useful message. */
export function assertSeedDocument(value: unknown, source = 'Seed'): asserts value is SeedDocument {
  const fail: (message: string) => never = (message) => {
    throw new Error(`${source}: ${message}`);
  };
  const doc = value as Partial<SeedDocument> | null;
  if (!doc || typeof doc !== 'object') fail('must contain a JSON object');
  if (!doc.tenant || typeof doc.tenant.uid !== 'string' || typeof doc.tenant.name !== 'string') {
    fail('needs "tenant": {"uid", "name"}');
  }
  if (!Array.isArray(doc.users) || !Array.isArray(doc.keys)) fail('needs "users" and "keys" arrays');
  for (const [index, user] of doc.users.entries()) {
    if (typeof user?.uid !== 'string' || typeof user.email !== 'string') fail(`user #${index} needs "uid" and "email"`);
  }
  for (const [index, key] of doc.keys.entries()) {
    if (typeof key?.uid !== 'string' || typeof key.name !== 'string' || typeof key.ownerUid !== 'string') {
      fail(`key #${index} needs "uid", "name" and "ownerUid"`);
    }
    if (key.expiry === undefined && key.expiresInDays === undefined) fail(`key #${index} needs "expiry" or "expiresInDays"`);
  }
}

/** Gives `user`'s sign-in key the value `value`, creating a 90-day key if they have no usable one. */
function applyOverride(keys: SeedKey[], user: SeedUser | undefined, value: string | undefined, nowMs: number): void {
  if (!user || value === undefined) return;
  const own = keys.filter((key) => key.ownerUid === user.uid && !key.deletedAt);
  const target = own.find((key) => key.value !== undefined)
    ?? own.find((key) => key.isActive && expiryMs(key, nowMs) > nowMs);
  if (target) {
    // Clear values stay known only for the sign-in key, so other keys of the user keep theirs hashed.
    target.value = value;
    delete target.valueHash;
    return;
  }
  keys.push({ uid: newUid(), name: `${user.firstName.toLowerCase() || 'user'}-emulator`, isActive: true, ownerUid: user.uid, expiresInDays: 90, value });
}

function toStoredKey(key: SeedKey, users: SeedUser[], nowMs: number): StoredKey {
  const owner = key.owner ?? users.find((user) => user.uid === key.ownerUid) ?? { firstName: '', lastName: '' };
  const createdAt = key.createdAt ?? iso(nowMs);
  return {
    uid: key.uid,
    name: key.name,
    description: key.description ?? '',
    expiry: iso(expiryMs(key, nowMs)),
    isActive: key.isActive ?? true,
    ownerUid: key.ownerUid,
    owner: { firstName: owner.firstName, lastName: owner.lastName },
    createdAt,
    modifiedAt: key.modifiedAt ?? createdAt,
    ...(key.deletedAt !== undefined ? { deletedAt: key.deletedAt } : {}),
    // A key given without any value gets a random one nobody knows: it is there to be listed.
    valueHash: key.value !== undefined ? keyValueHash(key.value) : (key.valueHash ?? keyValueHash(newKeyValue())),
  };
}

function expiryMs(key: SeedKey, nowMs: number): number {
  return key.expiry !== undefined ? Date.parse(key.expiry) : nowMs + (key.expiresInDays ?? 0) * DAY_MS;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
