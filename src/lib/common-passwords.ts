/*
 * Passwords that appear at the top of every leaked-password list, plus the Indonesian ones
 * most often seen in local breaches. A password equal to one of these (ignoring case), or to
 * one of them followed by digits, is refused.
 */
const COMMON = new Set(
  `123456 12345678 123456789 1234567890 password qwerty 111111 abc123 password1 iloveyou
  admin welcome monkey dragon letmein football baseball sunshine princess qwertyuiop
  passw0rd master login starwars superman trustno1 whatever hello123 freedom 000000
  indonesia bismillah sayang sayangku cinta cintaku rahasia merdeka jakarta bandung surabaya
  garuda pancasila semangat kerja kantor pegawai pemda pemkab pemkot pemprov asn pns
  bkd bkpsdm sekda dinas ikrar apel netralitas admin123 administrator operator
  kepegawaian password123 indonesia1945 merahputih alhamdulillah allahuakbar`
    .split(/\s+/)
    .filter(Boolean),
);

export function isCommonPassword(password: string): boolean {
  const p = password.trim().toLowerCase();
  if (COMMON.has(p)) return true;
  const stem = p.replace(/[\d!.@#]+$/, '');
  if (stem !== p && COMMON.has(stem)) return true;
  return /^(.)\1+$/.test(p) || /^(0123456789|1234567890|9876543210)+$/.test(p);
}
