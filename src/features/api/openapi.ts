import { CATEGORIES } from '../../db/database';
import { schemas } from './openapi.schemas';

/*
 * The OpenAPI 3.1 document of /api/v1, served at /api/v1/openapi.json. Written by hand next to
 * the routers it describes; the API tests validate real responses against these schemas.
 */
type Obj = Record<string, unknown>;

const json = (schema: Obj, description: string) => ({ description, content: { 'application/json': { schema } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const err = (name: string) => ({ $ref: `#/components/responses/${name}` });

const ERRORS: Record<string, [string, string]> = {
  '400': ['BadRequest', 'Malformed request: JSON that does not parse (details give line and column), a query parameter of the wrong form, a bad If-Match.'],
  '401': ['Unauthorized', 'No bearer token, or an unknown or revoked one.'],
  '403': ['Forbidden', 'The token may not do this (a sekda token writing; an opd token on a locked session).'],
  '404': ['NotFound', "No such resource, or another unit's (an opd token never learns whether it exists)."],
  '409': ['Conflict', 'The session changed since the version in If-Match; GET it again.'],
  '415': ['UnsupportedMediaType', 'The body must be application/json.'],
  '422': ['Unprocessable', 'The roll-call or session fails the same rules as the form; one detail per field or row (attendance.<NIP>). Nothing was written.'],
  '428': ['PreconditionRequired', 'If-Match is required on PUT.'],
  '429': ['TooManyRequests', 'Over the rate limit; see Retry-After.'],
  '500': ['ServerError', 'A fault on the server; it has been logged with the request id (X-Request-Id).'],
};

function responses(ok: Obj, codes: string[]): Obj {
  return { ...ok, ...Object.fromEntries(codes.map((c) => [c, err(ERRORS[c][0])])) };
}

const READ = ['400', '401', '404', '429', '500'];
const param = (name: string, where: 'query' | 'path' | 'header', schema: Obj, description: string, required = where === 'path') => ({
  name,
  in: where,
  required,
  schema,
  description,
});
const opdParam = param('opd', 'query', { type: 'string' }, 'Only this unit (code, any case). An opd token may name only its own unit.');
const dateSchema = { type: 'string', format: 'date' };
const monthSchema = { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' };
const sessionParams = [
  param('code', 'path', { type: 'string' }, 'OPD code, any case.'),
  param('date', 'path', dateSchema, 'The pledge date (YYYY-MM-DD), not in the future.'),
];
const etag = { ETag: { description: 'The session version, quoted: "3" ("0" before the first save).', schema: { type: 'string' } } };

const paths = {
  '/opds': {
    get: {
      operationId: 'listOpds',
      summary: 'Units (OPD); an opd token gets its own unit only',
      responses: responses({ '200': json(ref('OpdList'), 'The units, by code.') }, ['401', '429', '500']),
    },
  },
  '/employees': {
    get: {
      operationId: 'listEmployees',
      summary: 'Employees in service today with their current unit, paged',
      parameters: [
        opdParam,
        param('q', 'query', { type: 'string', maxLength: 100 }, 'Part of the name, or the start of the NIP.'),
        param('category', 'query', { enum: [...CATEGORIES] }, 'Only this category.'),
        param('page', 'query', { type: 'integer', minimum: 1, default: 1 }, 'Page number.'),
        param('per_page', 'query', { type: 'integer', minimum: 1, maximum: 500, default: 100 }, 'Rows per page.'),
      ],
      responses: responses({ '200': json(ref('EmployeeList'), 'One page, by name.') }, READ),
    },
  },
  '/compliance': {
    get: {
      operationId: 'getCompliance',
      summary: "The dashboard's compliance figures for a week or a month",
      parameters: [
        param('week', 'query', dateSchema, 'Any date of the week (Monday to Sunday). Default: this week.'),
        param('month', 'query', monthSchema, 'A month instead of a week (YYYY-MM).'),
        opdParam,
      ],
      responses: responses({ '200': json(ref('Compliance'), 'Headline, one row per unit (worst first), belum-lapor list.') }, READ),
    },
  },
  '/reports/monthly': {
    get: {
      operationId: 'getMonthlyReport',
      summary: "The HR monthly report's rows: per unit, totals and a page of employee rows",
      parameters: [
        param('month', 'query', monthSchema, 'YYYY-MM; default: the month HR works on (the previous one until the 5th).'),
        opdParam,
        param('category', 'query', { enum: [...CATEGORIES] }, 'Only this category.'),
        param('after', 'query', { type: 'integer', minimum: 1 }, 'Employee cursor: next_after of the previous page.'),
        param('limit', 'query', { type: 'integer', minimum: 1, maximum: 500, default: 100 }, 'Employee rows per page.'),
      ],
      responses: responses({ '200': json(ref('MonthlyReport'), 'The report.') }, [...READ, '422']),
    },
  },
  '/opds/{code}/sessions/{date}': {
    get: {
      operationId: 'getSession',
      summary: 'A session and its roll-call (pre-filled before the first save)',
      parameters: sessionParams,
      responses: responses({ '200': { ...json(ref('Session'), 'The session.'), headers: etag } }, READ),
    },
    put: {
      operationId: 'putSession',
      summary: 'Save (and optionally submit) a session and its whole roll-call',
      description:
        'The same rules as the form: validation, the lock after the deadline for opd tokens, the late mark, the audit row. ' +
        'All or nothing: a refused roll-call writes nothing.',
      parameters: [
        ...sessionParams,
        param('If-Match', 'header', { type: 'string', example: '"3"' }, 'The version (ETag) the change is based on; "0" for a session never saved; * to skip the check.', true),
      ],
      requestBody: { required: true, content: { 'application/json': { schema: ref('RollCall') } } },
      responses: responses({ '200': { ...json(ref('Session'), 'Saved; the new state and version.'), headers: etag } }, [
        '400', '401', '403', '404', '409', '415', '422', '428', '429', '500',
      ]),
    },
  },
  '/events': {
    get: {
      operationId: 'listEvents',
      summary: 'Events besides the weekly apel (apel gabungan, ceremonies), newest first; an opd token gets those that expect its unit',
      responses: responses({ '200': json(ref('EventList'), 'The events.') }, ['401', '429', '500']),
    },
  },
  '/events/{id}': {
    get: {
      operationId: 'getEvent',
      summary: "An event and, per expected unit, its roll-call's figures (the unit's session on the event's date)",
      parameters: [param('id', 'path', { type: 'integer', minimum: 1 }, 'The event id.')],
      responses: responses({ '200': json(ref('EventDetail'), 'The event with per-unit figures.') }, READ),
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      summary: 'This document (no token needed)',
      security: [],
      responses: { '200': json({ type: 'object' }, 'The OpenAPI 3.1 document.'), '429': err('TooManyRequests') },
    },
  },
};

export function openApiDocument(publicUrl: string): Obj {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Ikrar API',
      version: '1.0.0',
      description:
        'Attendance at the Monday apel and the ASN neutrality pledge: units, employees, compliance, the monthly report and roll-calls. ' +
        'Bearer tokens are scoped like users: an opd token sees and writes only its own unit. ' +
        'Errors are { "error": { "code", "message", "details": [{ "path", "message" }] } }.',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API token made by an admin (Token API page).' } },
      schemas,
      responses: Object.fromEntries(Object.values(ERRORS).map(([name, description]) => [name, json(ref('Error'), description)])),
    },
  };
}
