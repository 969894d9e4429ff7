/** Self-test of the Discord fake: the real discord.js Client logs in, gets interactions and answers them over HTTP. */
import { once } from 'node:events';
import { createInflate, inflateSync } from 'node:zlib';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  REST,
  Routes,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeDiscord, Permission, startFakeDiscord } from './discord/index.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Each test installs the bot behaviour it needs; errors inside it fail the test that awaits them. */
type Behaviour = (interaction: Interaction) => Promise<void>;

function startClient(fake: FakeDiscord): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
}

async function login(client: Client, fake: FakeDiscord): Promise<void> {
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DiscordAPIError) return error;
    throw error;
  }
  throw new Error('expected a DiscordAPIError');
}

describe('Discord fake driven by the real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client;
  let behaviour: Behaviour = async () => undefined;
  const behaviourErrors: unknown[] = [];
  let member: { id: string };
  let organiser: { id: string };

  beforeAll(async () => {
    fake = await startFakeDiscord({ ackDeadlineMs: 1_000 });
    member = fake.addGuildMember({ username: 'ah-ming' });
    organiser = fake.addGuildMember({ username: 'organiser', permissions: String(Permission.ManageGuild) });
    client = startClient(fake);
    client.on(Events.InteractionCreate, (interaction) => {
      behaviour(interaction).catch((error: unknown) => behaviourErrors.push(error));
    });
    await login(client, fake);
    await client.application!.commands.set([
      {
        name: 'sign',
        description: 'Sign a petition',
        nameLocalizations: { 'zh-TW': '聯署' },
        descriptionLocalizations: { 'zh-TW': '聯署請願', 'en-GB': 'Sign a petition' },
        options: [
          { name: 'petition', description: 'Which petition', type: 3, required: true, autocomplete: true },
          { name: 'public', description: 'Show my name', type: 5 },
        ],
      },
      { name: 'feedback', description: 'Send feedback' },
      { name: 'petition', description: 'Post a petition card' },
    ]);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('GIVEN a login THEN the client is ready with the guild, over plain JSON without compression', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    const guild = client.guilds.cache.get(fake.guild.id);
    expect(guild?.channels.cache.map((c) => c.name)).toEqual(['general', 'petitions']);
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/gateway/bot' && c.status === 200)).toBe(true);
    expect(fake.gateway.connects[0]).toEqual({ version: '10', encoding: 'json', compress: null });
    expect(fake.commands().map((c) => c.name)).toEqual(['sign', 'feedback', 'petition']);
  });

  it('GIVEN a locale Discord does not know THEN command registration fails with 50035', async () => {
    const error = await apiError(
      client.application!.commands.create({
        name: 'sign',
        description: 'Sign',
        nameLocalizations: { 'zh-HK': '聯署' } as Record<string, string>,
      }),
    );
    expect(error.code).toBe(50035);
    expect(error.rawError).toMatchObject({ errors: { name_localizations: { 'zh-HK': { _errors: [{ code: 'ENUM_TYPE_COERCE' }] } } } });
    const badName = await apiError(client.application!.commands.create({ name: 'Sign Now', description: 'x' }));
    expect(badName.rawError).toMatchObject({ errors: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } });
  });

  it('GIVEN /sign THEN an ephemeral reply arrives with flags 64 and the interaction looks real to discord.js', async () => {
    let seen: { locale: string; petition: string; manageGuild: boolean | undefined; guildLocale: string | null } | undefined;
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen = {
        locale: interaction.locale,
        petition: interaction.options.getString('petition', true),
        manageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild),
        guildLocale: interaction.guildLocale,
      };
      await interaction.reply({ content: '已聯署 Signed', flags: MessageFlags.Ephemeral });
    };
    const handle = fake.slashCommand({ user: member.id, name: 'sign', options: { petition: 'hk-47' }, locale: 'zh-TW' });
    const reply = await handle.waitForReply();
    expect(reply).toMatchObject({ responseType: 4, ephemeral: true, content: '已聯署 Signed', flags: 64 });
    expect((await handle.response()).type).toBe(4);
    expect(handle.callbacks[0]?.query).toEqual({ with_response: 'false' });
    expect(seen).toEqual({ locale: 'zh-TW', petition: 'hk-47', manageGuild: false, guildLocale: 'en-US' });

    const organiserHandle = fake.slashCommand({ user: organiser.id, name: 'sign', options: { petition: 'hk-47' } });
    await organiserHandle.waitForReply();
    expect(seen?.manageGuild).toBe(true);
  });

  it('GIVEN deferReply then editReply THEN the deferred reply becomes the edited message', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await sleep(20);
      await interaction.editReply({ content: 'Counted: 1,024 signatures' });
    };
    const handle = fake.slashCommand({ user: member.id, name: 'sign', options: { petition: 'hk-47' } });
    const reply = await handle.waitForReply();
    expect(reply).toMatchObject({ responseType: 5, ephemeral: true, content: 'Counted: 1,024 signatures', flags: 64 });
    expect(handle.calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 204', 'PATCH 200']);
    expect(handle.calls[1]?.path).toBe(`/webhooks/${fake.applicationId}/${handle.token}/messages/@original`);
  });

  it('GIVEN showModal THEN a submit carries the fields discord.js reads', async () => {
    behaviour = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const comment = new TextInputBuilder().setCustomId('comment').setLabel('Your comment').setStyle(TextInputStyle.Paragraph).setMaxLength(500);
        const city = new TextInputBuilder().setCustomId('city').setStyle(TextInputStyle.Short).setRequired(false);
        await interaction.showModal(
          new ModalBuilder()
            .setCustomId('feedback-modal')
            .setTitle('Feedback 意見')
            .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(comment))
            .addLabelComponents(new LabelBuilder().setLabel('City').setTextInputComponent(city)),
        );
      } else if (interaction.isModalSubmit()) {
        const comment = interaction.fields.getTextInputValue('comment');
        const city = interaction.fields.getTextInputValue('city');
        await interaction.reply({ content: `Thanks from ${city}: ${comment}`, flags: MessageFlags.Ephemeral });
      }
    };
    const command = fake.slashCommand({ user: member.id, name: 'feedback' });
    const modal = await command.waitForModal();
    expect(modal).toMatchObject({ custom_id: 'feedback-modal', title: 'Feedback 意見' });
    expect(() => fake.submitModal({ user: member.id, customId: 'feedback-modal', fields: { city: 'Leeds' } })).toThrow(/required/);
    const submit = fake.submitModal({ user: member.id, customId: 'feedback-modal', fields: { comment: '加油', city: 'Leeds' } });
    expect((await submit.waitForReply()).content).toBe('Thanks from Leeds: 加油');
  });

  it('GIVEN a button on a posted card THEN a click reaches the bot and interaction.update edits the card', async () => {
    behaviour = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const button = new ButtonBuilder().setCustomId('sign:hk-47').setLabel('Sign 聯署').setStyle(ButtonStyle.Primary);
        await interaction.reply({ content: 'Petition HK-47', components: [new ActionRowBuilder<ButtonBuilder>().addComponents(button)] });
      } else if (interaction.isButton()) {
        await interaction.update({ content: `Signed by ${interaction.user.username}`, components: [] });
      }
    };
    const card = await fake.slashCommand({ user: organiser.id, name: 'petition' }).waitForReply();
    const click = fake.clickButton({ user: member.id, customId: 'sign:hk-47' });
    const reply = await click.waitForReply();
    expect(reply).toMatchObject({ responseType: 7, content: 'Signed by ah-ming', components: [] });
    expect(fake.message(card.message.id)?.content).toBe('Signed by ah-ming');
    expect(() => fake.clickButton({ user: member.id, customId: 'sign:hk-47' })).toThrow(/No message carries/);
  });

  it('GIVEN autocomplete THEN the choices arrive', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      await interaction.respond([{ name: `HK-47 (${typed})`, value: 'hk-47' }]);
    };
    const handle = fake.autocomplete({ user: member.id, name: 'sign', options: { petition: 'hk' }, focused: 'petition' });
    expect(await handle.waitForChoices()).toEqual([{ name: 'HK-47 (hk)', value: 'hk-47' }]);
  });

  it('GIVEN a 429 on the callback and on the webhook THEN @discordjs/rest retries and the reply still arrives', async () => {
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.editReply('after the rate limit');
    };
    const before = fake.stats.tooManyRequests;
    fake.failNext((c) => c.path.endsWith('/callback'), { status: 429, retryAfter: 0.05 });
    fake.failNext((c) => c.method === 'PATCH' && c.path.startsWith('/webhooks/'), { status: 429, retryAfter: 0.05 });
    const handle = fake.slashCommand({ user: member.id, name: 'sign', options: { petition: 'hk-47' } });
    expect((await handle.waitForReply()).content).toBe('after the rate limit');
    expect(handle.calls.map((c) => c.status)).toEqual([429, 204, 429, 200]);
    expect(fake.stats.tooManyRequests - before).toBe(2);
  });

  it('GIVEN an ack after the deadline THEN 10062, and a second ack THEN 40060', async () => {
    const codes: Array<number | string> = [];
    behaviour = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      if (interaction.options.getString('petition') === 'late') {
        await sleep(1_150);
        codes.push((await apiError(interaction.reply('too late'))).code);
        return;
      }
      await interaction.reply('first');
      const again = client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: { type: 4, data: { content: 'second' } },
        auth: false,
      });
      codes.push((await apiError(again)).code);
    };
    const late = fake.slashCommand({ user: member.id, name: 'sign', options: { petition: 'late' } });
    await expect(late.response(3_000)).rejects.toThrow(/10062/);
    const twice = fake.slashCommand({ user: member.id, name: 'sign', options: { petition: 'hk-47' } });
    await twice.waitForCall((c) => c.status === 400);
    await vi.waitFor(() => expect(codes).toEqual([10062, 40060]));
  });

  it('GIVEN broadcasts THEN channel posts are validated, and lost access or closed DMs are refused like Discord', async () => {
    const petitions = fake.channelId('petitions');
    const channel = await client.channels.fetch(petitions);
    if (!channel?.isSendable()) throw new Error('petitions should be sendable');
    const sent = await channel.send({ content: 'New petition: HK-47' });
    expect(fake.messagesIn(petitions).map((m) => m.content)).toContain('New petition: HK-47');
    expect(sent.channelId).toBe(petitions);
    expect((await apiError(channel.send('x'.repeat(2_001)))).rawError).toMatchObject({
      code: 50035,
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });
    const unknown = await apiError(client.rest.post(Routes.channelMessages('123456789012345678'), { body: { content: 'hi' } }));
    expect(unknown.code).toBe(10003);
    fake.removeAccess(petitions);
    expect((await apiError(channel.send('hello?'))).code).toBe(50001);
    fake.restoreAccess(petitions);

    const user = await client.users.fetch(member.id);
    await user.send('Your signature was counted');
    expect(fake.directMessagesTo(member.id).map((m) => m.content)).toEqual(['Your signature was counted']);
    fake.blockDirectMessages(organiser.id);
    expect((await apiError((await client.users.fetch(organiser.id)).send('hi'))).code).toBe(50007);
  });

  it('GIVEN /sign in DMs and a select menu THEN discord.js sees a DM interaction and the selected values', async () => {
    let where: { inGuild: boolean; channelType: number | undefined } | undefined;
    behaviour = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        where = { inGuild: interaction.inGuild(), channelType: interaction.channel?.type };
        const response = await interaction.reply({
          content: 'Pick petitions',
          components: [
            {
              type: 1,
              components: [
                {
                  type: 3,
                  custom_id: 'pick',
                  max_values: 2,
                  options: [
                    { label: 'HK-47', value: 'hk-47' },
                    { label: 'HK-48', value: 'hk-48' },
                  ],
                },
              ],
            },
          ],
          withResponse: true,
        });
        if (response.resource?.message?.content !== 'Pick petitions') throw new Error('with_response body not understood');
      } else if (interaction.isStringSelectMenu()) {
        await interaction.update({ content: `Picked ${interaction.values.join(', ')}`, components: [] });
      }
    };
    const command = fake.slashCommand({ user: member.id, name: 'sign', options: { petition: 'hk-47' }, guild: false });
    expect((await command.waitForReply()).content).toBe('Pick petitions');
    expect(command.payload).toMatchObject({ context: 1, authorizing_integration_owners: { '0': '0' } });
    expect(where).toEqual({ inGuild: false, channelType: 1 });
    expect(() => fake.selectMenu({ user: member.id, customId: 'pick', values: ['hk-49'] })).toThrow(/offers no option/);
    const pick = fake.selectMenu({ user: member.id, customId: 'pick', values: ['hk-47', 'hk-48'] });
    expect((await pick.waitForReply()).content).toBe('Picked hk-47, hk-48');
    expect(() => fake.slashCommand({ user: member.id, name: 'unregistered' })).toThrow(/not registered/);
  });

  it('GIVEN the gateway asks for a reconnect THEN the client resumes and still receives interactions', async () => {
    behaviour = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('still here');
    };
    const resumed = once(client, Events.ShardResume);
    fake.gateway.requestReconnect();
    await resumed;
    expect(fake.gateway.stats.resumes).toBe(1);
    expect((await fake.slashCommand({ user: member.id, name: 'feedback' }).waitForReply()).content).toBe('still here');
    expect(behaviourErrors).toEqual([]);
    expect(fake.internalErrors).toEqual([]);
  });
});

