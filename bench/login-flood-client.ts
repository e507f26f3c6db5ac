/**
 * Load generator for bench/login-flood-bench.ts, run as its own process so the server's figures are its own:
 * `clients` concurrent loops, each from one of `addresses` loopback source addresses (127.0.0.2, 127.0.0.3 …),
 * each POSTing a log-in with a random username and password and sending the next as soon as the answer arrives.
 * Bounded in time; prints one JSON line with the answers counted by status, and exits.
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';

interface FloodOptions {
  port: number;
  clients: number;
  addresses: number;
  seconds: number;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as FloodOptions;
const deadline = Date.now() + opts.seconds * 1000;
const byStatus: Record<string, number> = {};

function attempt(agent: Agent, localAddress: string): Promise<void> {
  const body = JSON.stringify({
    username: `u${randomBytes(6).toString('hex')}`,
    password: randomBytes(9).toString('base64'),
  });
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: opts.port,
        path: '/api/auth/login',
        method: 'POST',
        agent,
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          byStatus[res.statusCode ?? 0] = (byStatus[res.statusCode ?? 0] ?? 0) + 1;
          resolve();
        });
      },
    );
    req.on('error', () => {
      byStatus.error = (byStatus.error ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
}

async function client(index: number): Promise<void> {
  const localAddress = `127.0.0.${2 + (index % opts.addresses)}`;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  while (Date.now() < deadline) await attempt(agent, localAddress);
  agent.destroy();
}

await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)));
process.stdout.write(`${JSON.stringify({ byStatus })}\n`);
