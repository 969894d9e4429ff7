/** Walks a member to the review step of the Bristol petition, for tests about what happens next. */
import type { Member } from '../helpers/member';

export async function toReview(m: Member, name = 'Chan Tai Man'): Promise<void> {
  await m.deliver({ kind: 'start', payload: 'sign-bristol-guangzhou' });
  await m.press(/Sign this petition/);
  await m.press(/Yes/);
  await m.send(name);
  await m.press(/Skip/);
  await m.send('BS1 5TR');
}
