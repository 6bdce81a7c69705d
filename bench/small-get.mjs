// Pass-through latency: sequential GETs of one small document, each on its own keep-alive
// connection per target, straight to the backend and through the proxy (and, when given, through
// bare YARP with the proxy's route and cluster: the floor), interleaved request by request and in
// rotating order, so that the load of a shared machine falls on all alike.
//
//   node small-get.mjs <directUrl> <proxiedUrl> <count> [floorUrl]
//
// Env: BENCH_AUTH (Authorization header value). Prints one JSON line with the median and 90th
// percentile in milliseconds for each target, after 300 unmeasured requests to each (the JIT tiers hot methods up after 30 calls, in the background).
import http from 'node:http';

const [direct, proxied, countArg, floor] = process.argv.slice(2);
const count = Number(countArg);
if (!direct || !proxied || !(count > 0)) {
  console.error('usage: node small-get.mjs <directUrl> <proxiedUrl> <count> [floorUrl]');
  process.exit(2);
}
const headers = process.env.BENCH_AUTH ? { Authorization: process.env.BENCH_AUTH } : {};
const targets = [direct, proxied, floor].filter(Boolean)
  .map((url) => ({ url, agent: new http.Agent({ keepAlive: true, maxSockets: 1 }), ms: [] }));

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
  // Rotate which goes first, so none always follows the same other's work.
  for (let k = 0; k < targets.length; k++) {
    const t = targets[(i + k) % targets.length];
    t.ms.push(await get(t));
  }
}
const pick = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
for (const t of targets) t.agent.destroy();
const [d, p, f] = targets;
console.log(JSON.stringify({
  count, directMedianMs: pick(d.ms, 0.5), directP90Ms: pick(d.ms, 0.9), proxiedMedianMs: pick(p.ms, 0.5), proxiedP90Ms: pick(p.ms, 0.9),
  ...(f && { floorMedianMs: pick(f.ms, 0.5), floorP90Ms: pick(f.ms, 0.9) }),
}));
