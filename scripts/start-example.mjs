// `npm start`: installs what is missing, builds the packages, and runs examples/api (PORT, default 3000).
import { execFileSync } from 'node:child_process';
import { bootstrap, root } from './bootstrap.mjs';

const pnpm = bootstrap();
execFileSync(pnpm[0], [...pnpm.slice(1), '--filter', '@ballast/example-api', 'start'], { stdio: 'inherit', cwd: root });
