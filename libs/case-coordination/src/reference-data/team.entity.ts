import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TEAM_KINDS = [
  'community-led-support',
  'complex-cases',
  'wellbeing',
  'hospital-social-work',
  'local-area-coordination',
  'housing',
  'community-nursing',
  'mental-health',
  'voluntary-sector',
  'safeguarding',
] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

@Entity('teams')
export class TeamEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') name!: string;
  @Column('text') kind!: TeamKind;
  /** Null for borough-wide teams (Complex Cases, Hospital Social Work, safeguarding). */
  @Column('text', { name: 'locality_id', nullable: true }) localityId!: string | null;
  /** Home-care hours a week a Wellbeing Team can give (about 200). */
  @Column('integer', { name: 'hours_capacity', nullable: true }) hoursCapacity!: number | null;
}
