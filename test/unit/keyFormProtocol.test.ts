import * as assert from 'node:assert/strict';
import {
  MAX_SEARCH_QUERY,
  MAX_USER_RESULTS,
  MAX_WIRE_SHORT_TEXT,
  MAX_WIRE_TEXT,
  REPLY_TYPE,
  fromWireLimits,
  isHostToWebviewMessage,
  isKeyFormInput,
  isWebviewToHostMessage,
  toWireLimits,
} from '../../src/shared/keyFormProtocol';

const input = { name: 'ci-deploy', description: 'used by CI', expiry: '2030-01-31' };

const validWebviewMessages: Record<string, unknown> = {
  ready: { type: 'ready' },
  submit: { type: 'submit', id: 1, input },
  submitWithOwner: { type: 'submit', id: 2, input: { ...input, userUid: '5f1e0c2a9b8d7e6f5a4b3c2d' } },
  searchUsers: { type: 'searchUsers', id: 3, query: 'ada' },
  copyValue: { type: 'copyValue', id: 4 },
  insertReference: { type: 'insertReference', id: 5 },
  done: { type: 'done' },
  cancel: { type: 'cancel' },
};

const init = {
  type: 'init',
  formId: 'form-1',
  mode: 'create',
  title: 'Create API key',
  initial: { name: '', description: '', expiry: '' },
  isAdmin: true,
  limits: { nowIso: '2030-01-01T00:00:00.000Z', maxExpiryDays: 90, recommendedExpiryDays: 30 },
  presets: [7, 30, 60, 90],
};

const validHostMessages: Record<string, unknown> = {
  init,
  submitResultOk: { type: 'submitResult', id: 1, ok: true },
  submitResultError: {
    type: 'submitResult',
    id: 1,
    ok: false,
    error: 'A key with this name exists.',
    fieldIssues: [{ field: 'name', severity: 'error', message: 'Taken.' }],
  },
  users: { type: 'users', id: 3, items: [{ uid: 'u1', displayName: 'Ada Lovelace', email: 'ada@example.com' }] },
  usersError: { type: 'users', id: 3, items: [], error: 'Only tenant admins can list users.' },
  actionResult: { type: 'actionResult', id: 4, ok: true, message: 'Copied.' },
  reveal: { type: 'reveal', keyName: 'ci-deploy', value: 'A'.repeat(32), envVarName: 'SPECTROCLOUD_APIKEY' },
  busy: { type: 'busy', busy: true },
};

