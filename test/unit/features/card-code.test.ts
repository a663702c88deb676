import { activationKey } from '../../../src/features/activation/activation-code';
import { cardKey, readCard, signCard, verifyCard } from '../../../src/features/cards/card-code';

const key = cardKey('s'.repeat(32));
const versions = new Map([
  [42, 3],
  [7, 1],
]);
const current = (id: number) => versions.get(id);

describe('employee card codes', () => {
  const good = signCard(key, 42, 3);

  it('reads back the employee of a card of the current version', () => {
    expect(good).toMatch(/^IKR1\.42\.3\.[A-Za-z0-9_-]{22}$/);
    expect(verifyCard(key, good, current)).toBe(42);
    expect(verifyCard(key, ` ${good}\n`, current)).toBe(42);
    expect(readCard(key, good)).toEqual({ employeeId: 42, version: 3 });
  });

  it('refuses a card of another version: an older card after a re-issue, or one never issued', () => {
    expect(verifyCard(key, signCard(key, 42, 2), current)).toBeNull();
    expect(verifyCard(key, signCard(key, 42, 4), current)).toBeNull();
    expect(verifyCard(key, signCard(key, 99, 1), current)).toBeNull();
  });

  it('refuses an altered card: another employee or version with the same MAC, a changed MAC', () => {
    const mac = good.split('.')[3];
    expect(verifyCard(key, `IKR1.7.1.${mac}`, current)).toBeNull();
    expect(verifyCard(key, `IKR1.42.1.${mac}`, current)).toBeNull();
    const flipped = mac.slice(0, 5) + (mac[5] === 'A' ? 'B' : 'A') + mac.slice(6);
    expect(verifyCard(key, `IKR1.42.3.${flipped}`, current)).toBeNull();
    // The spare bits of the last character: a second spelling of the same MAC is not accepted.
    const last = mac[21];
    const twin = String.fromCharCode(last.charCodeAt(0) + 1);
    expect(verifyCard(key, `IKR1.42.3.${mac.slice(0, 21)}${twin}`, current)).toBeNull();
  });

  it('refuses a forged card: signed with another key, or made of guessed parts', () => {
    expect(verifyCard(key, signCard(cardKey('t'.repeat(32)), 42, 3), current)).toBeNull();
    // The activation codes' key is a different key from the same secret.
    expect(verifyCard(key, signCard(activationKey('s'.repeat(32)), 42, 3), current)).toBeNull();
    expect(verifyCard(key, `IKR1.42.3.${'A'.repeat(22)}`, current)).toBeNull();
    expect(verifyCard(key, '198703152014011555', current)).toBeNull();
  });

  it('refuses a cut or malformed text', () => {
    expect(verifyCard(key, good.slice(0, -1), current)).toBeNull();
    expect(verifyCard(key, good.slice(0, 10), current)).toBeNull();
    expect(verifyCard(key, `${good}A`, current)).toBeNull();
    expect(verifyCard(key, good.replace('IKR1', 'IKR2'), current)).toBeNull();
    expect(verifyCard(key, good.replace('.42.', '.042.'), current)).toBeNull();
    expect(verifyCard(key, '', current)).toBeNull();
  });

  it('signs only positive integer ids and versions', () => {
    expect(() => signCard(key, 0, 1)).toThrow(TypeError);
    expect(() => signCard(key, 1, 1.5)).toThrow(TypeError);
  });
});
