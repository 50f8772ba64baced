// React 19 and Vue 3 types for the Sealbox elements, generated from the (public) manifest and shipped
// as `sealbox/react` and `sealbox/vue`. Props are typed from the element classes (`SealComposer['client']`),
// so they follow the declarations; events are typed with the event classes.
//
// The custom-element-jsx-integration and custom-element-vuejs-integration generators cannot express
// these: they type every listener as `(e: CustomEvent<T>) => void`, but Sealbox events are their own
// `Event` subclasses (`SealSendEvent`, whose `detail` is `{ to, threadId, replyTo }`), so `e.detail`
// would be typed as the event itself; they import each element's event types in separate import
// statements, so an event shared by several elements (seal-error is on all of them) becomes a duplicate
// identifier; their JSX base props are Solid/Preact's (`class`, `classList`, `ref: unknown`) rather
// than React's HTML props; and the Vue one also declares a global `JSX.IntrinsicElements`, which would
// leak Vue component types into any JSX in the same program.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const HEADER = '// Generated from custom-elements.json by scripts/manifest/framework-types.mjs. Do not edit.';

/** The manifest's elements with what the framework types need. */
function elementsOf(manifest) {
  const elements = [];
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName) continue;
      const properties = (declaration.members ?? []).filter((member) => member.kind === 'field' && !member.readonly && !member.static && !member.privacy);
      const attributeOf = new Map((declaration.attributes ?? []).filter((a) => a.fieldName).map((a) => [a.fieldName, a]));
      const events = (declaration.events ?? []).filter((event) => event.name).map((event) => ({
        name: event.name,
        description: event.description,
        type: /^[A-Za-z_$][\w$]*$/.test(event.type?.text ?? '') ? event.type.text : 'Event',
      }));
      elements.push({ tag: declaration.tagName, name: declaration.name, summary: declaration.summary ?? declaration.description, properties, attributeOf, events });
    }
  }
  return elements.sort((a, b) => a.tag.localeCompare(b.tag));
}

/** A JSDoc comment at the given indentation. */
function doc(text, indent = '') {
  const lines = String(text ?? '').replaceAll('*/', '*\\/').trim().split('\n').map((line) => line.trim());
  if (!lines.join('')) return '';
  return lines.length === 1 ? `${indent}/** ${lines[0]} */\n` : `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);

function typeImports(elements, typesModule) {
  const names = new Set(elements.map((element) => element.name));
  for (const element of elements) for (const event of element.events) if (event.type !== 'Event') names.add(event.type);
  return `import type {\n${[...names].sort().map((name) => `  ${name},`).join('\n')}\n} from '${typesModule}';\n`;
}

function writeTypes(outdir, fileName, text) {
  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, fileName), text);
}

/** React 19: `React.JSX.IntrinsicElements` for every tag. */
export function reactTypes(manifest, { typesModule = './dist/index.js' } = {}) {
  const elements = elementsOf(manifest);
  let text = `${HEADER}
//
// React 19 JSX types for the Sealbox elements. Load them once in a React + TypeScript app:
//
//   import type {} from 'sealbox/react';
//
// Properties are set as properties (objects such as \`client\` and \`transport\` included), attribute
// names (\`user-id\`, \`no-confirm\`) as attributes, and an \`onseal-<name>\` prop adds a listener for the
// \`seal-<name>\` event, typed with its event class.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
${typeImports(elements, typesModule)}
/** An element's own props, plus React's HTML props (\`ref\`, \`className\`, \`slot\`, \`aria-*\`, \`onClick\`...). */
export type SealElementProps<E extends HTMLElement, P> = P & Omit<DetailedHTMLProps<HTMLAttributes<E>, E>, keyof P>;
`;
  for (const element of elements) {
    text += `\n${doc(`Props of \`<${element.tag}>\`.`)}export interface ${element.name}Props {\n`;
    for (const property of element.properties) {
      const attribute = element.attributeOf.get(property.name);
      text += doc(property.description, '  ');
      text += `  ${key(property.name)}?: ${element.name}['${property.name}'];\n`;
      if (attribute && attribute.name !== property.name) {
        text += doc(`${property.description ?? ''}\nThe \`${property.name}\` property's attribute.`, '  ');
        text += `  ${key(attribute.name)}?: ${element.name}['${property.name}'];\n`;
      }
    }
    for (const event of element.events) {
      text += doc(`\`${event.name}\`: ${event.description ?? ''}`, '  ');
      text += `  ${key(`on${event.name}`)}?: (event: ${event.type}) => void;\n`;
    }
    text += '}\n';
  }
  text += `\ndeclare module 'react' {\n  namespace JSX {\n    interface IntrinsicElements {\n`;
  for (const element of elements) {
    text += doc(element.summary, '      ');
    text += `      '${element.tag}': SealElementProps<${element.name}, ${element.name}Props>;\n`;
  }
  text += '    }\n  }\n}\n';
  return text;
}

