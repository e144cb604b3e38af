// Issue 19, hole 5: many cases opened at once in one locality. The reference allocator
// waited on the locality's lock holding a connection from the pool the lock holder
// needed for its own write, so a burst of openings timed out with 503s.
import { checkedFetch, startApiHarness, type ApiHarness } from '@iln/testing';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { caller, openBody, type Caller } from '../cases-helpers';

jest.setTimeout(120_000);

describe('case references under a burst of openings', () => {
  let h: ApiHarness;
  let frontDoor: Caller;

  beforeAll(async () => {
    h = await startApiHarness({
      createApp: (config) => createApiApp(config, { logs: false }),
      env: { RATE_LIMIT_PER_MINUTE: '10000000', RATE_LIMIT_PER_IP_PER_MINUTE: '10000000' },
    });
    frontDoor = await caller(h, { sub: 'fd-burst', roles: ['front-door'], localities: ['*'] });
  });

  afterAll(async () => {
    await h?.close();
  });

  const open = (localityId: string) =>
    checkedFetch(`${h.baseUrl}/api/cases`, {
      method: 'POST',
      headers: { ...frontDoor.auth, 'Content-Type': 'application/json' },
      body: JSON.stringify(openBody({ localityId })),
    }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { caseId?: string; reference?: string; type?: string },
    }));

  it('40 openings at once in one locality: all 201, references 1 to 40 without a gap or a repeat', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => open('grays')));
    expect(
      answers.filter((a) => a.status !== 201).map((a) => ({ status: a.status, type: a.body.type })),
    ).toEqual([]);
    const numbers = answers
      .map((a) => Number(/^ILN-[A-Z]+-(\d+)$/.exec(a.body.reference ?? '')?.[1]))
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // Each reference went to the case that answered it, and each case was written.
    const { rows } = await h.pool.query<{ reference: string; case_id: string; streams: string }>(
      `SELECT r.reference, r.case_id, (SELECT count(*) FROM es_streams s WHERE s.stream_id = 'case-' || r.case_id) AS streams
         FROM case_references r WHERE r.locality_id = 'grays'`,
    );
    expect(rows).toHaveLength(40);
    const byCase = new Map(rows.map((r) => [r.case_id, r]));
    for (const a of answers) {
      expect(byCase.get(a.body.caseId!)).toMatchObject({
        reference: a.body.reference,
        streams: '1',
      });
    }
  });

  it('bursts in several localities at once, beyond the lock sessions, all succeed and stay gapless per locality', async () => {
    // More localities than the allocator has lock sessions (4): three extra just for this.
    await h.pool.query(
      `INSERT INTO localities (id, name, places, reference_code) VALUES ('burst-a', 'Burst A', '{}', 'BUA'), ('burst-b', 'Burst B', '{}', 'BUB'), ('burst-c', 'Burst C', '{}', 'BUC')`,
    );
    const known = [
      'asop',
      'tilbury-chadwell',
      'stanford-corringham',
      'burst-a',
      'burst-b',
      'burst-c',
    ];
    const answers = await Promise.all(
      known.flatMap((l) => Array.from({ length: 12 }, () => open(l).then((a) => ({ ...a, l })))),
    );
    expect(answers.filter((a) => a.status !== 201).map((a) => a.status)).toEqual([]);
    for (const l of known) {
      const numbers = answers
        .filter((a) => a.l === l)
        .map((a) => Number(/(\d+)$/.exec(a.body.reference!)![1]))
        .sort((a, b) => a - b);
      expect({ l, numbers }).toEqual({ l, numbers: Array.from({ length: 12 }, (_, i) => i + 1) });
    }
  });
});
