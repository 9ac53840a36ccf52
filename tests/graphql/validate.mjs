// Validates GraphQL documents against Shopify's Admin API schema
// (gzipped introspection JSON), offline.
//
//   node validate.mjs SCHEMA.json.gz DOC.graphql...
//
// Prints one line per problem and exits 1 when any document fails,
// 2 when the schema or the graphql package cannot be loaded.
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);

if (args.length < 2) {
  console.error('usage: validate.mjs SCHEMA.json.gz DOC.graphql...');
  process.exit(2);
}

if (!existsSync(join(here, 'node_modules', 'graphql'))) {
  console.error(`graphql package missing: run "npm ci --prefix ${here}" first`);
  process.exit(2);
}

const { buildClientSchema, parse, validate, Source } = await import('graphql');

const [schemaPath, ...docs] = args;
let schema;
try {
  let raw = readFileSync(schemaPath);
  if (schemaPath.endsWith('.gz'))
    raw = gunzipSync(raw);
  const json = JSON.parse(raw.toString('utf8'));
  schema = buildClientSchema(json.data ?? json);
} catch (e) {
  console.error(`${schemaPath}: cannot load the schema: ${e.message}`);
  process.exit(2);
}

// A document's text with, once each, the files its leading
// `#import "FILE"` lines name (fragment definitions), as the client sends it.
function withImports (path, seen = new Set()) {
  if (seen.has(path))
    return '';
  seen.add(path);
  let text = readFileSync(path, 'utf8');
  for (const line of text.split('\n')) {
    const m = line.match(/^#import "([^"]+)"$/);
    if (!m)
      break;
    text += '\n' + withImports(join(dirname(path), m[1]), seen);
  }
  return text;
}

let failed = 0;
for (const path of docs) {
  let ast;
  try {
    ast = parse(new Source(withImports(path), path));
  } catch (e) {
    console.error(`${path}: ${e.message.split('\n')[0]}`);
    failed++;
    continue;
  }
  // A file of fragments only is checked in the documents that import it.
  if (!ast.definitions.some((d) => d.kind === 'OperationDefinition')) {
    console.log(`ok ${path} (fragments: checked where imported)`);
    continue;
  }
  const errors = validate(schema, ast);
  for (const err of errors) {
    const loc = err.locations?.[0];
    console.error(`${path}:${loc ? `${loc.line}:${loc.column}` : ''} ${err.message}`);
  }
  if (errors.length > 0)
    failed++;
  else
    console.log(`ok ${path}`);
}

if (failed > 0) {
  console.error(`${failed} of ${docs.length} documents do not validate`);
  process.exit(1);
}
