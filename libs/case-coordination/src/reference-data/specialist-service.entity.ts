import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A specialist whose input a coordinator can broker into a care plan. */
@Entity('specialist_services')
export class SpecialistServiceEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
}
