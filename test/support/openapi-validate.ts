import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Response } from 'supertest';
import { openApiDocument } from '../../src/features/api/openapi';

/*
 * Validates real API responses against the OpenAPI document: the response schema of the
 * operation and status is compiled with ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) and the
 * actual body must pass. A status the document does not list for the operation fails too.
 */
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const doc = openApiDocument('http://localhost') as Obj;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');
const compiled = new Map<string, ValidateFunction>();

function deref(o: Obj): Obj {
  if (!o.$ref) return o;
  const path = String(o.$ref).replace(/^#\//, '').split('/');
  return path.reduce((acc: Obj, k) => acc[k], doc);
}

export function responseSchema(path: string, method: string, status: number): Obj {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
  const response = op.responses[String(status)];
  if (!response) throw new Error(`${method.toUpperCase()} ${path} does not document status ${status}`);
  return deref(response).content['application/json'].schema;
}

/** Fails with ajv's errors when the body does not match the documented schema. */
export function expectDocumented(res: Response, path: string, method: string): void {
  const key = `${method} ${path} ${res.status}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = responseSchema(path, method, res.status);
    validate = ajv.compile(schema.$ref ? { $ref: `openapi.json${schema.$ref}` } : schema);
    compiled.set(key, validate);
  }
  if (!res.headers['content-type']?.startsWith('application/json')) throw new Error(`${key}: not JSON (${res.headers['content-type']})`);
  if (!validate(res.body)) throw new Error(`${key} does not match the document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 500)}`);
}
