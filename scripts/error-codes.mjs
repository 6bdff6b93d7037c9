// Writes docs/error-codes.md from the "Errors" tables of the package READMEs: one reference page, no second copy
// to keep in step by hand. test/docs/error-codes.spec.ts checks codes and docs both ways, and that this page is current.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { root } from './bootstrap.mjs';

const target = join(root, 'docs', 'error-codes.md');

/** docs/error-codes.md as it should be, formatted as the repository's Prettier config says. */
export async function renderErrorCodes() {
  const order = ['config', 'context', 'logger', 'exceptions', 'health', 'cache', 'shutdown'];
  const dirs = readdirSync(join(root, 'packages')).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const sections = dirs.map((dir) => {
    const readme = join(root, 'packages', dir, 'README.md');
    const text = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
    const rows = text.split('\n').filter((line) => /^\|\s*`BALLAST_[A-Z0-9_]+`/.test(line));
    const header = text
      .split('\n')
      .find((line, i, lines) => /^\|/.test(line) && lines[i + 2] && /^\|\s*`BALLAST_/.test(lines[i + 2]));
    const table = header
      ? [header, header.replace(/[^|]+/g, (cell) => '-'.repeat(Math.max(3, cell.length))), ...rows]
      : rows;
    return `## @ballast/${dir}\n\nSee [the package README](https://github.com/ballast-js/ballast/tree/main/packages/${dir}#errors).\n\n${table.join('\n')}\n`;
  });

  const text = `# Error codes

Every error a ballast package throws carries a stable \`code\` (\`BALLAST_<PACKAGE>_<WHAT>\`), never reused, and a message
that names the cause and the fix. Catch by code, not by message. This page is generated from the packages' READMEs by
\`node scripts/error-codes.mjs\`; a test fails when a code in the sources is missing here or in its README.

Error *bodies* (\`UNIQUE_VIOLATION\`, \`VALIDATION_FAILED\`, …) that \`@ballast/exceptions\` sends to clients are listed in
[its page](./packages/exceptions.md).

${sections.join('\n')}`;
  const config = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(text, { ...config, filepath: target });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(target, await renderErrorCodes());
  console.log('wrote docs/error-codes.md');
}
