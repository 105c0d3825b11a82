const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * CRC-32 (the zlib one) of `buf[start..end)`, continuing from `previous`. For the few dozen
 * bytes of a record header this is cheaper than a call into zlib, which needs a view object
 * per range; payloads go to zlib.
 */
export const crc32Range = (buf: Uint8Array, start: number, end: number, previous = 0): number => {
  let c = ~previous;
  for (let i = start; i < end; i++) c = (TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return ~c >>> 0;
};
