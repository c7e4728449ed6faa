import * as assert from 'node:assert/strict';
import {
  DESCRIPTION_MAX_LENGTH,
  EXPIRY_PRESETS,
  NAME_MAX_LENGTH,
  expiryFromPreset,
  hasErrors,
  latestExpiryWithin,
  normalizeKeyForm,
  parseExpiry,
  validateKeyForm,
  type FieldIssue,
  type KeyFormInput,
  type ValidationLimits,
} from '../../src/shared/keyFormValidation';

const NOW = new Date('2025-03-10T12:00:00.000Z');
const LIMITS: ValidationLimits = { now: NOW, maxExpiryDays: 90, recommendedExpiryDays: 30 };

function form(overrides: Partial<KeyFormInput> = {}): KeyFormInput {
  return { name: 'ci-deploy', description: 'GitHub Actions deploy', expiry: '2025-03-20', ...overrides };
}

function issuesFor(field: FieldIssue['field'], overrides: Partial<KeyFormInput>): FieldIssue[] {
  return validateKeyForm(form(overrides), LIMITS).filter((issue) => issue.field === field);
}

describe('keyFormValidation', () => {
  describe('a valid form', () => {
    it('has no issues', () => {
      assert.deepEqual(validateKeyForm(form(), LIMITS), []);
    });
  });

  describe('name', () => {
    it('is required', () => {
      const issues = issuesFor('name', { name: '' });
      assert.equal(issues.length, 1);
      assert.equal(issues[0].severity, 'error');
      assert.match(issues[0].message, /name/i);
    });

    it('rejects whitespace only', () => {
      assert.equal(issuesFor('name', { name: ' \t  ' }).length, 1);
    });

    it('accepts exactly the maximum length and rejects one more', () => {
      assert.deepEqual(issuesFor('name', { name: 'a'.repeat(NAME_MAX_LENGTH) }), []);
      const issues = issuesFor('name', { name: 'a'.repeat(NAME_MAX_LENGTH + 1) });
      assert.equal(issues.length, 1);
      assert.match(issues[0].message, new RegExp(`${NAME_MAX_LENGTH + 1} characters`));
    });

    it('counts code points, not UTF-16 units', () => {
      // Each emoji is two UTF-16 units but one character for the user.
      assert.deepEqual(issuesFor('name', { name: '🔑'.repeat(NAME_MAX_LENGTH) }), []);
      assert.equal(issuesFor('name', { name: '🔑'.repeat(NAME_MAX_LENGTH + 1) }).length, 1);
    });

    it('rejects a very long name without echoing it', () => {
      const name = 'x'.repeat(100_000);
      const [issue] = issuesFor('name', { name });
      assert.ok(issue.message.length < 200);
    });

    for (const [label, ch] of [
      ['newline', '\n'],
      ['tab', '\t'],
      ['NUL', '\u0000'],
      ['escape', '\u001b'],
      ['DEL', '\u007f'],
      ['C1 control', '\u0085'],
      ['line separator', '\u2028'],
      ['right-to-left override', '\u202e'],
      ['first strong isolate', '\u2068'],
    ] as const) {
      it(`rejects a ${label} inside the name`, () => {
        const issues = issuesFor('name', { name: `ci${ch}deploy` });
        assert.equal(issues.length, 1);
        assert.match(issues[0].message, /control character/);
      });
    }

    for (const name of ['デプロイ用キー', 'ключ-развертывания', 'مفتاح النشر', 'κλειδί', '部署密钥 🚀', 'clé d’accès', 'कुंजी']) {
      it(`accepts the non-Latin name ${name}`, () => {
        assert.deepEqual(issuesFor('name', { name }), []);
      });
    }

    it('accepts a zero-width joiner (needed by emoji and some scripts)', () => {
      assert.deepEqual(issuesFor('name', { name: 'team 👩‍💻' }), []);
    });
  });

  describe('description', () => {
    it('is optional', () => {
      assert.deepEqual(issuesFor('description', { description: '' }), []);
    });

    it('allows newlines and tabs', () => {
      assert.deepEqual(issuesFor('description', { description: 'line one\n\tline two' }), []);
    });

    it('rejects other control characters', () => {
      const issues = issuesFor('description', { description: 'bell\u0007' });
      assert.equal(issues.length, 1);
      assert.match(issues[0].message, /control character/);
    });

    it('rejects a bidi override', () => {
      assert.equal(issuesFor('description', { description: 'abc\u202edef' }).length, 1);
    });

    it('accepts markup as plain text (the webview must render it as text)', () => {
      const description = '<script>alert(1)</script> <img src=x onerror=alert(1)> &amp; **bold**';
      assert.deepEqual(issuesFor('description', { description }), []);
      assert.equal(normalizeKeyForm(form({ description })).description, description);
    });

    it('enforces the maximum length', () => {
      assert.deepEqual(issuesFor('description', { description: 'd'.repeat(DESCRIPTION_MAX_LENGTH) }), []);
      assert.equal(issuesFor('description', { description: 'd'.repeat(DESCRIPTION_MAX_LENGTH + 1) }).length, 1);
    });
  });

  describe('expiry', () => {
    it('is required', () => {
      const issues = issuesFor('expiry', { expiry: '  ' });
      assert.equal(issues.length, 1);
      assert.match(issues[0].message, /Choose an expiry/);
    });

    for (const expiry of ['tomorrow', '2025-13-01', '2025-02-29', '2025-04-31', '2025-03-20T24:00:00Z', '20250320', '2025-3-20', '1741608000000']) {
      it(`rejects the invalid date ${JSON.stringify(expiry)}`, () => {
        const issues = issuesFor('expiry', { expiry });
        assert.equal(issues.length, 1);
        assert.match(issues[0].message, /not a valid date/);
      });
    }

    it('rejects a past date', () => {
      assert.match(issuesFor('expiry', { expiry: '2025-03-09' })[0].message, /future/);
    });

    it('rejects exactly now and accepts one millisecond later', () => {
      assert.match(issuesFor('expiry', { expiry: '2025-03-10T12:00:00.000Z' })[0].message, /future/);
      assert.deepEqual(issuesFor('expiry', { expiry: '2025-03-10T12:00:00.001Z' }), []);
    });

    it('accepts today as a date-only value (valid through the end of the UTC day)', () => {
      assert.deepEqual(issuesFor('expiry', { expiry: '2025-03-10' }), []);
    });

    it('accepts the last allowed day and rejects the next (whole-day maximum)', () => {
      // 2025-03-10 + 90 days = 2025-06-08.
      assert.deepEqual(
        issuesFor('expiry', { expiry: '2025-06-08' }).filter((i) => i.severity === 'error'),
        [],
      );
      assert.deepEqual(
        issuesFor('expiry', { expiry: '2025-06-08T23:59:59.999Z' }).filter((i) => i.severity === 'error'),
        [],
      );
      const beyond = issuesFor('expiry', { expiry: '2025-06-09T00:00:00Z' });
      assert.equal(beyond.length, 1);
      assert.equal(beyond[0].severity, 'error');
      assert.match(beyond[0].message, /at most 90 days/);
    });

    it('rejects a far-future date', () => {
      assert.equal(issuesFor('expiry', { expiry: '9999-12-31' })[0].severity, 'error');
    });

    it('warns beyond the recommended lifetime, without blocking', () => {
      const issues = validateKeyForm(form({ expiry: '2025-05-01' }), LIMITS);
      assert.equal(issues.length, 1);
      assert.equal(issues[0].severity, 'warning');
      assert.match(issues[0].message, /30 days/);
      assert.equal(hasErrors(issues), false);
    });

    it('does not warn for the 30-day preset', () => {
      assert.deepEqual(issuesFor('expiry', { expiry: expiryFromPreset(30, NOW).toISOString() }), []);
    });

    it('honours custom limits', () => {
      const issues = validateKeyForm(form({ expiry: '2025-03-20' }), { now: NOW, maxExpiryDays: 7, recommendedExpiryDays: 3 });
      assert.match(issues[0].message, /at most 7 days/);
    });

    it('compares instants across time-zone offsets', () => {
      // 2025-03-10T13:30+02:00 is 11:30Z, before now; 2025-03-10T11:30-02:00 is 13:30Z, after now.
      assert.match(issuesFor('expiry', { expiry: '2025-03-10T13:30:00+02:00' })[0].message, /future/);
      assert.deepEqual(issuesFor('expiry', { expiry: '2025-03-10T11:30:00-02:00' }), []);
    });
  });

  describe('userUid', () => {
    it('is optional', () => {
      assert.deepEqual(issuesFor('userUid', { userUid: undefined }), []);
      assert.deepEqual(issuesFor('userUid', { userUid: '' }), []);
    });

    it('accepts a Palette uid', () => {
      assert.deepEqual(issuesFor('userUid', { userUid: '5eea74e9ea5bd9b3dcd1f0aa' }), []);
    });

    it('rejects spaces, slashes and oversize values', () => {
      for (const userUid of ['a b', '../admin', 'u'.repeat(200)]) {
        assert.equal(issuesFor('userUid', { userUid }).length, 1, userUid.slice(0, 20));
      }
    });
  });

  it('reports several problems at once, in field order', () => {
    const issues = validateKeyForm({ name: '', description: 'x\u0000', expiry: 'nope', userUid: 'a b' }, LIMITS);
    assert.deepEqual(
      issues.map((i) => i.field),
      ['name', 'description', 'expiry', 'userUid'],
    );
    assert.ok(issues.every((i) => i.severity === 'error'));
  });
});

