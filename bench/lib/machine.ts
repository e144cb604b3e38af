import os from 'node:os';
import Redis from 'ioredis';
import { Client } from 'pg';

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  redis: string;
  /** API processes the bench's API ran with (API_PROCESSES, default one per core). */
  apiProcesses: number;
}

/** What the figures were measured on, so two result files can be compared fairly. */
export async function describeMachine(databaseUrl: string, redisUrl: string): Promise<MachineDescription> {
  const cpus = os.cpus();
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  let postgres = 'unknown';
  try {
    const { rows } = await pg.query<{ server_version: string }>('SHOW server_version');
    postgres = rows[0].server_version;
  } finally {
    await pg.end();
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let redisVersion = 'unknown';
  try {
    await redis.connect();
    const info = await redis.info('server');
    redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
  } finally {
    redis.disconnect();
  }
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    redis: redisVersion,
    apiProcesses: Number(process.env.API_PROCESSES) || os.availableParallelism(),
  };
}
