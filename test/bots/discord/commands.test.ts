/** Command definitions and registration: validated by the fake, localised for zh-TW/zh-CN; admin commands hidden by default permission and decided by the engine. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature } from '../../../src';
import { registerCommands } from '../../../bots/discord/register';
import { startHarness, type Harness } from './harness';

const ADMIN_ID = '900000000000000001';
let h: Harness;

/** A stand-in admin-scoped command with an argument (the real /broadcast has its own tests). */
const adminFeature = (): Feature[] => [
  {
    name: 'test-admin',
    commands: [
      {
        spec: { name: 'announce', descriptionKey: 'commands:updates', scope: 'admin', argument: { name: 'message', descriptionKey: 'commands:updatesArg', required: true } },
        inGroups: true,
        run: async (ctx) => ctx.say('common:cancelled'),
      },
    ],
  },
];

beforeAll(async () => {
  h = await startHarness({ guildId: true, features: adminFeature, env: () => ({ DISCORD_ADMIN_USER_IDS: ADMIN_ID }) });
});

afterAll(async () => {
  await h?.close();
});

describe('GIVEN the engine’s command specs', () => {
  it('WHEN registered to the guild THEN the fake accepts every definition, with Cantonese for zh-TW and zh-CN', async () => {
    const { fake, app } = h;
    const result = await registerCommands(app);
    expect(result.scope).toBe('guild');
    const put = fake.calls.find((c) => c.method === 'PUT' && c.path === `/applications/${fake.applicationId}/guilds/${fake.guild.id}/commands`);
    expect(put?.status).toBe(200);
    const commands = fake.commands(fake.guild.id);
    const names = commands.map((c) => c.name);
    for (const name of ['sign', 'petitions', 'mysignatures', 'withdraw', 'forget', 'language', 'help', 'announce', 'broadcast']) expect(names).toContain(name);
    expect(names).toEqual(app.engine.commandSpecs().map((s) => s.name));

    const sign = commands.find((c) => c.name === 'sign')!;
    expect(sign).toMatchObject({
      description: 'Sign a petition',
      description_localizations: { 'zh-TW': '簽聯署', 'zh-CN': '簽聯署' },
      options: [{ type: 3, name: 'petition', description: 'Which petition', description_localizations: { 'zh-TW': '邊份聯署', 'zh-CN': '邊份聯署' }, required: false, autocomplete: true }],
    });
    for (const c of commands) expect(Object.keys(c.description_localizations ?? {}).sort()).toEqual(['zh-CN', 'zh-TW']);

    const announce = commands.find((c) => c.name === 'announce')!;
    expect(announce.default_member_permissions).toBe('32');
    expect(commands.filter((c) => c.default_member_permissions).map((c) => c.name).sort()).toEqual(['announce', 'broadcast']);
  });

  it('WHEN registered globally THEN the global list holds them', async () => {
    const { fake, app } = h;
    expect((await registerCommands(app, { global: true })).scope).toBe('global');
    expect(fake.commands().map((c) => c.name)).toContain('sign');
  });

  it('WHEN `npm run discord:register` runs THEN it registers with the environment’s settings', async () => {
    const { fake, dir } = h;
    const run = promisify(execFile);
    const { stdout } = await run(path.resolve('node_modules/.bin/tsx'), ['bots/discord/register-cli.ts'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: `file:${path.join(dir, 'cli.db')}`,
        DATA_DIR: dir,
        LOG_LEVEL: 'silent',
        DISCORD_BOT_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_BASE: fake.apiBase,
        DISCORD_GUILD_ID: fake.guild.id,
      },
    });
    expect(stdout).toMatch(new RegExp(`Registered \\d+ commands for server ${fake.guild.id}`));
    expect(fake.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`/guilds/${fake.guild.id}/commands`) && c.status === 200)).toHaveLength(2);
  }, 30_000);
});

describe('GIVEN DISCORD_ADMIN_USER_IDS', () => {
  it('WHEN someone else runs /broadcast THEN the engine refuses, ephemerally and in their language, and audits it', async () => {
    const { fake, app } = h;
    const user = fake.addGuildMember({ username: 'member' }).id;
    const reply = await fake.slashCommand({ user, name: 'broadcast', locale: 'zh-TW' }).waitForReply();
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe('唔好意思，只有運動管理員先可以發消息。今次嘅嘗試已經記錄低。');
    const audit = await app.db.prisma.auditLog.findFirst({ where: { action: 'broadcast.refused' } });
    expect(audit?.actor).toMatch(/^discord:/);
    expect(JSON.stringify(audit)).not.toContain(user);
  });

  it('WHEN a listed admin runs an admin command THEN the engine handles it', async () => {
    const { fake } = h;
    fake.addGuildMember({ userId: ADMIN_ID, username: 'organiser' });
    const reply = await fake.slashCommand({ user: ADMIN_ID, name: 'announce', options: { message: 'hi' } }).waitForReply();
    expect(reply.content).toBe('Cancelled. Nothing was saved.');
  });
});
