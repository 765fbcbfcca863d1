// Node's own cluster serving the same answer as task 2's GET /, for side-by-side measurement.
// WORKERS (2) workers on PORT (8080), 127.0.0.1 only; the scheduling policy is Node's default
// (round-robin on Linux) unless NODE_CLUSTER_SCHED_POLICY=none.
'use strict';
const cluster = require('node:cluster');
const http = require('node:http');

const port = Number(process.env.PORT || 8080);
const workers = Number(process.env.WORKERS || 2);

if (cluster.isPrimary) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (worker) => console.log(`worker ${worker.id} listening on 127.0.0.1:${port}`));
} else {
  const body = `hello from worker ${cluster.worker.id} (pid ${process.pid})\n`;
  http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }).listen(port, '127.0.0.1');
}
