// Validates an OpenAPI document with @apidevtools/swagger-parser: the document against the
// official OpenAPI schema of its version, and every $ref resolved.
// Usage: node tests/browser/validate-openapi.mjs FILE. Exits 1 with the errors on stderr.
// Run by tests/openapi.rs on the document the server serves at /api/v1/openapi.json.

import SwaggerParser from '@apidevtools/swagger-parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node validate-openapi.mjs FILE');
  process.exit(2);
}

try {
  const api = await SwaggerParser.validate(file);
  const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const operations = Object.values(api.paths || {}).reduce(
    (n, item) => n + Object.keys(item).filter((k) => methods.includes(k)).length,
    0,
  );
  console.log(`valid OpenAPI ${api.openapi}: ${api.info.title} ${api.info.version}, ${operations} operations`);
} catch (err) {
  console.error(`invalid OpenAPI document ${file}:`);
  console.error(err.message);
  for (const detail of err.details || []) console.error(JSON.stringify(detail));
  process.exit(1);
}
