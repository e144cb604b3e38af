import { MigrationInterface, QueryRunner } from 'typeorm';

export const REFERENCE_DATA_CHANNEL = 'iln_reference_data';

// The API keeps the reference rows commands name (localities, teams, specialist services)
// in memory instead of reading them on every command. Any change to those tables, by the
// seed, a migration or an operator's SQL, notifies on commit, and every process listening
// drops what it kept (ReferenceData in libs/case-coordination).
export class ReferenceDataChanged1700000020000 implements MigrationInterface {
  name = 'ReferenceDataChanged1700000020000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION reference_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${REFERENCE_DATA_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END
      $$`);
    for (const table of ['localities', 'teams', 'specialist_services']) {
      await q.query(`CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION reference_data_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['localities', 'teams', 'specialist_services']) await q.query(`DROP TRIGGER IF EXISTS ${table}_changed ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS reference_data_changed()`);
  }
}
