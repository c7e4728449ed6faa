import { badRequest, notFound } from './errors';
import { faultRuleFromJson, faultRuleToJson, type FaultInjector } from './faults';
import type { Router } from './router';
import type { EmulatorStore, StoredKey } from './store';

/** Prefix of the test-control endpoints; they need no Palette credentials (local use only). */
export const CONTROL_PREFIX = '/__emulator';

/** A key as `GET /__emulator/keys` shows it to test assertions: never its value or hash. */
export type ControlKeyView =
  Pick<StoredKey, 'uid' | 'name' | 'description' | 'expiry' | 'isActive' | 'ownerUid' | 'createdAt' | 'modifiedAt' | 'deletedAt'>
  & { deleted: boolean };

/**
 * Test-control endpoints for tests in another process (e.g. the VS Code extension host): fault rules,
 * reset to the seed (which also clears faults), and a read-only view of keys and users.
 */
export function registerControlRoutes(router: Router, store: EmulatorStore, faults: FaultInjector): void {
  router.add('GET', `${CONTROL_PREFIX}/faults`, () => ({
    status: 200,
    body: { items: faults.list().map((fault) => ({ id: fault.id, remaining: fault.remaining ?? null, rule: faultRuleToJson(fault.rule) })) },
  }));

  router.add('POST', `${CONTROL_PREFIX}/faults`, async (context) => {
    let id: number;
    try {
      id = faults.add(faultRuleFromJson(await context.body()));
    } catch (error) {
      // Rule errors are fixed texts about the rule's shape, safe to return.
      throw badRequest(error instanceof Error ? error.message : 'Invalid fault rule');
    }
    return { status: 201, body: { id } };
  });

  router.add('DELETE', `${CONTROL_PREFIX}/faults`, () => {
    faults.clear();
    return { status: 204 };
  });

  router.add('DELETE', `${CONTROL_PREFIX}/faults/:id`, (context) => {
    if (!faults.remove(Number(context.params.id))) throw notFound('Fault rule');
    return { status: 204 };
  });

  router.add('POST', `${CONTROL_PREFIX}/reset`, () => {
    store.reset();
    faults.clear();
    return { status: 204 };
  });

  router.add('GET', `${CONTROL_PREFIX}/keys`, () => ({
    status: 200,
    body: { items: store.listKeys({ includeDeleted: true }).map(toControlKeyView) },
  }));

  router.add('GET', `${CONTROL_PREFIX}/users`, () => ({
    status: 200,
    body: {
      items: store.listUsers().map((user) => ({
        uid: user.uid, email: user.email, firstName: user.firstName, lastName: user.lastName, isTenantAdmin: user.isTenantAdmin,
      })),
    },
  }));
}

export function toControlKeyView(key: StoredKey): ControlKeyView {
  return {
    uid: key.uid,
    name: key.name,
    description: key.description,
    expiry: key.expiry,
    isActive: key.isActive,
    ownerUid: key.ownerUid,
    createdAt: key.createdAt,
    modifiedAt: key.modifiedAt,
    deleted: key.deletedAt !== undefined,
    ...(key.deletedAt !== undefined ? { deletedAt: key.deletedAt } : {}),
  };
}
