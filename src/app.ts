/** Builds the running application from config: secrets, migrated database, translator, services, features, engine. */
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { migrate } from './db/migrate';
import { createLogger, type Logger } from './log';
import { resolveSecrets, type Secrets } from './privacy/secrets';
import { Identity } from './privacy/identity';
import { FieldCipher } from './privacy/cipher';
import { Translator } from './i18n/translator';
import { PetitionService } from './petitions/service';
import { loadPetitionFiles } from './petitions/loader';
import { SignatureService } from './signatures/service';
import { PreferenceService } from './signatures/preferences';
import { Engine } from './engine/engine';
import { StateStore } from './engine/state';
import type { Services } from './engine/context';
import type { Feature } from './engine/feature';
import { generalFeature } from './features/general';
import { signingFeature } from './features/signing';
import { privacyFeature } from './features/privacy';
import { setUpTwins, twinFeature, type TwinSetupOptions } from './twin';
import { startSweeper } from './maintenance/sweeper';
import { subscriptionsFeature } from './features/subscriptions';
import { broadcastFeature } from './features/broadcast';
import { campaignAdmins, configuredPlatforms, createBroadcasts, type Broadcasts } from './broadcast';
import fs from 'node:fs';
import type { Lang } from './i18n/translator';
import { viewPetition } from './petitions/service';

export interface App {
  config: Config;
  db: Database;
  engine: Engine;
  services: Services;
  secrets: Secrets;
  log: Logger;
  /** Campaign updates: the adapters start the worker here and report chats the bot lost. */
  broadcasts: Broadcasts;
  /** Open petitions as choices (Discord autocomplete, menus): slug and title in a language. */
  petitionChoices(lang: Lang): Promise<{ slug: string; title: string }[]>;
  close(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  /** Extra features (twin status, broadcasts) built from the core services. */
  features?: (services: Services, app: Omit<App, 'engine' | 'close' | 'petitionChoices'>) => Feature[];
  /** Skip importing data/petitions on start (tests that bring their own). */
  seedPetitions?: boolean;
  /** Twin status data: files imported into an empty table, and how often to look for changes. */
  twins?: TwinSetupOptions;
  sweeper?: boolean;
  clock?: () => Date;
}

export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const log = options.log ?? createLogger(config.logLevel);
  const secrets = resolveSecrets(config, 'create');
  if (secrets.source === 'generated') {
    log.warn(
      { file: secrets.file },
      'Generated new encryption and identity keys. BACK UP THIS FILE: without it, stored signatures cannot be exported and returning members are not recognised.',
    );
  }
  const applied = await migrate(config.databaseUrl);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  const db = await openDatabase(config.databaseUrl);
  const cipher = new FieldCipher(secrets.encryptionKey);
  const services: Services = {
    translator: await Translator.create(),
    petitions: new PetitionService(),
    signatures: new SignatureService(cipher),
    preferences: new PreferenceService(),
    cipher,
    log,
  };
  if (options.seedPetitions !== false && fs.existsSync(config.petitionsDir)) {
    const result = await services.petitions.importFiles(db.prisma, loadPetitionFiles(config.petitionsDir), 'missing-only');
    if (result.created.length > 0) log.info({ created: result.created }, 'petitions imported');
  }
  const twins = await setUpTwins(db, log, options.twins);
  const broadcasts = createBroadcasts({ db, cipher, translator: services.translator, log });
  const base = { config, db, services, secrets, log, broadcasts };
  const extra = options.features?.(services, base) ?? [];
  let engineRef: Engine | undefined;
  const features: Feature[] = [
    generalFeature(() => engineRef?.commandSpecs() ?? []),
    signingFeature(),
    privacyFeature(() => features),
    subscriptionsFeature(),
    broadcastFeature({ admins: campaignAdmins(config), platforms: configuredPlatforms(config) }),
    twinFeature(twins),
    ...extra,
  ];
  const engine = new Engine({
    db: db.prisma,
    transact: (fn) => db.write(fn),
    identity: new Identity(secrets.identitySecret),
    states: new StateStore(cipher, config.conversationIdleMinutes * 60_000),
    services,
    features,
    defaultLanguage: config.consoleLanguage,
    clock: options.clock,
  });
  engineRef = engine;
  const stopSweeper = options.sweeper === false ? () => undefined : startSweeper(db, log);
  return {
    ...base,
    engine,
    async petitionChoices(lang) {
      const rows = await services.petitions.open(db.prisma, new Date());
      return rows.map((r) => viewPetition(r, lang)).map((p) => ({ slug: p.slug, title: p.title }));
    },
    async close() {
      stopSweeper();
      await broadcasts.close();
      await engine.drain();
      await db.close();
    },
  };
}
