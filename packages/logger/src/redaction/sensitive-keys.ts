// Secrets by name, as word lists; every common spelling is generated from them (see spellings()).
const SENSITIVE_WORDS: readonly (readonly string[])[] = [
  ['authorization'],
  ['proxy', 'authorization'],
  ['cookie'],
  ['set', 'cookie'],
  ['x', 'api', 'key'],
  ['api', 'key'],
  ['password'],
  ['passwd'],
  ['pwd'],
  ['secret'],
  ['client', 'secret'],
  ['token'],
  ['access', 'token'],
  ['refresh', 'token'],
  ['id', 'token'],
  ['auth', 'token'],
  ['session', 'token'],
  ['csrf', 'token'],
  ['private', 'key'],
  ['jwt'],
  ['credit', 'card'],
  ['card', 'number'],
  ['cvv'],
  ['sig'],
  ['signature'],
];

/**
 * Parts that make a name sensitive wherever they appear in it (`newPassword`, `passwordHash`, `x-auth-token`,
 * `secretAccessKey`, `sessionId`), compared with the lowercase name stripped of `-` and `_`.
 */
const SENSITIVE_PARTS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'authorization',
  'cookie',
  'privatekey',
  'sessionid',
  'credential',
  'signature',
  'creditcard',
  'cardnumber',
];

/** Distinct names remembered by a matcher; past that the memo starts over (names are usually a small, fixed set). */
const MAX_MEMO = 10_000;

/** How a name matched: `exact` (a listed spelling) or `pattern` (contains a sensitive part). @internal */
export type KeyMatch = 'exact' | 'pattern' | undefined;

/**
 * Tells whether a field or parameter name is sensitive: one of `exact` (as spelled, or lowercase), or, with
 * `patterns`, a name containing a sensitive part. The pattern test runs once per distinct name. @internal
 */
export function createKeyMatcher(exact: readonly string[], patterns: boolean): (name: string) => KeyMatch {
  const spelled = new Set(exact);
  const lower = new Set(exact.map((k) => k.toLowerCase()));
  const memo = new Map<string, KeyMatch>();
  return (name) => {
    if (spelled.has(name)) return 'exact';
    let match = memo.get(name);
    if (match === undefined && !memo.has(name)) {
      const folded = name.toLowerCase();
      if (lower.has(folded)) match = 'exact';
      else if (patterns) {
        const bare = folded.replace(/[-_]/g, '');
        match = SENSITIVE_PARTS.some((part) => bare.includes(part)) ? 'pattern' : undefined;
      }
      if (memo.size >= MAX_MEMO) memo.clear();
      memo.set(name, match);
    }
    return match;
  };
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** camelCase, PascalCase, snake_case, kebab-case, lowercase, UPPERCASE and UPPER_SNAKE spellings of one name. @internal */
export function spellings(words: readonly string[]): string[] {
  const lower = words.map((w) => w.toLowerCase());
  const variants = [
    lower.join(''),
    lower[0] + lower.slice(1).map(capitalize).join(''),
    lower.map(capitalize).join(''),
    lower.join('_'),
    lower.join('-'),
    lower.map(capitalize).join('-'),
    lower.join('').toUpperCase(),
    lower.join('_').toUpperCase(),
  ];
  return [...new Set(variants)];
}

/** The built-in sensitive field names, in every spelling. @internal */
export function defaultSensitiveKeys(): string[] {
  return [...new Set(SENSITIVE_WORDS.flatMap(spellings))];
}
