// Loads one package's built output the way a user's app would, in a plain Node process (not Jest's loader),
// and proves constructor injection works from dist: design:paramtypes must have survived the build.
// Usage: node smoke-load.mjs <import|require> <packageDir> <moduleExport> <providerExport> [optionsJson]
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, packageDirArg, moduleExport, providerExport, optionsJson = '{}'] = process.argv.slice(2);
const packageDir = resolve(packageDirArg);
const requireFromPackage = createRequire(join(packageDir, 'package.json'));
const manifest = requireFromPackage('./package.json');
const entry = manifest.exports['.'][mode];

requireFromPackage('reflect-metadata');
const lib =
  mode === 'require'
    ? requireFromPackage(entry.default)
    : await import(pathToFileURL(join(packageDir, entry.default)).href);
// The Nest that the package itself resolves: the one a user's app shares with it.
const core = requireFromPackage('@nestjs/core');
const common = requireFromPackage('@nestjs/common');

const Module = lib[moduleExport];
const Provider = lib[providerExport];
if (!Module || !Provider)
  throw new Error(`${manifest.name} (${mode}) does not export ${moduleExport} and ${providerExport}`);

const paramtypes = Reflect.getMetadata('design:paramtypes', Provider) ?? [];
class SmokeModule {}
// 'none': forRoot() with no argument at all, which users write for modules whose options all have defaults.
common.Module({ imports: [optionsJson === 'none' ? Module.forRoot() : Module.forRoot(JSON.parse(optionsJson))] })(
  SmokeModule,
);
const app = await core.NestFactory.createApplicationContext(SmokeModule, { logger: false });
const instance = app.get(Provider);
const injected = paramtypes.map((type, i) => ({
  type: type?.name,
  resolved: Object.values(instance).some(
    (value) => typeof type === 'function' && type !== Object && value instanceof type,
  ),
  index: i,
}));
await app.close();
const nestVersion = requireFromPackage('@nestjs/core/package.json').version;
process.stdout.write(JSON.stringify({ name: manifest.name, mode, nestVersion, paramtypes: injected }) + '\n');
