import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LocalityEntity } from './locality.entity';
import { PractitionerEntity } from './practitioner.entity';
import { SpecialistServiceEntity } from './specialist-service.entity';
import { TeamEntity } from './team.entity';

export const REFERENCE_DATA_ENTITIES = [LocalityEntity, SpecialistServiceEntity, TeamEntity, PractitionerEntity];

/**
 * Read access to the reference data. Small tables read on every command that names
 * one of their rows; no cache, so a locality added by an operator is usable at once.
 */
@Injectable()
export class ReferenceData {
  constructor(private readonly dataSource: DataSource) {}

  locality(id: string): Promise<LocalityEntity | null> {
    return this.dataSource.getRepository(LocalityEntity).findOneBy({ id });
  }

  specialistService(id: string): Promise<SpecialistServiceEntity | null> {
    return this.dataSource.getRepository(SpecialistServiceEntity).findOneBy({ id });
  }

  team(id: string): Promise<TeamEntity | null> {
    return this.dataSource.getRepository(TeamEntity).findOneBy({ id });
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
}