/** Vue 3: `GlobalComponents` for every tag, in the shape Vue's docs give for custom elements not built with Vue. */
export function vueTypes(manifest, { typesModule = './dist/index.js' } = {}) {
  const elements = elementsOf(manifest);
  let text = `${HEADER}
//
// Vue 3 types for the Sealbox elements: template type-checking (vue-tsc, the Vue editor extension) of
// their properties and \`@seal-*\` events. Load them once in a Vue + TypeScript app:
//
//   import type {} from 'sealbox/vue';
//
// Vue itself must treat seal-* tags as custom elements: \`compilerOptions.isCustomElement\`.
import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';
${typeImports(elements, typesModule)}
/**
 * A Sealbox element as Vue's template type-checker sees it: \`$props\` are what a template may bind,
 * \`$emit\` the events it may listen to. Neither exists on the element.
 */
export type SealElementComponent<E extends HTMLElement, Props, Events extends { [K in keyof Events]: Event }> = new () => E & {
  /** @deprecated For template type-checking only: the element has no \`$props\`. */
  $props: HTMLAttributes & Props & PublicProps;
  /** @deprecated For template type-checking only: the element has no \`$emit\`. */
  $emit: EmitFn<{ [K in keyof Events]: (event: Events[K]) => void }>;
};
`;
  for (const element of elements) {
    text += `\n${doc(`Properties of \`<${element.tag}>\` (attributes are their kebab-case names).`)}export interface ${element.name}Props {\n`;
    for (const property of element.properties) {
      text += doc(property.description, '  ');
      text += `  ${key(property.name)}?: ${element.name}['${property.name}'];\n`;
    }
    text += `}\n\n${doc(`Events of \`<${element.tag}>\`.`)}export interface ${element.name}Events {\n`;
    for (const event of element.events) {
      text += doc(event.description, '  ');
      text += `  ${key(event.name)}: ${event.type};\n`;
    }
    text += '}\n';
  }
  text += `\ndeclare module 'vue' {\n  interface GlobalComponents {\n`;
  for (const element of elements) {
    text += doc(element.summary, '    ');
    text += `    '${element.tag}': SealElementComponent<${element.name}, ${element.name}Props, ${element.name}Events>;\n`;
  }
  text += '  }\n}\n';
  return text;
}

/** Analyzer plugin writing `fileName` into `outdir` from the finished manifest. */
export function frameworkTypesPlugin({ framework, outdir, fileName = `${framework}.d.ts`, typesModule }) {
  const generate = { react: reactTypes, vue: vueTypes }[framework];
  if (!generate) throw new Error(`No types generator for ${framework}`);
  return {
    name: `sealbox-${framework}-types`,
    packageLinkPhase({ customElementsManifest }) {
      writeTypes(outdir, fileName, generate(customElementsManifest, { typesModule }));
    },
  };
}
