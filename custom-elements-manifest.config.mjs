// Builds custom-elements.json from the elements' JSDoc: Storybook's controls and docs, IDEs and the
// published package read it.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts', 'src/elements/**/*.strings.ts', 'src/elements/shared/**'],
  litelement: true,
  dev: false,
};