describe('keyFormProtocol guards', () => {
  describe('valid messages', () => {
    for (const [name, message] of Object.entries(validWebviewMessages)) {
      it(`accepts webview -> host ${name}`, () => {
        assert.equal(isWebviewToHostMessage(message), true);
        assert.equal(isHostToWebviewMessage(message), false, 'direction matters');
      });
    }
    for (const [name, message] of Object.entries(validHostMessages)) {
      it(`accepts host -> webview ${name}`, () => {
        assert.equal(isHostToWebviewMessage(message), true);
        assert.equal(isWebviewToHostMessage(message), false, 'direction matters');
      });
    }
    it('accepts an explicitly undefined optional field (structured clone keeps it)', () => {
      assert.equal(isHostToWebviewMessage({ type: 'submitResult', id: 1, ok: true, error: undefined }), true);
    });
  });

  describe('unknown types', () => {
    for (const type of ['evaluate', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '', 'READY']) {
      it(`rejects type ${JSON.stringify(type)}`, () => {
        assert.equal(isWebviewToHostMessage({ type }), false);
        assert.equal(isHostToWebviewMessage({ type }), false);
      });
    }
  });

  describe('malformed values', () => {
    const cases: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ['a string', 'ready'],
      ['a number', 1],
      ['an array', [{ type: 'ready' }]],
      ['no type', { id: 1 }],
      ['a numeric type', { type: 1 }],
      ['a class instance', Object.assign(new (class Message {})(), { type: 'ready' })],
      ['submit without input', { type: 'submit', id: 1 }],
      ['submit with id 0', { type: 'submit', id: 0, input }],
      ['submit with a fractional id', { type: 'submit', id: 1.5, input }],
      ['submit with a string id', { type: 'submit', id: '1', input }],
      ['submit with NaN id', { type: 'submit', id: Number.NaN, input }],
      ['submit with a numeric name', { type: 'submit', id: 1, input: { ...input, name: 42 } }],
      ['submit with a null userUid', { type: 'submit', id: 1, input: { ...input, userUid: null } }],
      ['submit with input as an array', { type: 'submit', id: 1, input: [] }],
      ['searchUsers without query', { type: 'searchUsers', id: 1 }],
    ];
    for (const [name, value] of cases) {
      it(`rejects ${name}`, () => assert.equal(isWebviewToHostMessage(value), false));
    }

    const hostCases: [string, unknown][] = [
      ['init with an unknown mode', { ...init, mode: 'delete' }],
      ['init with a string isAdmin', { ...init, isAdmin: 'true' }],
      ['init with a negative preset', { ...init, presets: [-1] }],
      ['init with limits missing nowIso', { ...init, limits: { maxExpiryDays: 90, recommendedExpiryDays: 30 } }],
      ['submitResult with an unknown field name in an issue', {
        type: 'submitResult', id: 1, ok: false, fieldIssues: [{ field: 'owner', severity: 'error', message: 'x' }],
      }],
      ['submitResult with an unknown severity', {
        type: 'submitResult', id: 1, ok: false, fieldIssues: [{ field: 'name', severity: 'fatal', message: 'x' }],
      }],
      ['users with a non-array items', { type: 'users', id: 1, items: {} }],
      ['users with an item missing email', { type: 'users', id: 1, items: [{ uid: 'u', displayName: 'd' }] }],
      ['busy without busy', { type: 'busy' }],
      ['reveal with a numeric value', { type: 'reveal', keyName: 'k', value: 12345, envVarName: 'X' }],
    ];
    for (const [name, value] of hostCases) {
      it(`rejects ${name}`, () => assert.equal(isHostToWebviewMessage(value), false));
    }
  });

  describe('extra fields', () => {
    it('rejects an extra top-level field', () => {
      assert.equal(isWebviewToHostMessage({ type: 'ready', extra: true }), false);
      assert.equal(isWebviewToHostMessage({ type: 'cancel', id: 1 }), false);
    });
    it('rejects an extra nested field', () => {
      assert.equal(isWebviewToHostMessage({ type: 'submit', id: 1, input: { ...input, isAdmin: true } }), false);
      assert.equal(isHostToWebviewMessage({ ...init, limits: { ...init.limits, extra: 1 } }), false);
    });
    it('rejects copyValue carrying a value: the secret never travels webview -> host', () => {
      assert.equal(isWebviewToHostMessage({ type: 'copyValue', id: 1, value: 'A'.repeat(32) }), false);
    });
  });

  describe('oversized values', () => {
    it('rejects a name longer than the wire limit but accepts one at the limit', () => {
      assert.equal(isKeyFormInput({ ...input, name: 'n'.repeat(MAX_WIRE_TEXT) }), true);
      assert.equal(isKeyFormInput({ ...input, name: 'n'.repeat(MAX_WIRE_TEXT + 1) }), false);
    });
    it('rejects an oversized search query', () => {
      assert.equal(isWebviewToHostMessage({ type: 'searchUsers', id: 1, query: 'q'.repeat(MAX_SEARCH_QUERY) }), true);
      assert.equal(isWebviewToHostMessage({ type: 'searchUsers', id: 1, query: 'q'.repeat(MAX_SEARCH_QUERY + 1) }), false);
    });
    it('rejects an oversized expiry and owner', () => {
      assert.equal(isKeyFormInput({ ...input, expiry: 'x'.repeat(MAX_WIRE_SHORT_TEXT + 1) }), false);
      assert.equal(isKeyFormInput({ ...input, userUid: 'u'.repeat(MAX_WIRE_SHORT_TEXT + 1) }), false);
    });
    it('rejects too many users', () => {
      const item = { uid: 'u', displayName: 'd', email: 'e' };
      assert.equal(isHostToWebviewMessage({ type: 'users', id: 1, items: Array(MAX_USER_RESULTS).fill(item) }), true);
      assert.equal(isHostToWebviewMessage({ type: 'users', id: 1, items: Array(MAX_USER_RESULTS + 1).fill(item) }), false);
    });
  });

  describe('helpers', () => {
    it('round-trips limits through the wire form', () => {
      const limits = { now: new Date('2030-05-06T07:08:09.010Z'), maxExpiryDays: 90, recommendedExpiryDays: 30 };
      const wire = toWireLimits(limits);
      assert.equal(wire.nowIso, '2030-05-06T07:08:09.010Z');
      assert.deepEqual(fromWireLimits(wire), limits);
    });
    it('maps every request to a reply type the host guard accepts', () => {
      assert.deepEqual(REPLY_TYPE, {
        submit: 'submitResult',
        searchUsers: 'users',
        copyValue: 'actionResult',
        insertReference: 'actionResult',
      });
    });
  });
});
