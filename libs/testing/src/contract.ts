import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

/**
 * Checks answers the tests receive against the committed OpenAPI document
 * (docs/openapi.json, which test/openapi-document.e2e-spec.ts keeps equal to what the
 * API serves): the operation is found by method + path template, the status must be
 * documented for it, and the body must match the documented schema for its content
 * type (problem+json against the problem schema). Paths the document leaves out on
 * purpose (health, metrics, the docs themselves, /admin/queues) and paths no route
 * has are not checked.
 */

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean }>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

export interface ContractAnswer {
  method: string;
  /** The URL or path asked for; the query string is ignored. */
  url: string;
  status: number;
  contentType: string | undefined;
  /** Response headers (any case); a documented required header must be there. */
  headers?: Record<string, unknown>;
  /** The parsed body, or undefined when there was none. */
  body: unknown;
}

const DOCUMENT_FILE = join(__dirname, '..', '..', '..', 'docs', 'openapi.json');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Route {
  template: string;
  pattern: RegExp;
  params: number;
  methods: Record<string, Operation>;
}

export class ContractValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Document) {
    // OpenAPI 3.0 schemas: `nullable`, `example` and friends are not JSON Schema keywords.
    this.ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      validateFormats: true,
    });
    this.ajv.addFormat('uuid', UUID);
    this.ajv.addFormat(
      'date-time',
      (s: string) =>
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
        !Number.isNaN(Date.parse(s)),
    );
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addSchema(closeObjects(nullableAsJsonSchema(structuredClone(document))) as object, 'openapi.json');
    this.routes = Object.entries(document.paths)
      .map(([template, methods]) => ({
        template,
        methods,
        params: (template.match(/\{[^}]+\}/g) ?? []).length,
        pattern: new RegExp(
          `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`,
        ),
      }))
      // A literal path before a template that would also match it.
      .sort((a, b) => a.params - b.params);
  }

  static fromCommittedDocument(): ContractValidator {
    return new ContractValidator(JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as Document);
  }

  /** The problems with one answer; empty when it keeps to the document. */
  check(answer: ContractAnswer): string[] {
    const path = pathOf(answer.url);
    const method = answer.method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path) && r.methods[method]);
    if (!route) return [];
    const operation = route.methods[method];
    const name = `${answer.method.toUpperCase()} ${route.template} (${operation.operationId ?? 'no operationId'})`;
    const status = String(answer.status);
    const key = [status, `${status[0]}XX`, 'default'].find((k) => k in operation.responses);
    const response = key === undefined ? undefined : operation.responses[key];
    if (!response)
      return [
        `${name} answered ${status}, which the document does not list (it lists ${Object.keys(operation.responses).join(', ')})`,
      ];
    const present = new Set(Object.keys(answer.headers ?? {}).map((h) => h.toLowerCase()));
    const missing = answer.headers
      ? Object.entries(response.headers ?? {})
          .filter(([header, h]) => h.required && !present.has(header.toLowerCase()))
          .map(([header]) => `${name} ${status} lacks the ${header} header the document requires`)
      : [];
    return [
      ...missing,
      ...this.checkBody(name, route.template, method, status, key!, response, answer),
    ];
  }

  private checkBody(
    name: string,
    template: string,
    method: string,
    status: string,
    key: string,
    response: ResponseObject,
    answer: ContractAnswer,
  ): string[] {
    const mediaType = (answer.contentType ?? '').split(';')[0].trim().toLowerCase();
    const hasBody = answer.body !== undefined;
    if (!response.content || Object.keys(response.content).length === 0) {
      return hasBody
        ? [`${name} ${status} has a ${mediaType || 'body'}, but the document describes no content`]
        : [];
    }
    const media = response.content[mediaType];
    if (!media)
      return [
        `${name} ${status} answered ${mediaType || 'no content type'}; the document has ${Object.keys(response.content).join(', ')}`,
      ];
    if (!media.schema) return [`${name} ${status} ${mediaType} has no schema in the document`];
    const pointer = `openapi.json#/paths/${escape(template)}/${method}/responses/${escape(key)}/content/${escape(mediaType)}/schema`;
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(pointer);
      if (!validate) return [`${name}: cannot resolve ${pointer}`];
      this.compiled.set(pointer, validate);
    }
    if (validate(answer.body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${name} ${status} body${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
  }

  /** Throws with every problem, for a test to fail on. */
  assert(answer: ContractAnswer): void {
    const problems = this.check(answer);
    if (problems.length > 0) throw new ContractMismatch(problems);
  }
}

export class ContractMismatch extends Error {
  constructor(readonly problems: string[]) {
    super(`the answer does not match docs/openapi.json:\n  ${problems.join('\n  ')}`);
    this.name = 'ContractMismatch';
  }
}

let shared: ContractValidator | undefined;
/** One validator per test file (the document is read once). */
export function contractValidator(): ContractValidator {
  shared ??= ContractValidator.fromCommittedDocument();
  return shared;
}

/**
 * An answer may carry only the properties its schema names: an object schema with
 * `properties` and no `additionalProperties` is closed here, so a field the code returns
 * and the document omits (which a generated client would not type) fails the test.
 * Applied to the validator's copy only; the published document stays open for evolution.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(closeObjects);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (
      o.properties &&
      typeof o.properties === 'object' &&
      !('additionalProperties' in o) &&
      !o.allOf &&
      !o.oneOf &&
      !o.anyOf
    )
      o.additionalProperties = false;
    Object.values(o).forEach(closeObjects);
  }
  return node;
}

/**
 * OpenAPI 3.0's `nullable: true` is no JSON Schema keyword: ajv would ignore it and refuse
 * a null (Nest writes a nullable object as `{nullable, type: object, allOf: [$ref]}`). In
 * the validator's copy such a schema becomes `anyOf: [null, the schema without nullable]`.
 */
function nullableAsJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) node.forEach(nullableAsJsonSchema);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    Object.values(o).forEach(nullableAsJsonSchema);
    if (o.nullable === true) {
      const { nullable: _nullable, ...schema } = o;
      for (const key of Object.keys(o)) delete o[key];
      o.anyOf = [{ type: 'null' }, schema];
    }
  }
  return node;
}

function pathOf(url: string): string {
  const u = new URL(url, 'http://localhost');
  return u.pathname;
}

/** A JSON pointer segment, URI-encoded for the fragment ({id} and + are not fragment characters). */
function escape(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}
