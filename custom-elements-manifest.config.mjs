// Builds custom-elements.json from the elements' JSDoc: Storybook's controls and docs, IDEs and the
// published package read it.
import { publicApiPlugin } from './scripts/manifest/public-api.mjs';

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
  ],
};
