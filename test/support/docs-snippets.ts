import swc from '@swc/core';

/**
 * The code of the ```ts block a page marks with `<!-- docs-test: <name> …` and `<!-- /docs-test -->`: the docs tests
 * run the very code a page shows. `page` names the page in the error when the block is missing.
 */
export function docSnippet(markdown: string, name: string, page: string): string {
  const start = markdown.indexOf(`<!-- docs-test: ${name}`);
  const end = markdown.indexOf('<!-- /docs-test -->', start);
  if (start === -1 || end === -1) throw new Error(`${page}: no "<!-- docs-test: ${name}" … "<!-- /docs-test -->"`);
  const code = /```ts\n([\s\S]*?)```/.exec(markdown.slice(start, end));
  if (!code) throw new Error(`${page}: the docs-test block "${name}" holds no \`\`\`ts code block`);
  return code[1]!;
}

/**
 * Compiles a snippet (TypeScript) and runs it, returning its exports. Its imports resolve to `modules` only (what the
 * test provides, e.g. the package source for '@ballast/config'); any other import fails, naming it.
 */
export function runSnippet(code: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const { code: js } = swc.transformSync(code, {
    filename: 'snippet.ts',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  const exports: Record<string, unknown> = {};
  const require = (name: string) => {
    if (!(name in modules))
      throw new Error(`the snippet imports "${name}" at run time, which the test does not provide`);
    return modules[name];
  };
  new Function('exports', 'require', js)(exports, require);
  return exports;
}
