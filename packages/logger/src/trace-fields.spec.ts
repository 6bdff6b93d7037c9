import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesLoading } from '@ballast/test-support';

const src = dirname(fileURLToPath(import.meta.url));

// Trace fields are read from the API's global registry: importing @opentelemetry/api (even lazily) would load it at
// every app's startup wherever it is installed, to read nothing when no SDK is registered.
it('no source file loads @opentelemetry/api (imports of types excepted)', () => {
  expect(filesLoading(src, '@opentelemetry/api', { dynamic: true })).toEqual([]);
});
