/** getMe: the bot's own user, with the capability flags only getMe reports. */
import type { MethodTable } from './context';

export const identityMethods: MethodTable = {
  getMe: ({ bot }) => ({
    ...bot.user,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  }),
};
