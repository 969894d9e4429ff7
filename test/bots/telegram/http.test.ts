/** The platform-neutral HTTP server: /healthz by database reachability, mounted routes, limits. */
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, databaseReachable, silentLogger, type Db, type HttpServer } from '../../../src';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(healthy: () => Promise<boolean>, maxBodyBytes?: number): Promise<string> {
  server = createHttpServer({ host: '127.0.0.1', port: 0, log: silentLogger, healthy, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
  await server.listen();
  return `http://127.0.0.1:${server.port}`;
}

const fakeDb = (query: () => Promise<unknown>) => ({ $queryRawUnsafe: query }) as unknown as Db;

describe('GET /healthz', () => {
  it('GIVEN the database answers SELECT 1 THEN 200 {ok:true}', async () => {
    let asked = '';
    const base = await start(() => databaseReachable(fakeDb(async (sql?: unknown) => ((asked = String(sql)), [{ 1: 1 }]) as never)));
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(asked).toBe('SELECT 1');
  });

  it('GIVEN the database fails or hangs THEN 503 {ok:false}', async () => {
    expect(await databaseReachable(fakeDb(() => Promise.reject(new Error('down'))))).toBe(false);
    expect(await databaseReachable(fakeDb(() => new Promise(() => undefined)), 50)).toBe(false);
    const base = await start(async () => false);
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false });
  });
});

describe('routes', () => {
  it('GIVEN a mounted route THEN it gets method, path, headers and body; other paths 404, other methods 405', async () => {
    const base = await start(async () => true);
    server!.route('POST', '/hook', async (request) => ({ status: 200, body: { got: request.body.toString(), header: request.headers['x-test'] } }));
    const ok = await fetch(`${base}/hook`, { method: 'POST', body: 'hello', headers: { 'x-test': 'yes' } });
    expect(await ok.json()).toEqual({ got: 'hello', header: 'yes' });
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
    expect((await fetch(`${base}/hook`)).status).toBe(405);
  });

  it('GIVEN a body over the limit THEN 413 and the handler never runs', async () => {
    let ran = false;
    const base = await start(async () => true, 10);
    server!.route('POST', '/hook', async () => ((ran = true), { status: 200 }));
    const response = await fetch(`${base}/hook`, { method: 'POST', body: 'x'.repeat(100) });
    expect(response.status).toBe(413);
    expect(ran).toBe(false);
  });

  it('GIVEN a handler that throws THEN 500 without details', async () => {
    const base = await start(async () => true);
    server!.route('POST', '/hook', async () => {
      throw new Error('secret detail');
    });
    const response = await fetch(`${base}/hook`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret detail');
  });
});
