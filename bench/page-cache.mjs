// How much the machine's page cache grew while a measured transfer ran: "Cached" in /proc/meminfo,
// sampled every 20 ms from start-up (the baseline) until SIGTERM, when it prints the largest growth
// in KiB. Machine-wide: during a run the only process writing files is the server under test (the
// client reads a file that is already cached, the sink keeps nothing), so the growth is the bytes
// that server left in memory. Linux only; prints nothing elsewhere.
//
//   node page-cache.mjs >out &   ...   kill -TERM $!
import fs from 'node:fs';

const cachedKiB = () => {
  try {
    const m = /^Cached:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
};
const base = cachedKiB();
let peak = base;
const sample = () => { const now = cachedKiB(); if (now != null && now > peak) peak = now; };
const timer = setInterval(sample, 20);
process.on('SIGTERM', () => {
  clearInterval(timer);
  sample();
  if (base != null) console.log(peak - base);
  process.exit(0);
});