describe('Discord fake with enforced rate limits', () => {
  it('GIVEN a burst of posts to one channel THEN @discordjs/rest paces itself by the bucket headers', async () => {
    const fake = await startFakeDiscord({ enforceLimits: true, timeScale: 0.02 });
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);
    try {
      const channelId = fake.channelId('general');
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 8 }, (_, i) => rest.post(Routes.channelMessages(channelId), { body: { content: `#${i}` } })),
      );
      expect(fake.messagesIn(channelId)).toHaveLength(8);
      // 5 per (5 s × 0.02 = 100 ms): the last three wait for the next window.
      expect(Date.now() - started).toBeGreaterThanOrEqual(90);
      const posted = fake.calls.filter((c) => c.method === 'POST');
      expect(posted[0]?.status).toBe(200);
      expect(fake.calls.every((c) => c.status === 200)).toBe(true);

      fake.failNext(() => true, { status: 429, retryAfter: 0.03, global: true });
      await rest.get(Routes.user('@me'));
      expect(fake.stats.tooManyRequests).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('GIVEN a client hammering past the bucket THEN the fake answers 429 with Discord headers', async () => {
    const fake = await startFakeDiscord({ enforceLimits: true, timeScale: 0.02 });
    try {
      const url = `${fake.apiBase}/v10/channels/${fake.channelId('general')}/messages`;
      const post = (): Promise<Response> =>
        fetch(url, { method: 'POST', headers: { Authorization: `Bot ${fake.token}`, 'Content-Type': 'application/json' }, body: '{"content":"x"}' });
      const responses = await Promise.all(Array.from({ length: 6 }, post));
      const limited = responses.find((r) => r.status === 429);
      expect(responses.filter((r) => r.status === 200)).toHaveLength(5);
      expect(limited?.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited?.headers.get('x-ratelimit-scope')).toBe('user');
      expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited?.json()).toMatchObject({ message: 'You are being rate limited.', global: false });
      expect(fake.stats.tooManyRequests).toBe(1);
    } finally {
      await fake.close();
    }
  });
});

