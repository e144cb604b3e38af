// The reference data every environment starts with (DOMAIN.md, API.md "Reference
// data"). Data, not code: another council replaces these rows, not the validation.
// Practitioners are invented and obviously fictional.

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export const LOCALITIES = [
  { id: 'asop', name: 'Aveley, South Ockendon and Purfleet', places: ['Aveley', 'South Ockendon', 'Purfleet'], referenceCode: 'ASO' },
  { id: 'grays', name: 'Grays', places: ['Grays'], referenceCode: 'GRA' },
  { id: 'tilbury-chadwell', name: 'Tilbury and Chadwell', places: ['Tilbury', 'Chadwell St Mary'], referenceCode: 'TIL' },
  { id: 'stanford-corringham', name: 'Stanford-le-Hope and Corringham', places: ['Stanford-le-Hope', 'Corringham'], referenceCode: 'STC' },
];

export const SPECIALIST_SERVICES = [
  { id: 'mental-health', name: 'Mental health' },
  { id: 'community-nursing', name: 'Community nursing' },
  { id: 'occupational-therapy', name: 'Occupational therapy' },
  { id: 'falls', name: 'Falls prevention' },
  { id: 'dementia-crisis', name: 'Dementia crisis support' },
  { id: 'housing', name: 'Housing' },
  { id: 'drug-alcohol', name: 'Drug and alcohol' },
  { id: 'debt-advice', name: 'Debt and benefits advice' },
  { id: 'reablement', name: 'Reablement' },
  { id: 'voluntary-sector', name: 'Voluntary sector' },
];

export const TEAMS = [
  ...LOCALITIES.map((l) => ({ id: `cls-${l.id}`, name: `Community Led Support ${l.name}`, kind: 'community-led-support', localityId: l.id, hoursCapacity: null })),
  { id: 'complex-cases', name: 'Complex Cases Team', kind: 'complex-cases', localityId: null, hoursCapacity: null },
  { id: 'wellbeing-tilbury', name: 'Tilbury Wellbeing Team', kind: 'wellbeing', localityId: 'tilbury-chadwell', hoursCapacity: 200 },
  { id: 'wellbeing-chadwell', name: 'Chadwell Wellbeing Team', kind: 'wellbeing', localityId: 'tilbury-chadwell', hoursCapacity: 200 },
  { id: 'hospital-social-work', name: 'Hospital Social Work Team', kind: 'hospital-social-work', localityId: null, hoursCapacity: null },
  { id: 'safeguarding', name: 'Adult Safeguarding Team', kind: 'safeguarding', localityId: null, hoursCapacity: null },
];

// Fictional names, recognisably so (nobody is called "Testwell").
const STAFF: Record<string, Array<[string, string[], string?]>> = {
  asop: [['Morgan Testwell', ['practitioner']], ['Riley Sampleton', ['practitioner']], ['Jordan Demoford', ['team-manager']], ['Casey Mockridge', ['safeguarding-lead'], 'safeguarding']],
  grays: [['Alex Fictionby', ['practitioner']], ['Sam Placeholder', ['practitioner']], ['Taylor Exampleton', ['team-manager']], ['Robin Dummigan', ['safeguarding-lead'], 'safeguarding']],
  'tilbury-chadwell': [['Jamie Trialworth', ['practitioner']], ['Charlie Wellbeingson', ['practitioner'], 'wellbeing-tilbury'], ['Drew Pretendly', ['team-manager']], ['Avery Notreal', ['safeguarding-lead'], 'safeguarding']],
  'stanford-corringham': [['Quinn Madeupson', ['practitioner']], ['Skyler Specimen', ['practitioner']], ['Parker Inventor', ['team-manager']], ['Rowan Fakenham', ['safeguarding-lead'], 'safeguarding']],
};

export const PRACTITIONERS = Object.entries(STAFF).flatMap(([localityId, staff]) =>
  staff.map(([name, roles, team], i) => ({ id: `p-${localityId}-${i + 1}`, name, teamId: team ?? `cls-${localityId}`, localityId, roles })),
);

/** Inserts or updates every row; running it twice changes nothing. */
export async function upsertReferenceData(db: Queryable): Promise<void> {
  for (const l of LOCALITIES) {
    await db.query(
      `INSERT INTO localities (id, name, places, reference_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, places = EXCLUDED.places, reference_code = EXCLUDED.reference_code`,
      [l.id, l.name, l.places, l.referenceCode],
    );
  }
  for (const s of SPECIALIST_SERVICES) {
    await db.query(`INSERT INTO specialist_services (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`, [s.id, s.name]);
  }
  for (const t of TEAMS) {
    await db.query(
      `INSERT INTO teams (id, name, kind, locality_id, hours_capacity) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, locality_id = EXCLUDED.locality_id, hours_capacity = EXCLUDED.hours_capacity`,
      [t.id, t.name, t.kind, t.localityId, t.hoursCapacity],
    );
  }
  for (const p of PRACTITIONERS) {
    await db.query(
      `INSERT INTO practitioners (id, name, team_id, locality_id, roles) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, team_id = EXCLUDED.team_id, locality_id = EXCLUDED.locality_id, roles = EXCLUDED.roles`,
      [p.id, p.name, p.teamId, p.localityId, p.roles],
    );
  }
}