describe('normalizeKeyForm', () => {
  it('trims, folds CRLF, and drops an empty owner', () => {
    const normalized = normalizeKeyForm({ name: '  ci  ', description: ' a\r\nb\rc ', expiry: ' 2025-03-20 ', userUid: '  ' });
    assert.deepEqual(normalized, { name: 'ci', description: 'a\nb\nc', expiry: '2025-03-20' });
  });

  it('keeps a given owner, trimmed', () => {
    assert.equal(normalizeKeyForm(form({ userUid: ' u1 ' })).userUid, 'u1');
  });

  it('NFC-normalizes the name so visually equal names compare equal', () => {
    const decomposed = 'cle\u0301';
    assert.equal(normalizeKeyForm(form({ name: decomposed })).name, 'clé');
  });
});

describe('parseExpiry', () => {
  it('reads a date-only value as the end of that UTC day', () => {
    assert.equal(parseExpiry('2025-03-31')?.toISOString(), '2025-03-31T23:59:59.999Z');
  });

  it('reads a leap day in a leap year only', () => {
    assert.equal(parseExpiry('2024-02-29')?.toISOString(), '2024-02-29T23:59:59.999Z');
    assert.equal(parseExpiry('2025-02-29'), undefined);
    assert.equal(parseExpiry('1900-02-29'), undefined);
    assert.ok(parseExpiry('2000-02-29'));
  });

  it('reads a date-time without offset as UTC', () => {
    assert.equal(parseExpiry('2025-03-31T08:15')?.toISOString(), '2025-03-31T08:15:00.000Z');
  });

  it('applies offsets', () => {
    assert.equal(parseExpiry('2025-03-31T08:15:00+05:30')?.toISOString(), '2025-03-31T02:45:00.000Z');
    assert.equal(parseExpiry('2025-03-31T20:00:00-08:00')?.toISOString(), '2025-04-01T04:00:00.000Z');
    assert.equal(parseExpiry('2025-03-31T08:15:00+0530')?.toISOString(), '2025-03-31T02:45:00.000Z');
    assert.equal(parseExpiry('2025-03-31T08:15:00z')?.toISOString(), '2025-03-31T08:15:00.000Z');
  });

  it('truncates nanoseconds (as Go sends them)', () => {
    assert.equal(parseExpiry('2025-03-31T08:15:00.123456789Z')?.toISOString(), '2025-03-31T08:15:00.123Z');
    assert.equal(parseExpiry('2025-03-31T08:15:00.5Z')?.toISOString(), '2025-03-31T08:15:00.500Z');
  });

  it("keeps Go's zero time in year 1", () => {
    assert.equal(parseExpiry('0001-01-01T00:00:00Z')?.getUTCFullYear(), 1);
  });

  it('rejects out-of-range components and garbage', () => {
    for (const text of ['', '2025-00-10', '2025-01-32', '2025-01-01T23:60:00Z', '2025-01-01T10:00:61Z', '2025-01-01T10:00+24:00', 'Mon, 31 Mar 2025 08:15:00 GMT']) {
      assert.equal(parseExpiry(text), undefined, text);
    }
  });
});

describe('presets', () => {
  it('are the Palette UI presets', () => {
    assert.deepEqual([...EXPIRY_PRESETS], [7, 30, 60, 90]);
  });

  it('add whole days to now', () => {
    assert.equal(expiryFromPreset(7, NOW).toISOString(), '2025-03-17T12:00:00.000Z');
  });

  it('are all valid under the default limits', () => {
    for (const days of EXPIRY_PRESETS) {
      const issues = validateKeyForm(form({ expiry: expiryFromPreset(days, NOW).toISOString() }), LIMITS);
      assert.equal(hasErrors(issues), false, `${days} days`);
    }
  });

  it('latestExpiryWithin is the end of the UTC day', () => {
    assert.equal(latestExpiryWithin(1, NOW).toISOString(), '2025-03-11T23:59:59.999Z');
  });
});
