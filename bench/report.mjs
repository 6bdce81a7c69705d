// Turns the benchmark's result lines (one JSON object per run, written by run.sh) into the table.
//   node report.mjs <results.jsonl> <chunkMiB>
// Speeds are MB/s (10^6 bytes per second); memory is MiB. Ratios are against the baseline's
// median from the same invocation, which is what makes figures from a noisy machine comparable.
import fs from 'node:fs';

const [file, chunkArg] = process.argv.slice(2);
const runs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const chunkMiB = Number(chunkArg);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mbps = (bytes, seconds) => bytes / seconds / 1e6;
const mib = (kib) => kib / 1024;
const f0 = (x) => x.toFixed(0);
const f2 = (x) => x.toFixed(2);

const modes = [
  ['baseline', 'plain PUT, client -> sink'],
  ['disk', 'dd + fsync into the staging dir'],
  ['tus-one', 'proxy, POST + 1 PATCH + commit'],
  ['tus-chunked', `proxy, POST + ${chunkMiB} MiB PATCHes + commit`],
];
const of = (mode) => runs.filter((r) => r.mode === mode);
const base = median(of('baseline').map((r) => mbps(r.bytes, r.seconds)));

const rows = [['mode', 'what', 'MB/s median (min-max)', 'x baseline', 'commit MB/s', 'idle RSS', 'peak RSS']];
for (const [mode, what] of modes) {
  const rs = of(mode);
  if (rs.length === 0) continue;
  const speeds = rs.map((r) => mbps(r.bytes, r.seconds));
  const proxied = rs[0].peakRssKiB != null;
  const commits = rs.filter((r) => r.commitMs > 0).map((r) => mbps(r.bytes, r.commitMs / 1000));
  rows.push([
    mode, what,
    `${f0(median(speeds))} (${f0(Math.min(...speeds))}-${f0(Math.max(...speeds))})`,
    f2(median(speeds) / base),
    commits.length ? f0(median(commits)) : '-',
    proxied ? `${f0(median(rs.map((r) => mib(r.idleRssKiB))))} MiB` : '-',
    proxied ? `${f0(Math.max(...rs.map((r) => mib(r.peakRssKiB))))} MiB` : '-',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((c, j) => (j >= 2 ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}

// Where the proxied time goes. Each proxied run is the client's upload into staging (ending with
// one fsync per PATCH) followed by the commit (the staged file streamed to the sink); the proxy
// logs the commit's duration, the rest is intake.
const seconds = (mode) => median(of(mode).map((r) => r.seconds));
const intake = (mode) => median(of(mode).filter((r) => r.commitMs > 0).map((r) => mbps(r.bytes, r.seconds - r.commitMs / 1000)));
console.log('');
if (of('tus-one').length && of('tus-chunked').length) {
  const one = of('tus-one');
  const chunked = of('tus-chunked');
  const extra = median(chunked.map((r) => r.requests)) - median(one.map((r) => r.requests));
  console.log(`intake into staging (upload + fsync, commit excluded), x baseline: one PATCH ${f2(intake('tus-one') / base)}, ` +
    `${chunkMiB} MiB PATCHes ${f2(intake('tus-chunked') / base)}` +
    (of('disk').length ? `; disk alone (dd + fsync) ${f2(median(of('disk').map((r) => mbps(r.bytes, r.seconds))) / base)}` : ''));
  console.log(`commit (proxy -> sink), x baseline: ${f2(median([...one, ...chunked].filter((r) => r.commitMs > 0).map((r) => mbps(r.bytes, r.commitMs / 1000))) / base)}`);
  const perRequest = ((seconds('tus-chunked') - seconds('tus-one')) * 1000) / Math.max(extra, 1);
  console.log(`${chunkMiB} MiB PATCHes vs one PATCH: x${f2(seconds('tus-one') / seconds('tus-chunked'))} speed; ` +
    `${extra} more requests (each with its own fsync) ` +
    (perRequest > 0 ? `cost ${f0(perRequest)} ms each` : 'cost less than the noise of this run'));
}

// Streaming means the proxy's memory does not follow the file: compare this line between sizes
// (BENCH_SIZE_MB=256 and 1024), it should stay put.
const growth = (mode) => Math.max(...of(mode).map((r) => mib(r.peakRssKiB - r.idleRssKiB)));
const proxiedModes = ['tus-one', 'tus-chunked'].filter((m) => of(m).length);
if (proxiedModes.length) {
  const bytes = runs[0].bytes;
  console.log(`proxy peak RSS above its idle RSS, worst run, for a ${f0(bytes / 1048576)} MiB file: ` +
    proxiedModes.map((m) => `${m} ${f0(growth(m))} MiB`).join(', '));
}
