import { Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { REFERENCE_DATA_CHANNEL } from '@iln/platform';
import { LocalityEntity } from './locality.entity';
import { PractitionerEntity } from './practitioner.entity';
import { SpecialistServiceEntity } from './specialist-service.entity';
import { TeamEntity } from './team.entity';

export const REFERENCE_DATA_ENTITIES = [LocalityEntity, SpecialistServiceEntity, TeamEntity, PractitionerEntity];

/**
 * Read access to the reference data. The rows commands name (a locality, team or
 * specialist service by id) are kept in memory once found, so a command does not read
 * them each time. Kept only while this process listens for changes: every change to
 * those tables notifies on commit (migration ReferenceDataChanged1700000020000), and a
 * notification drops everything kept. An id not found is always looked up again, so a
 * row added by an operator is usable at once; a changed or removed row is seen as soon
 * as the notification arrives (milliseconds after its commit). Without the listening
 * connection (not yet connected, lost, reconnecting) nothing is kept and every lookup
 * reads the table, as before. Lists are always read from the tables.
 */
@Injectable()
export class ReferenceData implements OnModuleInit, OnModuleDestroy {
  private readonly kept = new Map<string, object>();
  /** Bumped by each change notification: a lookup started before one keeps nothing. */
  private generation = 0;
  private listener: Client | null = null;
  private starting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private backoffMs = 100;
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() private readonly pool?: Pool,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.starting?.catch(() => undefined);
    const client = this.listener;
    this.forget();
    await client?.end().catch(() => undefined);
  }

  /** True while changes are being listened for (and so found rows are kept). */
  get caching(): boolean {
    return this.listener !== null;
  }

  locality(id: string): Promise<LocalityEntity | null> {
    return this.byId(LocalityEntity, 'locality', id);
  }

  specialistService(id: string): Promise<SpecialistServiceEntity | null> {
    return this.byId(SpecialistServiceEntity, 'service', id);
  }

  team(id: string): Promise<TeamEntity | null> {
    return this.byId(TeamEntity, 'team', id);
  }

  localities(): Promise<LocalityEntity[]> {
    return this.dataSource.getRepository(LocalityEntity).find({ order: { name: 'ASC' } });
  }

  specialistServices(): Promise<SpecialistServiceEntity[]> {
    return this.dataSource.getRepository(SpecialistServiceEntity).find({ order: { name: 'ASC' } });
  }

  teams(): Promise<TeamEntity[]> {
    return this.dataSource.getRepository(TeamEntity).find({ order: { name: 'ASC' } });
  }

  practitioners(filter: { localityId?: string; role?: string } = {}): Promise<PractitionerEntity[]> {
    const qb = this.dataSource.getRepository(PractitionerEntity).createQueryBuilder('p').orderBy('p.id');
    if (filter.localityId) qb.andWhere('p.locality_id = :l', { l: filter.localityId });
    if (filter.role) qb.andWhere(':r = ANY(p.roles)', { r: filter.role });
    return qb.getMany();
  }

  private async byId<T extends ObjectLiteral>(entity: EntityTarget<T>, kind: string, id: string): Promise<T | null> {
    const key = `${kind}:${id}`;
    const kept = this.kept.get(key);
    if (kept) return kept as T;
    const generation = this.generation;
    const found = await this.dataSource.getRepository(entity).findOneBy({ id } as never);
    // Shared by every command that names it: nobody may change it for the others.
    if (found && this.listener && generation === this.generation) this.kept.set(key, Object.freeze(found));
    return found;
  }

  private forget(): void {
    this.generation++;
    this.kept.clear();
  }

  private listen(): Promise<void> {
    if (this.closed || this.listener || !this.pool) return Promise.resolve();
    this.starting ??= this.connect().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...this.pool!.options, application_name: 'iln-reference-data' });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', () => this.forget());
    try {
      await client.connect();
      await client.query(`LISTEN ${REFERENCE_DATA_CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    // Anything changed while nobody listened: start from nothing kept.
    this.forget();
    this.listener = client;
    this.backoffMs = 100;
  }

  private lost(client: Client): void {
    if (this.listener === client) {
      this.listener = null;
      this.forget();
    }
    client.end().catch(() => undefined);
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.listen();
    }, this.backoffMs);
    this.retryTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, 10_000);
  }
}
