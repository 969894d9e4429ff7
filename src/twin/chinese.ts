/** Folds Traditional (standard, Hong Kong or Taiwan forms) and Simplified Chinese to one script. */
import { Converter } from 'opencc-js/t2cn';

// Everything is folded to Simplified because that direction is many-to-one: 衞/衛 and 臺/台 collapse,
// whereas converting Simplified to Traditional must guess (it turns 諾定咸 into 諾定鹹).
// The `hk` source dictionary also knows Hong Kong variant characters; Taiwan ones pass through too.
let toSimplified: ((text: string) => string) | undefined;

const HAN = /\p{Script=Han}/u;

export function containsHan(text: string): boolean {
  return HAN.test(text);
}

/** Simplified form of any Chinese text; non-Chinese text is returned unchanged. */
export function foldChinese(text: string): string {
  if (!containsHan(text)) return text;
  // Built on first use: the dictionaries take a few milliseconds to load.
  toSimplified ??= Converter({ from: 'hk', to: 'cn' });
  return toSimplified(text);
}
