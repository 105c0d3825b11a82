import { readSync } from "node:fs";

/**
 * Reads `length` bytes of the file at `position` into `buf` from 0, going on after short
 * reads, up to the end of the file; returns how many it read (fewer only at the end).
 */
export const readFully = (fd: number, buf: Buffer, length: number, position: number): number => {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
};
