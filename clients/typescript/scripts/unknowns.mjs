// Counts the places where a response body of the generated types is `unknown` (or `any`):
// a client gets no help there, so each is a gap in openapi/openapi.json. Reads the types the
// way a caller sees them, through the TypeScript compiler: every path, every method, every
// status, every media type, down through properties, arrays, unions and maps. Response headers
// are not bodies and are not counted (openapi-typescript types undocumented ones as unknown).
//
//   node scripts/unknowns.mjs [src/schema.d.ts]   prints each one; exits 1 unless none is left
//
// The only free-form bodies the contract means to have are the audit entry's `before` and
// `after` (the changed entity as it was stored); they are listed in ALLOWED and reported apart.
import path from "node:path";
import { fileURLToPath } from "node:url";

import ts from "typescript";

export const ALLOWED = [
  /^GET \/api\/v1\/audit 200 application\/json \.items\[\]\.(before|after)$/,
];

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every place in a response body typed `unknown` or `any`, as "METHOD path status media .field". */
export function findUnknowns(file) {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    lib: ["lib.es2022.d.ts"],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const paths = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === "paths");
  if (!paths) throw new Error(`${file} exports no \`paths\`: not a file of openapi-typescript`);

  // Not made non-nullable: `NonNullable<unknown>` is `{}`, which would hide what is counted.
  const typeOf = (symbol) => checker.getTypeOfSymbolAtLocation(symbol, source);
  // `content?: never` (a response without a body) reads as `undefined` under strict.
  const isNever = (type) => (checker.getNonNullableType(type).flags & ts.TypeFlags.Never) !== 0;
  const found = [];

  const walk = (type, where, seen) => {
    if (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) {
      found.push(where);
      return;
    }
    if (seen.has(type)) return;
    seen.add(type);
    if (type.isUnionOrIntersection()) {
      for (const member of type.types) walk(member, where, seen);
    } else if (checker.isArrayType(type) || checker.isTupleType(type)) {
      for (const element of checker.getTypeArguments(type)) walk(element, `${where}[]`, seen);
    } else if (type.flags & ts.TypeFlags.Object) {
      for (const property of checker.getPropertiesOfType(type)) {
        walk(typeOf(property), `${where}.${property.name}`, seen);
      }
      for (const index of checker.getIndexInfosOfType(type)) {
        walk(index.type, `${where}[key]`, seen);
      }
    }
    seen.delete(type);
  };

  for (const route of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(paths))) {
    const item = typeOf(route);
    for (const method of METHODS) {
      const operation = item.getProperty(method);
      if (!operation || isNever(typeOf(operation))) continue;
      const responses = typeOf(operation).getProperty("responses");
      if (!responses) continue;
      for (const status of checker.getPropertiesOfType(typeOf(responses))) {
        const content = typeOf(status).getProperty("content");
        if (!content || isNever(typeOf(content))) continue;
        for (const media of checker.getPropertiesOfType(typeOf(content))) {
          const where = `${method.toUpperCase()} ${route.name} ${status.name} ${media.name} `;
          walk(typeOf(media), where, new Set());
        }
      }
    }
  }
  return found.map((where) => where.replace(/ $/, "").replace(/ \./, " ."));
}

/** Splits the findings into those the contract allows and those it does not. */
export function judge(found) {
  const allowed = found.filter((where) => ALLOWED.some((rule) => rule.test(where)));
  const untyped = found.filter((where) => !allowed.includes(where));
  return { allowed, untyped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = path.resolve(process.argv[2] ?? path.join(here, "..", "src", "schema.d.ts"));
  const { allowed, untyped } = judge(findUnknowns(file));
  for (const where of untyped) console.log(`unknown response type: ${where}`);
  console.log(
    `unknown response types: ${untyped.length} (allowed: ${allowed.length}, the audit entry's free-form before/after)`,
  );
  if (untyped.length > 0) {
    console.error("FAIL: type these responses in the Rust code (e.g. #[schema(value_type = ...)]), regenerate");
    process.exit(1);
  }
}
