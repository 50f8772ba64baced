import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';

// The package ships editor data and React/Vue types generated from custom-elements.json. This lays the
// package out as installed, in an app outside the project (inside it, TypeScript would resolve
// `sealbox/...` to the project itself): node_modules/sealbox holds package.json, the analyzer's
// outputs and the declarations tsc emits into dist/, with the dependencies beside it; the app has
// React's or Vue's types. Small React 19 and Vue 3 apps (test/types) then compile against it, resolved
// through its "exports". They also hold deliberate mistakes, marked to fail, which must fail.
//
// React's and Vue's types (and vue-tsc) are dev dependencies of the project.

const ROOT = process.cwd();
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const FIXTURES = join(ROOT, 'test/types');
const PACKAGE = JSON.parse(readFileSync('package.json', 'utf8')) as {
  files: string[];
  exports: Record<string, unknown>;
  'web-types'?: string;
};
const GENERATED = ['custom-elements.json', 'web-types.json', 'vscode.html-custom-data.json', 'vscode.css-custom-data.json', 'react.d.ts', 'vue.d.ts'];

function findPackage(name: string): string {
  const path = join(ROOT, 'node_modules', name);
  assert.ok(existsSync(join(path, 'package.json')), `${name} is a dev dependency: run npm install`);
  return realpathSync(path);
}

const REACT_TYPES = findPackage('@types/react');
const VUE = findPackage('vue');
const VUE_TSC = findPackage('vue-tsc');

function run(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The compiler's error lines. */
function errors(output: string) {
  return output.split('\n').filter((line) => /error TS\d+/.test(line));
}

function tsconfig(files: string[], extra: Record<string, unknown> = {}) {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      strict: true,
      noEmit: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      // The generated declarations are library files: check them too.
      skipLibCheck: false,
      types: [],
      jsx: 'react-jsx',
    },
    files,
    ...extra,
  };
}

describe('framework types and editor data', () => {
  const app = mkdtempSync(join(tmpdir(), 'sealbox-types-'));
  const pkg = join(app, 'node_modules/sealbox');

  before(() => {
    mkdirSync(pkg, { recursive: true });
    // The analyzer resolves --outdir against the working directory and writes the editor data and the
    // framework types beside the manifest.
    const analyze = run(['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(ROOT, pkg)]);
    assert.equal(analyze.status, 0, analyze.output);
    const declarations = run([TSC, '-p', 'tsconfig.build.json', '--outDir', join(pkg, 'dist')]);
    assert.equal(declarations.status, 0, declarations.output);
    writeFileSync(join(pkg, 'package.json'), JSON.stringify(PACKAGE, null, 2));

    const link = (name: string, path: string, into: string) => {
      mkdirSync(dirname(join(into, name)), { recursive: true });
      symlinkSync(path, join(into, name), 'dir');
    };
    // npm's layout: the package's dependencies, and theirs, hoisted beside it (the declarations name
    // lit-html, which comes with lit). React's and Vue's types are the app's own.
    for (const name of readdirSync(join(ROOT, 'node_modules'))) {
      if (!name.startsWith('.') && name !== '@types' && name !== 'vue') link(name, realpathSync(join(ROOT, 'node_modules', name)), join(app, 'node_modules'));
    }
    link('@types/react', REACT_TYPES, join(app, 'node_modules'));
    link('vue', VUE, join(app, 'node_modules'));
    copyFileSync(join(FIXTURES, 'react-app.tsx.fixture'), join(app, 'react-app.tsx'));
    copyFileSync(join(FIXTURES, 'vue-app.ts.fixture'), join(app, 'vue-app.ts'));
    copyFileSync(join(FIXTURES, 'VueApp.vue'), join(app, 'VueApp.vue'));
    // The React app with its expected errors unmarked: it must fail, naming them.
    writeFileSync(join(app, 'react-app-mistakes.tsx'), readFileSync(join(app, 'react-app.tsx'), 'utf8').replaceAll('@ts-expect-error', 'mistake:'));
    writeFileSync(join(app, 'tsconfig.react.json'), JSON.stringify(tsconfig(['react-app.tsx'])));
    writeFileSync(join(app, 'tsconfig.react-mistakes.json'), JSON.stringify(tsconfig(['react-app-mistakes.tsx'])));
    writeFileSync(join(app, 'tsconfig.vue.json'), JSON.stringify(tsconfig(['vue-app.ts'])));
    writeFileSync(
      join(app, 'tsconfig.vue-sfc.json'),
      JSON.stringify(tsconfig(['VueApp.vue'], { vueCompilerOptions: { strictTemplates: true } })).replace('"jsx":"react-jsx"', '"jsx":"preserve"'),
    );
  });

  after(() => rmSync(app, { recursive: true, force: true }));

  it('ships the generated files and points package.json at them', () => {
    for (const file of GENERATED) {
      assert.ok(existsSync(join(pkg, file)), `${file} was not generated`);
      assert.ok(PACKAGE.files.includes(file), `package.json "files" does not ship ${file}`);
    }
    assert.equal(PACKAGE['web-types'], './web-types.json');
    assert.deepEqual(PACKAGE.exports['./react'], { types: './react.d.ts' });
    assert.deepEqual(PACKAGE.exports['./vue'], { types: './vue.d.ts' });
  });

  it('describes public members only, at the paths the package ships', () => {
    type Item = { name: string; privacy?: string; static?: boolean; fieldName?: string };
    const manifest = JSON.parse(readFileSync(join(pkg, 'custom-elements.json'), 'utf8')) as {
      modules: { path: string; declarations: (Item & { tagName?: string; members?: Item[]; attributes?: Item[] })[] }[];
    };
    const tags = [];
    for (const module of manifest.modules) {
      assert.match(module.path, /^dist\/.*\.js$/);
      assert.ok(existsSync(join(pkg, module.path.replace(/\.js$/, '.d.ts'))), `${module.path} is not a module of the package`);
      for (const declaration of module.declarations) {
        if (declaration.tagName) {
          tags.push(declaration.tagName);
          assert.equal(module.path, `dist/elements/${declaration.tagName.replace(/^seal-/, '')}/${declaration.tagName}.js`);
        }
        for (const member of declaration.members ?? []) {
          assert.ok(!member.privacy && !member.static && !/^[#_]/.test(member.name), `${declaration.name}.${member.name} is not public`);
        }
      }
    }
    assert.ok(tags.length >= 9, tags.join());
  });

  it('types the tags, props and onseal-* events for React 19', () => {
    const result = run([TSC, '-p', 'tsconfig.react.json'], app);
    assert.deepEqual(errors(result.output), [], result.output);
  });

  it('rejects misspelt properties, wrong types and wrongly typed listeners in React', () => {
    const result = run([TSC, '-p', 'tsconfig.react-mistakes.json'], app);
    assert.equal(errors(result.output).length, 6, result.output);
    for (const expected of ["'clinet'", "'messageId'", '"base64"', 'CustomEvent<{ to: string[]; }>', 'RefObject<SealComposer | null>']) {
      assert.ok(result.output.includes(expected), `no error about ${expected}:\n${result.output}`);
    }
  });

  it("types Vue's GlobalComponents: props and events", () => {
    const result = run([TSC, '-p', 'tsconfig.vue.json'], app);
    assert.deepEqual(errors(result.output), [], result.output);
  });

  it('type-checks a Vue single-file component template', () => {
    const result = run([join(VUE_TSC, 'bin/vue-tsc.js'), '-p', 'tsconfig.vue-sfc.json'], app);
    assert.deepEqual(errors(result.output), [], result.output);
  });
});
