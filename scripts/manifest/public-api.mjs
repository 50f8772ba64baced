// Turns the analyzer's view of the sources into the package's public contract, as installed:
//
// - one module per element at the file the package ships for it, dist/elements/<name>/seal-<name>.js
//   (the module that exports the class and registers the tag; `sealbox/elements/<name>/seal-<name>`),
//   instead of src/...ts paths and the internal helper modules that have no file of their own in dist;
// - base classes the elements extend (SealElement) at the main entry, dist/index.js, which exports them;
// - public members only: no `#private`, `private` or `protected` members (Lit `@state()` internals
//   included), no `_underscored` names, no static fields; and with them their default values, which
//   for internals are source code.
//
// Storybook finds a declaration by its tag name, so the paths do not matter to it.
import { readFileSync } from 'node:fs';

/** A module path without its leading slash and extension: '/src/a/b.js' and 'src/a/b.ts' are one module. */
const moduleKey = (path) => path.replace(/^\.?\/+/, '').replace(/\.(ts|js)$/, '');

/** Where the build puts a source module's JavaScript: src/x/y.ts -> dist/x/y.js. */
const shippedPath = (sourcePath) => `${moduleKey(sourcePath).replace(/^src\//, 'dist/')}.js`;

export function isPublicMember(member) {
  return !member.static && member.privacy !== 'private' && member.privacy !== 'protected' && !/^[#_]/.test(member.name);
}

/** Names a module exports with `export { A, type B } from ...` or `export class A`. */
function exportedNames(source) {
  const names = new Set();
  for (const [, list] of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const item of list.split(',')) {
      const name = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  for (const [, name] of source.matchAll(/export\s+(?:abstract\s+)?(?:class|function|const)\s+(\w+)/g)) names.add(name);
  return names;
}

/**
 * @param {{ mainEntry?: string, mainSource?: string }} [options] the package's main entry as shipped and
 *   its source, whose exports decide which base classes are public.
 */
export function publicApiPlugin({ mainEntry = 'dist/index.js', mainSource = 'src/index.ts' } = {}) {
  return {
    name: 'sealbox-public-api',
    packageLinkPhase({ customElementsManifest }) {
      const mainExports = exportedNames(readFileSync(mainSource, 'utf8'));
      const modules = new Map(customElementsManifest.modules.map((module) => [moduleKey(module.path), module]));

      // Each element class's source module -> the define module that ships it.
      const shippedAt = new Map();
      for (const module of customElementsManifest.modules) {
        for (const entry of module.exports ?? []) {
          if (entry.kind === 'custom-element-definition' && entry.declaration.module) {
            shippedAt.set(`${moduleKey(entry.declaration.module)}#${entry.declaration.name}`, shippedPath(module.path));
          }
        }
      }

      /** A reference ({ name, module }) pointed at the shipped module, or at none if it is not public. */
      const reference = (ref) => {
        if (!ref?.module) return ref;
        const element = shippedAt.get(`${moduleKey(ref.module)}#${ref.name}`);
        if (element) return { ...ref, module: element };
        if (mainExports.has(ref.name)) return { ...ref, module: mainEntry };
        const { module: _internal, ...rest } = ref;
        return rest;
      };
      const withReferences = (item) => ({
        ...item,
        ...(item.inheritedFrom ? { inheritedFrom: reference(item.inheritedFrom) } : {}),
      });
      const publicDeclaration = (declaration) => {
        const members = (declaration.members ?? []).filter(isPublicMember).map(withReferences);
        const fields = new Set(members.map((member) => member.name));
        const attributes = (declaration.attributes ?? []).filter((attribute) => !attribute.fieldName || fields.has(attribute.fieldName));
        return {
          ...declaration,
          ...(declaration.superclass ? { superclass: reference(declaration.superclass) } : {}),
          members,
          attributes: attributes.map(withReferences),
          ...(declaration.events ? { events: declaration.events.map(withReferences) } : {}),
        };
      };

      const elementModules = [];
      const baseClasses = new Map();
      for (const [classKey, path] of [...shippedAt].sort(([, a], [, b]) => a.localeCompare(b))) {
        const [sourceKey, name] = classKey.split('#');
        const declaration = modules.get(sourceKey)?.declarations?.find((candidate) => candidate.name === name);
        if (!declaration?.tagName) continue;
        elementModules.push({
          kind: 'javascript-module',
          path,
          declarations: [publicDeclaration(declaration)],
          exports: [
            { kind: 'js', name, declaration: { name, module: path } },
            { kind: 'custom-element-definition', name: declaration.tagName, declaration: { name, module: path } },
          ],
        });
        const superclass = declaration.superclass;
        if (superclass?.module && mainExports.has(superclass.name)) {
          const base = modules.get(moduleKey(superclass.module))?.declarations?.find((candidate) => candidate.name === superclass.name);
          if (base) baseClasses.set(base.name, publicDeclaration(base));
        }
      }

      const main = {
        kind: 'javascript-module',
        path: mainEntry,
        declarations: [...baseClasses.values()],
        exports: [
          ...[...baseClasses.keys()].map((name) => ({ kind: 'js', name, declaration: { name, module: mainEntry } })),
          ...elementModules
            .map((module) => module.declarations[0].name)
            .filter((name) => mainExports.has(name))
            .map((name) => ({ kind: 'js', name, declaration: { name, module: elementModules.find((m) => m.declarations[0].name === name).path } })),
        ],
      };

      customElementsManifest.modules = [main, ...elementModules];
    },
  };
}
