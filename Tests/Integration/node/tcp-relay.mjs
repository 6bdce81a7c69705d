// A loopback TCP relay in front of a server, for the add-on tests: it slows the client's upload
// (so a kill -9 of the proxy lands in the middle of a body), and it can vanish after a number of
// bytes, which the client sees exactly as a proxy that is gone (reset connections, then refused
// ones). It relays bytes without looking at them, so Host, WebFinger and CORS are end to end.
import net from 'node:net';

/**
 * @param {{ host: string, port: number }} upstream
 * @param {{ bytesPerSecond?: number, goneAfterBytes?: number }} options
 */
export async function startRelay(upstream, { bytesPerSecond = 0, goneAfterBytes = 0 } = {}) {
  const sockets = new Set();
  const stats = { bytesUp: 0, connections: 0, gone: false };
  const server = net.createServer((client) => {
    stats.connections++;
    const server = net.connect(upstream.port, upstream.host);
    sockets.add(client);
    sockets.add(server);
    const close = () => { client.destroy(); server.destroy(); sockets.delete(client); sockets.delete(server); };
    client.on('error', close);
    server.on('error', close);
    client.on('close', close);
    server.on('close', close);
    server.pipe(client);
    client.on('data', (chunk) => {
      stats.bytesUp += chunk.length;
      if (!server.write(chunk)) {
        client.pause();
        server.once('drain', () => client.resume());
      }
      if (goneAfterBytes > 0 && stats.bytesUp >= goneAfterBytes && !stats.gone) {
        stats.gone = true;
        relay.close();
        return;
      }
      if (bytesPerSecond > 0) {
        client.pause();
        setTimeout(() => { if (!client.destroyed) client.resume(); }, (1000 * chunk.length) / bytesPerSecond);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay = {
    port: server.address().port,
    stats,
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
  };
  return relay;
}
