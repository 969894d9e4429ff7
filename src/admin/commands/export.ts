/** Admin: export a petition's signatures, decrypted, as CSV for delivery to the recipient. */
import fs from 'node:fs';
import { AdminError, takeOption, type AdminCommand } from '../context';
import { FieldCipher } from '../../privacy/cipher';
import { resolveSecrets, MissingSecretsError } from '../../privacy/secrets';

/** Quotes a CSV field, and defuses spreadsheet formulas (a cell starting with = + - @ runs in Excel). */
export function csvField(value: string): string {
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export const exportCommand: AdminCommand = {
  usage: 'export <slug> [--out file.csv]',
  summary: 'decrypted CSV of a petition\'s signatures (needs the encryption key; audited)',
  async run(ctx, rawArgs) {
    const { value: outFile, rest } = takeOption(rawArgs, 'out');
    const slug = rest[0];
    if (!slug) throw new AdminError('which petition? give its slug (see `petitions list`)', 2);
    let secrets;
    try {
      secrets = resolveSecrets(ctx.config, 'existing');
    } catch (error) {
      if (error instanceof MissingSecretsError) throw new AdminError(`Refusing to export: ${error.message}`);
      throw error;
    }
    const petition = await ctx.db.prisma.petition.findUnique({ where: { slug } });
    if (!petition) throw new AdminError(`no petition with slug "${slug}"`);
    const cipher = new FieldCipher(secrets.encryptionKey);
    const rows = await ctx.db.prisma.signature.findMany({ where: { petitionId: petition.id }, orderBy: { createdAt: 'asc' } });
    const lines = ['name,email,postcode,signed_at_utc,platform,language'];
    for (const r of rows) {
      const fields = [
        cipher.decrypt(r.nameEnc),
        r.emailEnc ? cipher.decrypt(r.emailEnc) : '',
        r.postcodeEnc ? cipher.decrypt(r.postcodeEnc) : '',
        r.createdAt.toISOString(),
        r.platform,
        r.lang,
      ];
      lines.push(fields.map(csvField).join(','));
    }
    const csv = `${lines.join('\r\n')}\r\n`;
    await ctx.audit('signatures.export', slug, { rows: rows.length, to: outFile ? 'file' : 'stdout' });
    if (outFile) {
      // Personal data: readable by the owner only.
      fs.writeFileSync(outFile, csv, { mode: 0o600 });
      ctx.err(`wrote ${rows.length} signatures to ${outFile}`);
    } else {
      ctx.out(csv.trimEnd());
    }
  },
};
