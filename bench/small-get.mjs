// Pass-through latency: sequential GETs of one small document, each on its own keep-alive
// connection per target, straight to the backend and through the proxy, interleaved request by
// request so that the load of a shared machine falls on both alike.
//
//   node small-get.mjs <directUrl> <proxiedUrl> <count>
//
// Env: BENCH_AUTH (Authorization header value). Prints one JSON line with the median and 90th
// percentile in milliseconds for each target, after 300 unmeasured requests to each (the JIT tiers hot methods up after 30 calls, in the background).
import http from 'node:http';

const [direct, proxied, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!direct || !proxied || !(count > 0)) {
  console.error('usage: node small-get.mjs <directUrl> <proxiedUrl> <count>');
  process.exit(2);
}
const headers = process.env.BENCH_AUTH ? { Authorization: process.env.BENCH_AUTH } : {};
const targets = [direct, proxied].map((url) => ({ url, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), ms: [] }));

function get(target) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(target.url, { agent: target.agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${target.url}: ${res.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('GET idle for 30 s')));
    req.on('error', reject);
  });
}

for (let i = 0; i < 300; i++) for (const t of targets) await get(t);
for (let i = 0; i < count; i++) {
  // Alternate which goes first, so neither always follows the other's work.
  for (const t of i % 2 ? [...targets].reverse() : targets) t.ms.push(await get(t));
}
const pick = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
for (const t of targets) t.agent.destroy();
const [d, p] = targets;
console.log(JSON.stringify({
  count, directMedianMs: pick(d.ms, 0.5), directP90Ms: pick(d.ms, 0.9), proxiedMedianMs: pick(p.ms, 0.5), proxiedP90Ms: pick(p.ms, 0.9),
}));
