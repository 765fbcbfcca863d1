// Node's cluster serving task 10's API, for side-by-side measurement with the clusterlab solution:
// the catalog (GET /items?id=, GET /items/search?q=&limit=, POST /items) on PORT (8080), and the
// same CPU-bound job, PBKDF2-HMAC-SHA256 (crypto.pbkdf2Sync, the same bytes as the JDK's), on
// POST /jobs on JOBS_PORT (PORT + 1). WORKERS (2) workers, round-robin (Node's default on Linux).
// Each worker hashes on its own event loop, one job at a time: the usual Node way to spread CPU
// work is exactly this, one process per core. No admission control (Node has none built in).
'use strict';
const cluster = require('node:cluster');
const crypto = require('node:crypto');
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
const jobsPort = Number(process.env.JOBS_PORT || port + 1);
const workers = Number(process.env.WORKERS || 2);

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (worker, address) => console.log(`worker ${worker.id} listening on 127.0.0.1:${address.port}`));
  cluster.on('exit', (worker) => { console.log(`worker ${worker.id} exited; forking another`); cluster.fork(); });
} else {
  const NOUNS = ['lamp', 'chair', 'desk', 'shelf', 'kettle', 'mug', 'rug', 'clock'];
  const ADJECTIVES = ['oak', 'steel', 'blue', 'small', 'large', 'vintage', 'modern'];
  const items = new Map();
  for (let id = 1; id <= 10000; id++) {
    const noun = NOUNS[Math.floor(id / ADJECTIVES.length) % NOUNS.length];
    items.set(id, { id, name: `${ADJECTIVES[id % ADJECTIVES.length]} ${noun} #${id}`, category: noun, priceCents: 500 + id % 9500 });
  }
  const json = (res, status, value) => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const readBody = (req, then) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => { try { then(JSON.parse(data)); } catch (e) { then(null, e); } });
  };
  http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/items') {
      const item = items.get(Number(url.searchParams.get('id')));
      return item ? json(res, 200, item) : json(res, 404, { error: 'no such item' });
    }
    if (req.method === 'GET' && url.pathname === '/items/search') {
      const q = (url.searchParams.get('q') || '').toLowerCase();
      const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') || 20)));
      const found = [...items.values()].filter((i) => i.name.includes(q)).sort((a, b) => a.id - b.id).slice(0, limit);
      return json(res, 200, { q, count: found.length, items: found });
    }
    if (req.method === 'POST' && url.pathname === '/items') {
      return readBody(req, (item) => { if (!item) return json(res, 400, { error: 'not JSON' }); items.set(item.id, item); json(res, 200, item); });
    }
    json(res, 404, { error: 'no route' });
  }).listen(port, '127.0.0.1');

  let nextId = 1;
  http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/jobs') return json(res, 404, { error: 'no route' });
    readBody(req, (job) => {
      if (!job || !job.password || !job.salt) return json(res, 400, { error: 'a job needs a password and a salt' });
      const start = process.hrtime.bigint();
      const hash = crypto.pbkdf2Sync(job.password, job.salt, job.iterations || 100000, 32, 'sha256').toString('hex');
      json(res, 200, { jobId: nextId++, hash, worker: cluster.worker.id, attempts: 1, millis: Number((process.hrtime.bigint() - start) / 1000000n) });
    });
  }).listen(jobsPort, '127.0.0.1');
}
