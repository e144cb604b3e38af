import { Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { ChannelListener } from '@iln/event-store';
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
  /** None without a pool (nothing is then kept). */
  private readonly listener: ChannelListener | null;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() pool?: Pool,
  ) {
    this.listener = pool
      ? new ChannelListener({ ...pool.options, application_name: 'iln-reference-data' }, REFERENCE_DATA_CHANNEL, {
          notified: () => this.forget(),
          // Anything changed while nobody listened: start from nothing kept.
          gap: () => this.forget(),
        })
      : null;
  }

  async onModuleInit(): Promise<void> {
    await this.listener?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.close();
    this.forget();
  }

  /** True while changes are being listened for (and so found rows are kept). */
  get caching(): boolean {
    return this.listener?.listening ?? false;
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
    if (found && this.caching && generation === this.generation) this.kept.set(key, Object.freeze(found));
    return found;
  }

  private forget(): void {
    this.generation++;
    this.kept.clear();
  }
}
