// What people type into number fields on a phone: full-width digits (３６５０), thousands
// separators (3,650 / 3，650 / 3 650), a full-width minus or point. Anything else is passed on
// as typed, so the engine itself says what is wrong with it.
export function parseNumber(raw) {
  const half = String(raw)
    .trim()
    .replace(/[\uff10-\uff19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[－−]/g, '-');
  const plain = /^-?\d{1,3}([,，\s]\d{3})+(\.\d+)?$/.test(half) ? half.replace(/[,，\s]/g, '') : half;
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : plain;
}
