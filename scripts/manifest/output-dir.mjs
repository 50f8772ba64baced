// The analyzer writes custom-elements.json into `--outdir` (default: the working directory) but does
// not tell plugins where that is. Files generated next to the manifest go to the same place, so a run
// with `--outdir .cache/x` (as the tests do) leaves the package's own copies alone.
import { resolve } from 'node:path';

/** The directory the analyzer writes custom-elements.json to, resolved against the working directory. */
export function manifestOutputDir(argv = process.argv) {
  let outdir = '';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--outdir') outdir = argv[i + 1] ?? '';
    else if (argv[i].startsWith('--outdir=')) outdir = argv[i].slice('--outdir='.length);
  }
  return resolve(outdir);
}
