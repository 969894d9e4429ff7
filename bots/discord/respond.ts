/** Answers one interaction within Discord's rules: one first response (reply, update, modal or defer), then edits and ephemeral follow-ups. */
import { MessageFlags, type Interaction } from 'discord.js';
import type { FormReply, Modal, OutMessage, Outgoing } from './render';

/** The few things an interaction can do, so the answering rules are tested without a client. */
export interface InteractionPort {
  /** Slash commands and components can answer with a modal; a modal submit cannot open another. */
  readonly canShowModal: boolean;
  /**
   * The interaction came from one of our ephemeral messages, which may be replaced in place. A message
   * everyone in a channel sees is never edited with a member's answer.
   */
  readonly canUpdate: boolean;
  reply(message: OutMessage): Promise<void>;
  update(message: OutMessage): Promise<void>;
  deferReply(): Promise<void>;
  deferUpdate(): Promise<void>;
  editReply(message: OutMessage): Promise<void>;
  followUp(message: OutMessage): Promise<void>;
  showModal(modal: Modal): Promise<void>;
}

type Repliable = Extract<Interaction, { reply: unknown }>;

function body(message: OutMessage) {
  return { content: message.content, components: message.components };
}

export function portOf(interaction: Repliable): InteractionPort {
  const ephemeral = MessageFlags.Ephemeral;
  const fromEphemeral =
    (interaction.isMessageComponent() || (interaction.isModalSubmit() && interaction.isFromMessage())) &&
    interaction.message?.flags.has(ephemeral) === true;
  return {
    canShowModal: !interaction.isModalSubmit(),
    canUpdate: fromEphemeral,
    async reply(m) {
      await interaction.reply({ ...body(m), flags: ephemeral });
    },
    async update(m) {
      if (!interaction.isMessageComponent() && !(interaction.isModalSubmit() && interaction.isFromMessage())) throw new Error('update() needs a component or a modal opened from a message');
      await interaction.update(body(m));
    },
    async deferReply() {
      await interaction.deferReply({ flags: ephemeral });
    },
    async deferUpdate() {
      if (!interaction.isMessageComponent() && !interaction.isModalSubmit()) throw new Error('deferUpdate() needs a component or a modal');
      await interaction.deferUpdate();
    },
    async editReply(m) {
      await interaction.editReply(body(m));
    },
    async followUp(m) {
      await interaction.followUp({ ...body(m), flags: ephemeral });
    },
    async showModal(modal) {
      if (interaction.isModalSubmit()) throw new Error('A modal submit cannot open another modal');
      await interaction.showModal(modal);
    },
  };
}

type Stage = 'fresh' | 'deferredReply' | 'deferredUpdate' | 'answered' | 'modal';

export class Responder {
  private stage: Stage = 'fresh';
  /** After deferReply, the first message fills the "thinking…" placeholder. */
  private placeholderFilled = false;

  constructor(private readonly port: InteractionPort) {}

  get acknowledged(): boolean {
    return this.stage !== 'fresh';
  }

  /** Buys time (Discord allows 3 s for the first response, 15 min after a defer). */
  async defer(): Promise<void> {
    if (this.stage !== 'fresh') return;
    if (this.port.canUpdate) {
      await this.port.deferUpdate();
      this.stage = 'deferredUpdate';
    } else {
      await this.port.deferReply();
      this.stage = 'deferredReply';
    }
  }

  async showModal(modal: Modal): Promise<boolean> {
    if (this.stage !== 'fresh' || !this.port.canShowModal) return false;
    await this.port.showModal(modal);
    this.stage = 'modal';
    return true;
  }

  /**
   * Sends a result. A lone form opens as a modal when the interaction still can; otherwise it becomes
   * a message with a button that opens it (remember() keeps the form for that button).
   */
  async send(items: Outgoing[], remember: (form: FormReply) => void, empty: OutMessage): Promise<void> {
    const only = items.length === 1 ? items[0] : undefined;
    if (only?.kind === 'form' && (await this.showModal(only.modal))) return;
    const messages = items.flatMap((item) => {
      if (item.kind === 'message') return [item.message];
      remember(item.form);
      return item.fallback;
    });
    if (messages.length === 0) return this.acknowledgeQuietly(empty);
    for (const message of messages) await this.message(message);
  }

  private async message(m: OutMessage): Promise<void> {
    switch (this.stage) {
      case 'fresh':
        if (m.edit && this.port.canUpdate) await this.port.update(m);
        else await this.port.reply(m);
        this.stage = 'answered';
        return;
      case 'deferredUpdate':
        // The deferred message is the one whose button was pressed: an edit replaces it, the rest follow.
        if (m.edit && !this.placeholderFilled) {
          this.placeholderFilled = true;
          return this.port.editReply(m);
        }
        return this.port.followUp(m);
      case 'deferredReply':
        if (!this.placeholderFilled) {
          this.placeholderFilled = true;
          return this.port.editReply(m);
        }
        return this.port.followUp(m);
      case 'answered':
      case 'modal':
        return this.port.followUp(m);
    }
  }

  /** The engine had nothing to say: a component just stops spinning; anything else gets a short "done". */
  private async acknowledgeQuietly(empty: OutMessage): Promise<void> {
    if (this.stage === 'fresh') {
      if (this.port.canUpdate) {
        await this.port.deferUpdate();
        this.stage = 'deferredUpdate';
      } else {
        await this.port.reply(empty);
        this.stage = 'answered';
      }
    } else if (this.stage === 'deferredReply' && !this.placeholderFilled) {
      this.placeholderFilled = true;
      await this.port.editReply(empty);
    }
  }
}
