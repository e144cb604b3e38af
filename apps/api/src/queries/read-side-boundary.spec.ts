import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { QueryBus } from '@nestjs/cqrs';
import { QUERY_ROLES } from '@iln/case-coordination';
import { ALLOWED_ROLES } from '../auth/decorators';
import { AccessAuditController } from '../audit/access-audit.controller';
import { CaseQueriesController } from './case-queries.controller';
import { DashboardController } from './dashboard.controller';
import { WorkQueriesController } from './work-queries.controller';

// The read side's boundary (issue 12): queries are answered in
// libs/case-coordination/src/read-models; apps/api only dispatches them on the QueryBus.
// Checked with a test rather than a dependency-cruiser rule because the rule is about
// what a file says (SQL), not only what it imports.

const SRC = join(__dirname, '..');
// @nestjs/swagger's metadata keys (its constants are not among the package's exports).
const API_OPERATION = 'swagger/apiOperation';
const API_RESPONSE = 'swagger/apiResponse';
/** SQL statements: upper-case keywords as this code base writes them. */
const SQL = /\b(SELECT\b[\s\S]*?\bFROM|INSERT\s+INTO|UPDATE\s+[\w.]+\s+SET|DELETE\s+FROM)\b/;
/** Not queries of the read side; each to move to where it belongs, then out of this list. */
const SQL_ALLOWED = new Map([
  ['http/idempotency.store.ts', 'the Idempotency-Key store of the HTTP layer (not a read model)'],
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(name) ? [path] : [];
  });
}

const QUERY_CONTROLLERS = [CaseQueriesController, WorkQueriesController, DashboardController];

function getRoutes(
  controller: new (...args: never[]) => unknown,
): Array<{ name: string; handler: object }> {
  const proto = controller.prototype as Record<string, object>;
  return Object.getOwnPropertyNames(proto)
    .filter(
      (name) =>
        name !== 'constructor' && Reflect.getMetadata(PATH_METADATA, proto[name]) !== undefined,
    )
    .filter((name) => Reflect.getMetadata(METHOD_METADATA, proto[name]) === RequestMethod.GET)
    .map((name) => ({ name, handler: proto[name] }));
}

describe('the read side boundary', () => {
  it('leaves no SQL in apps/api', () => {
    const offenders = sources(SRC)
      .map((file) => relative(SRC, file).split('\\').join('/'))
      .filter((file) => !SQL_ALLOWED.has(file) && SQL.test(readFileSync(join(SRC, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('allows only files that still hold SQL (the list cannot go stale)', () => {
    for (const file of SQL_ALLOWED.keys())
      expect(SQL.test(readFileSync(join(SRC, file), 'utf8'))).toBe(true);
  });

  it('finds SQL where there is some (the check can fail)', () => {
    expect(
      SQL.test('const rows = await ds.query(`SELECT * FROM rm_case_list c WHERE c.case_id = $1`);'),
    ).toBe(true);
    expect(SQL.test('DELETE FROM idempotency_keys WHERE key = $1')).toBe(true);
    expect(SQL.test('// Select the case from the list')).toBe(false);
  });

  it('gives query controllers nothing but the QueryBus', () => {
    for (const controller of [...QUERY_CONTROLLERS, AccessAuditController]) {
      expect({
        controller: controller.name,
        deps: Reflect.getMetadata('design:paramtypes', controller),
      }).toEqual({ controller: controller.name, deps: [QueryBus] });
    }
  });

  it('names each query route, documents its answer and the read models it waits for', () => {
    const routes = [...QUERY_CONTROLLERS, AccessAuditController].flatMap(getRoutes);
    expect(routes.length).toBe(12);
    for (const { name, handler } of routes) {
      const operation = Reflect.getMetadata(API_OPERATION, handler) as
        { operationId?: string } | undefined;
      const responses = Reflect.getMetadata(API_RESPONSE, handler) as
        Record<string, { type?: unknown }> | undefined;
      expect({ name, operationId: operation?.operationId }).toEqual({
        name,
        operationId: expect.stringMatching(/^(get|list)[A-Z]\w+$/),
      });
      expect({ name, type: responses?.['200']?.type }).toEqual({ name, type: expect.anything() });
    }
    for (const { name, handler } of QUERY_CONTROLLERS.flatMap(getRoutes)) {
      expect({ name, reads: Reflect.getMetadata('iln:reads-projections', handler) }).toEqual({
        name,
        reads: expect.arrayContaining([expect.any(String)]),
      });
    }
  });

  it('takes the roles of every query route from the access policy (QUERY_ROLES)', () => {
    const allowed = Object.values(QUERY_ROLES).map((roles) => [...roles].sort());
    for (const { name, handler } of [...QUERY_CONTROLLERS, AccessAuditController].flatMap(
      getRoutes,
    )) {
      const roles = [
        ...((Reflect.getMetadata(ALLOWED_ROLES, handler) as string[] | undefined) ?? []),
      ].sort();
      expect({ name, roles }).toEqual({ name, roles: expect.any(Array) });
      expect({
        name,
        fromPolicy: allowed.some((a) => JSON.stringify(a) === JSON.stringify(roles)),
      }).toEqual({ name, fromPolicy: true });
    }
  });
});
