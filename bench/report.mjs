// Turns the benchmark's result lines (one JSON object per run, written by run.sh) into the tables.
//   node report.mjs <results.jsonl> <chunkMiB>
// Speeds are MB/s (10^6 bytes per second); memory is MB (10^6 bytes) as the targets state it.
// Every ratio divides two medians from the same invocation, which is what makes figures from a
// noisy machine comparable.
import fs from 'node:fs';

const [file, chunkArg] = process.argv.slice(2);
const runs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const chunkMiB = Number(chunkArg);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mbps = (r) => r.bytes / r.seconds / 1e6;
const mb = (kib) => (kib * 1024) / 1e6;
const f0 = (x) => x.toFixed(0);
const f2 = (x) => x.toFixed(2);
const of = (mode) => runs.filter((r) => r.mode === mode && r.rep !== 'large');
const speed = (mode) => (of(mode).length ? median(of(mode).map(mbps)) : NaN);

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => (j >= 2 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}

const sinkModes = [
  ['baseline', 'plain PUT, client -> sink', null],
  ['relay', 'plain PUT through the proxy (passed through)', null],
  ['relay-yarp', 'plain PUT through bare YARP', null],
  ['disk', 'dd + fsync into the staging dir', null],
  ['peer-one', '@tus/server, POST + 1 PATCH (ingest)', null],
  ['peer-chunked', `@tus/server, POST + ${chunkMiB} MiB PATCHes (ingest)`, null],
  ['ingest-one', 'proxy, POST + 1 PATCH, no commit', 'peer-one'],
  ['ingest-chunked', `proxy, POST + ${chunkMiB} MiB PATCHes, no commit`, 'peer-chunked'],
  ['tus-one', 'proxy, POST + 1 PATCH + commit', null],
  ['tus-chunked', `proxy, POST + ${chunkMiB} MiB PATCHes + commit`, null],
];
const base = speed('baseline');
// CPU s: the machine's busy time, all cores, while the measured transfer ran (median).
const cpu = (mode) => {
  const xs = of(mode).map((r) => r.cpuSeconds).filter((x) => x != null);
  return xs.length ? median(xs) : NaN;
};
// Page cache: how far the machine's page cache grew while the transfer ran (bench/page-cache.mjs),
// the median: the bytes the server under test left in memory besides its own RSS.
const cacheGrowth = (rs) => {
  const xs = rs.map((r) => r.pageCacheKiB).filter((x) => x != null);
  return xs.length ? `${f0(mb(median(xs)))} MB` : '-';
};
const rows = [['mode', 'what', 'MB/s median (min-max)', 'x baseline', 'x @tus/server', 'commit MB/s', 'CPU s', 'idle RSS', 'peak RSS', 'page cache +']];
for (const [mode, what, peer] of sinkModes) {
  const rs = of(mode);
  if (rs.length === 0) continue;
  const speeds = rs.map(mbps);
  const served = rs[0].peakRssKiB != null;
  const commits = rs.filter((r) => r.commitMs > 0).map((r) => r.bytes / (r.commitMs / 1000) / 1e6);
  rows.push([
    mode, what,
    `${f0(median(speeds))} (${f0(Math.min(...speeds))}-${f0(Math.max(...speeds))})`,
    Number.isNaN(base) ? '-' : f2(median(speeds) / base),
    peer && of(peer).length ? f2(median(speeds) / speed(peer)) : '-',
    commits.length ? f0(median(commits)) : '-',
    Number.isNaN(cpu(mode)) ? '-' : f2(cpu(mode)),
    served ? `${f0(median(rs.map((r) => mb(r.idleRssKiB))))} MB` : '-',
    served ? `${f0(Math.max(...rs.map((r) => mb(r.peakRssKiB))))} MB` : '-',
    cacheGrowth(rs),
  ]);
}
if (rows.length > 1) table(rows);

// The targets, each a ratio of medians from this run.
console.log('');
const line = (label, value, target, ok) => console.log(`${label}: ${value}  (target ${target}${Number.isNaN(ok) ? '' : ok ? ', met' : ', NOT met'})`);
const ratio = (a, b, min) => {
  const r = speed(a) / speed(b);
  if (Number.isNaN(r)) return;
  return [f2(r), r >= min];
};
for (const [label, a, b, min] of [
  ['ingest, one PATCH, x @tus/server', 'ingest-one', 'peer-one', 1.25],
  [`ingest, ${chunkMiB} MiB PATCHes, x @tus/server`, 'ingest-chunked', 'peer-chunked', 1.3],
  ['end to end, one PATCH, x plain PUT', 'tus-one', 'baseline', 0.8],
  [`end to end, ${chunkMiB} MiB PATCHes, x plain PUT`, 'tus-chunked', 'baseline', 0.6],
]) {
  const r = ratio(a, b, min);
  if (r) line(label, r[0], `>= ${min}`, r[1]);
}
// What any proxy in the path costs before it stages a byte, and where the machine's CPU went: on
// two cores the client, the sink and everything between them share the same CPU time.
const relayRatios = [['relay', 'the proxy'], ['relay-yarp', 'bare YARP']]
  .filter(([mode]) => of(mode).length && !Number.isNaN(base))
  .map(([mode, who]) => `${who} ${f2(speed(mode) / base)}`);
