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
];

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