describe('Discord fake gateway protocol', () => {
  /** A raw gateway client: decodes frames the way @discordjs/ws would for the requested compression. */
  async function rawGateway(fake: FakeDiscord, query: string): Promise<{ ws: WebSocket; next: () => Promise<GatewayFrame> }> {
    const ws = new WebSocket(`${fake.gatewayUrl}?${query}`);
    const inflate = query.includes('zlib-stream') ? createInflate() : null;
    const frames: GatewayFrame[] = [];
    const waiting: Array<(frame: GatewayFrame) => void> = [];
    const push = (frame: GatewayFrame): void => {
      const waiter = waiting.shift();
      if (waiter) waiter(frame);
      else frames.push(frame);
    };
    inflate?.on('data', (chunk: Buffer) => push(JSON.parse(chunk.toString('utf8')) as GatewayFrame));
    ws.on('message', (data: Buffer, isBinary) => {
      if (inflate) inflate.write(data);
      else if (isBinary) push(JSON.parse(inflateSync(data).toString('utf8')) as GatewayFrame);
      else push(JSON.parse(data.toString('utf8')) as GatewayFrame);
    });
    ws.on('close', () => inflate?.destroy());
    await once(ws, 'open');
    const next = (): Promise<GatewayFrame> =>
      frames.length > 0 ? Promise.resolve(frames.shift()!) : new Promise((resolve) => waiting.push(resolve));
    return { ws, next };
  }
  type GatewayFrame = { op: number; t: string | null; s: number | null; d: Record<string, unknown> };
  const identify = (token: string, compress = false): string =>
    JSON.stringify({ op: 2, d: { token, intents: 1, properties: {}, compress, shard: [0, 1] } });

  it('GIVEN zlib-stream or identify compression THEN HELLO, READY and GUILD_CREATE decode', async () => {
    const fake = await startFakeDiscord();
    try {
      const stream = await rawGateway(fake, 'v=10&encoding=json&compress=zlib-stream');
      expect((await stream.next()).op).toBe(10);
      stream.ws.send(identify(fake.token));
      const ready = await stream.next();
      expect(ready).toMatchObject({ op: 0, t: 'READY', s: 1, d: { v: 10, shard: [0, 1], application: { id: fake.applicationId } } });
      expect(await stream.next()).toMatchObject({ t: 'GUILD_CREATE', s: 2, d: { id: fake.guild.id } });
      stream.ws.send(JSON.stringify({ op: 1, d: 2 }));
      expect((await stream.next()).op).toBe(11);
      stream.ws.close(1000);

      const payload = await rawGateway(fake, 'v=10&encoding=json');
      await payload.next();
      payload.ws.send(identify(fake.token, true));
      expect((await payload.next()).t).toBe('READY');
      payload.ws.close(1000);
    } finally {
      await fake.close();
    }
  });

  it('GIVEN an interaction token past its lifetime THEN its webhook answers 50027', async () => {
    const fake = await startFakeDiscord({ tokenLifetimeMs: 100 });
    try {
      const gateway = await rawGateway(fake, 'v=10&encoding=json');
      await gateway.next();
      gateway.ws.send(identify(fake.token));
      expect((await gateway.next()).t).toBe('READY');
      expect((await gateway.next()).t).toBe('GUILD_CREATE');
      const handle = fake.slashCommand({ user: { id: '223456789012345678', username: 'kit' }, name: 'sign' });
      expect(await gateway.next()).toMatchObject({
        t: 'INTERACTION_CREATE',
        d: { id: handle.id, version: 1, authorizing_integration_owners: { '0': fake.guild.id }, entitlements: [], member: { user: { username: 'kit' } } },
      });
      const json = { 'Content-Type': 'application/json' };
      const api = `${fake.apiBase}/v10`;
      const deferred = await fetch(`${api}/interactions/${handle.id}/${handle.token}/callback`, { method: 'POST', headers: json, body: '{"type":5}' });
      expect(deferred.status).toBe(204);
      await sleep(150);
      const edit = await fetch(`${api}/webhooks/${fake.applicationId}/${handle.token}/messages/%40original`, { method: 'PATCH', headers: json, body: '{"content":"late"}' });
      expect(edit.status).toBe(401);
      expect(await edit.json()).toEqual({ message: 'Invalid Webhook Token', code: 50027 });
      gateway.ws.close(1000);
    } finally {
      await fake.close();
    }
  });

  it('GIVEN a wrong token or an unknown session THEN 4004, or op 9 on RESUME', async () => {
    const fake = await startFakeDiscord();
    try {
      const wrong = await rawGateway(fake, 'v=10&encoding=json');
      await wrong.next();
      const closed = once(wrong.ws, 'close');
      wrong.ws.send(identify('not-the-token'));
      expect((await closed)[0]).toBe(4004);

      const resume = await rawGateway(fake, 'v=10&encoding=json');
      await resume.next();
      resume.ws.send(JSON.stringify({ op: 6, d: { token: fake.token, session_id: 'nope', seq: 3 } }));
      expect(await resume.next()).toMatchObject({ op: 9, d: false });
      resume.ws.close(1000);
    } finally {
      await fake.close();
    }
  });
});

describe('Discord fake shutdown', () => {
  it('GIVEN client.destroy() and fake.close() THEN no sockets or servers are left open', async () => {
    const fake = await startFakeDiscord();
    const client = startClient(fake);
    await login(client, fake);
    await client.destroy();
    await fake.close();
    const deadline = Date.now() + 1_000;
    const open = (): string[] => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap');
    while (open().length > 0 && Date.now() < deadline) await sleep(20);
    expect(open()).toEqual([]);
  });
});
