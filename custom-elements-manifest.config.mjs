// Builds custom-elements.json from the elements' JSDoc: Storybook's controls and docs, IDEs and the
// published package read it.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts', 'src/elements/**/*.strings.ts', 'src/elements/shared/**'],
  litelement: true,
  // package.json names custom-elements.json once; the analyzer must not rewrite it.
  packagejson: false,
  dev: false,
};