if (relayRatios.length) console.log(`a plain PUT through a proxy that stages nothing, x plain PUT: ${relayRatios.join(', ')}`);
const cpus = ['baseline', 'relay', 'relay-yarp', 'disk', 'tus-one', 'tus-chunked']
  .filter((mode) => !Number.isNaN(cpu(mode)))
  .map((mode) => `${mode} ${f2(cpu(mode))}`);
if (cpus.length) console.log(`machine CPU s per transfer (both cores, median): ${cpus.join(', ')}`);
const proxied = runs.filter((r) => /^(ingest|tus)-/.test(r.mode) && r.peakRssKiB != null);
const bySize = new Map();
for (const r of proxied) bySize.set(r.bytes, Math.max(bySize.get(r.bytes) ?? 0, r.peakRssKiB));
for (const [bytes, kib] of [...bySize].sort((a, b) => a[0] - b[0])) {
  line(`proxy peak RSS, worst run, ${f0(bytes / 1048576)} MiB upload`, `${f0(mb(kib))} MB`, '<= 70 MB', mb(kib) <= 70);
}
const largest = proxied.filter((r) => r.rep === 'large' && r.pageCacheKiB != null);
if (largest.length) console.log(`page cache growth during the ${f0(largest[0].bytes / 1048576)} MiB upload: ${f0(mb(largest[0].pageCacheKiB))} MB`);
const peerPeak = runs.filter((r) => r.mode.startsWith('peer-')).map((r) => r.peakRssKiB);
if (peerPeak.length) console.log(`@tus/server peak RSS, worst run: ${f0(mb(Math.max(...peerPeak)))} MB`);

// Against armadietto: the same document straight and through the proxy.
if (of('rs-put').length) {
  console.log('');
  const rsRows = [['mode', 'what', 'MB/s median (min-max)', 'x straight']];
  for (const [mode, what, straight] of [
    ['rs-put', 'PUT straight to armadietto', 'rs-put'],
    ['rs-tus', 'proxy, POST + 1 PATCH + commit to armadietto', 'rs-put'],
    ['rs-get', 'GET straight from armadietto', 'rs-get'],
    ['rs-get-proxied', 'GET through the proxy', 'rs-get'],
  ]) {
    const speeds = of(mode).map(mbps);
    rsRows.push([mode, what, `${f0(median(speeds))} (${f0(Math.min(...speeds))}-${f0(Math.max(...speeds))})`, f2(median(speeds) / speed(straight))]);
  }
  console.log(`armadietto, ${f0(of('rs-put')[0].bytes / 1048576)} MiB document:`);
  table(rsRows);
}
const gets = runs.find((r) => r.mode === 'small-get');
if (gets) {
  const x = gets.proxiedMedianMs / gets.directMedianMs;
  const plus = gets.proxiedMedianMs - gets.directMedianMs;
  console.log('');
  console.log(`small GET, median of ${gets.count} sequential on keep-alive: straight ${gets.directMedianMs.toFixed(3)} ms, ` +
    `through the proxy ${gets.proxiedMedianMs.toFixed(3)} ms (p90 ${gets.directP90Ms.toFixed(3)} / ${gets.proxiedP90Ms.toFixed(3)})`);
  line('pass-through small GET', `x${f2(x)}, +${plus.toFixed(3)} ms`, '<= 1.2x or <= +0.3 ms', x <= 1.2 || plus <= 0.3);
  if (gets.floorMedianMs !== undefined) {
    // The floor: YARP alone with the same route and cluster, in the same interleaved run.
    console.log(`bare YARP (same route and cluster, nothing else) ${gets.floorMedianMs.toFixed(3)} ms (p90 ${gets.floorP90Ms.toFixed(3)}): ` +
      `YARP itself +${(gets.floorMedianMs - gets.directMedianMs).toFixed(3)} ms, the proxy on top of it +${(gets.proxiedMedianMs - gets.floorMedianMs).toFixed(3)} ms`);
  }
}
