// The manifest names a property's type as written (`format: FingerprintStyle`); editors offer an
// attribute's values only when they see the literals ('hex' | 'digits'). This plugin asks TypeScript
// for each public field's type and, where it is a union of literals behind an alias, records the
// literals as `expandedType` (the editor-data generators read it through their `typesSrc` option).
import ts from 'typescript';

function literalUnion(checker, type) {
  if (!type.isUnion() || !type.aliasSymbol) return undefined;
  const parts = type.types.filter((part) => !(part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  if (!parts.every((part) => part.isLiteral() || part.flags & ts.TypeFlags.BooleanLiteral)) return undefined;
  return type.types.map((part) => checker.typeToString(part)).join(' | ');
}

/** @param {{ entry?: string, tsconfig?: string }} [options] the module that exports the element classes. */
export function expandedTypesPlugin({ entry = 'src/index.ts', tsconfig = 'tsconfig.json' } = {}) {
  return {
    name: 'sealbox-expanded-types',
    packageLinkPhase({ customElementsManifest }) {
      const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
      const program = ts.createProgram({ rootNames: [entry], options: { ...config?.options, noEmit: true } });
      const checker = program.getTypeChecker();
      const entryFile = program.getSourceFile(entry);
      const moduleSymbol = entryFile && checker.getSymbolAtLocation(entryFile);
      if (!moduleSymbol) throw new Error(`expanded types: cannot read ${entry}`);
      const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));

      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const symbol = exported.get(declaration.name);
          if (!symbol || declaration.kind !== 'class') continue;
          const classSymbol = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
          const instance = checker.getDeclaredTypeOfSymbol(classSymbol);
          const expand = (item, name) => {
            const property = name && checker.getPropertyOfType(instance, name);
            const text = property && literalUnion(checker, checker.getTypeOfSymbol(property));
            if (text) item.expandedType = { text };
          };
          for (const member of declaration.members ?? []) if (member.kind === 'field') expand(member, member.name);
          for (const attribute of declaration.attributes ?? []) expand(attribute, attribute.fieldName);
        }
      }
    },
  };
}
