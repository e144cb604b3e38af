import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Staff known to the service, so escalations can find a locality's team managers. */
@Entity('practitioners')
export class PractitionerEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'team_id', nullable: true }) teamId!: string | null;
  @Column('text', { name: 'locality_id', nullable: true }) localityId!: string | null;
  @Column('text', { array: true }) roles!: string[];
}
