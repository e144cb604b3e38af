import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An Integrated Locality Network: the footprint of one Primary Care Network. */
@Entity('localities')
export class LocalityEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) places!: string[];
  /** The middle part of human case references (ILN-GRA-000123); data, so other councils choose their own. */
  @Column('text', { name: 'reference_code' }) referenceCode!: string;
}
