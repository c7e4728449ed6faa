/**
 * Lower-case fragments that mark a 32-character value as a placeholder or an example rather than a
 * real key. A random key holds one of these by chance rarely; two (8+ characters) almost never.
 */
export const PLACEHOLDER_WORDS: readonly string[] = [
  'your', 'here', 'apikey', 'example', 'sample', 'placeholder', 'dummy', 'fake', 'test', 'secret',
  'token', 'replace', 'insert', 'change', 'redacted', 'xxxx', 'lorem', 'ipsum', 'value', 'palette',
  'spectro', 'qwerty', 'password', 'todo', 'fixme', 'mock', 'stub', 'null', 'none', 'undefined',
  'default', 'invalid', 'key', 'api', 'demo', 'foo', 'bar', 'baz', 'abcd', '1234', '0000',
];

/**
 * Documented example values: public, never a live key. The first is the example in Palette's API
 * introduction.
 */
export const DOCUMENTED_EXAMPLE_KEYS: ReadonlySet<string> = new Set(['QMOI1ZVKVIoW6LM6uXqSWFPsjmt0juvl']);
