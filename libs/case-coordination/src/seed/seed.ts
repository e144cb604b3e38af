import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { AppConfig, PlatformModule } from '@iln/platform';
import { CaseEventStoreModule } from '../case-event-store.module';
import { CaseCommandsModule } from '../application/case-commands.module';
import { REFERENCE_DATA_ENTITIES } from '../reference-data/reference-data';
import { seedDemoCases } from './demo-cases.seed';
import { upsertReferenceData } from './reference-data.seed';

@Module({})
class SeedModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SeedModule,
      imports: [PlatformModule.forRoot({ config, app: 'cli', entities: REFERENCE_DATA_ENTITIES }), CaseEventStoreModule, CaseCommandsModule],
    };
  }
}

export interface SeedReport {
  referenceData: true;
  demoCases: number;
}

/**
 * `npm run seed` (and `npm start`): reference data is upserted every time; the demo
 * cases are written only into a service that has no case yet, so running it again
 * never duplicates them and never adds demo residents beside real ones.
 */
export async function runSeed(config: AppConfig): Promise<SeedReport> {
  const app = await NestFactory.createApplicationContext(SeedModule.forRoot(config), { logger: false, abortOnError: false });
  try {
    await app.init();
    const pool = app.get(Pool);
    await upsertReferenceData(pool);
    const { rows } = await pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM case_references) AS any`);
    if (rows[0].any) return { referenceData: true, demoCases: 0 };
    // One seeding at a time: two `npm start`s racing must not both write the demo.
    const lock = await pool.connect();
    try {
      await lock.query(`SELECT pg_advisory_lock(4402, 0)`);
      const again = await lock.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM case_references) AS any`);
      const demoCases = again.rows[0].any ? 0 : await seedDemoCases(app.get(CommandBus));
      await lock.query(`SELECT pg_advisory_unlock(4402, 0)`);
      return { referenceData: true, demoCases };
    } finally {
      lock.release();
    }
  } finally {
    await app.close();
  }
}
