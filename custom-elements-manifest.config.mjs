// Builds custom-elements.json from the elements' JSDoc: Storybook's controls and docs, IDEs and the
// published package read it.
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { expandedTypesPlugin } from './scripts/manifest/expanded-types.mjs';
import { frameworkTypesPlugin } from './scripts/manifest/framework-types.mjs';
import { manifestOutputDir } from './scripts/manifest/output-dir.mjs';
import { publicApiPlugin } from './scripts/manifest/public-api.mjs';

// Editor data and framework types are written next to custom-elements.json (the package root, or the
// analyzer's --outdir) and shipped with it.
const outdir = manifestOutputDir();

export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts', 'src/elements/**/*.strings.ts', 'src/elements/shared/**'],
  litelement: true,
  // package.json names custom-elements.json once; the analyzer must not rewrite it.
  packagejson: false,
  dev: false,
  plugins: [
    {
      // Events dispatched through typed classes cannot be named by inference; the JSDoc @event tags
      // name them, so drop the unnamed inferred duplicates.
      name: 'sealbox-named-events-only',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
    // Public members only, at the paths the package ships.
    publicApiPlugin(),
    // Literal values behind type aliases (format: 'hex' | 'digits'), for editors' value completion.
    expandedTypesPlugin(),
    // VS Code: HTML custom data (tags, attributes, descriptions) and CSS custom data (the elements'
    // --seal-* properties and ::part() names), read through the `html.customData` / `css.customData` settings.
    customElementVsCodePlugin({ outdir, htmlFileName: 'vscode.html-custom-data.json', cssFileName: 'vscode.css-custom-data.json', typesSrc: 'expandedType' }),
    // JetBrains IDEs read web-types.json through package.json's "web-types" field.
    customElementJetBrainsPlugin({ outdir, webTypesFileName: 'web-types.json', packageJson: false, typesSrc: 'expandedType', modulePathTemplate: (_name, modulePath) => `./${modulePath}` }),
    // `sealbox/react` and `sealbox/vue`: typed tags for React 19 JSX and Vue 3 templates.
    frameworkTypesPlugin({ framework: 'react', outdir }),
    frameworkTypesPlugin({ framework: 'vue', outdir }),
  ],
};
