// Builds both shims from the same sources: `node build.mjs` writes dist/, `node build.mjs --verify`
// fails when dist/ is not what the sources build to (dist/ is committed, so that a server owner
// installs the resource without npm).
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const banner = '// Built by build.mjs from src/ (npm run build); do not edit.';
const targets = [
  // FiveM loads server scripts as plain scripts (with require): one IIFE file, no import/export.
  { entryPoints: ['src/fivem/server.js'], outfile: 'dist/fivem/server.js', format: 'iife' },
  // alt:V loads the main file as an ES module; alt-server is the platform's own module.
  { entryPoints: ['src/altv/server.js'], outfile: 'dist/altv/server.js', format: 'esm', external: ['alt-server'] },
];
const verify = process.argv.includes('--verify');
let stale = 0;
for (const target of targets) {
  const result = await build({
    ...target,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: banner },
    write: !verify,
    logLevel: 'warning',
  });
  if (verify) {
    const built = result.outputFiles[0].text;
    const onDisk = await readFile(path.join(root, target.outfile), 'utf8').catch(() => '');
    if (built !== onDisk) {
      console.error(`${target.outfile} is not what src/ builds to: run npm run build and commit dist/`);
      stale++;
    }
  }
}
if (stale) process.exit(1);
console.log(verify ? 'dist/ is up to date with src/' : 'built dist/fivem/server.js and dist/altv/server.js');
