/** Turns uploaded multipart files into the attachment objects Discord returns on the message. */
import { snowflake } from '../snowflake.js';
import type { Json } from '../world/api-types.js';
import type { UploadedFile } from './responses.js';

export function attachmentsFrom(files: readonly UploadedFile[], channelId: string): Json[] {
  return files.map((file) => {
    const id = snowflake();
    const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    return { id, filename: file.filename, size: file.size, content_type: file.contentType, url, proxy_url: url };
  });
}
