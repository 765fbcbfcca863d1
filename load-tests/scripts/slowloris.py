#!/usr/bin/env python3
"""Slowloris against an HTTP server, with a probe of normal requests beside it.

Opens CONNECTIONS sockets; each sends a partial request head, then one more header byte every
DRIP seconds, and never ends its headers. Records, per socket, the time from its first byte to the
server's close (end of stream or reset) and the status line it got. Meanwhile a probe runs curl
every PROBE_MS ms (a new connection each time) and records status and time_total.

Prints a summary and exits 1 unless every slow socket was opened, got 408 and was closed between
--timeout and --timeout + --slack after its first byte, and every probe got 200 within --probe-max.
"""
import argparse
import asyncio
import statistics
import subprocess
import sys
import time


def seconds(text):
    """5s, 1500ms, or a bare number of seconds, as CLUSTERLAB_HTTP_HEADERS_TIMEOUT takes them (minutes are not needed here)."""
    t = text.strip().lower()
    if t.endswith("ms"):
        return float(t[:-2]) / 1000
    return float(t[:-1] if t.endswith("s") else t)


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p))]


def listen_overflows():
    """The kernel's count of connections dropped because an accept queue was full (TcpExt ListenOverflows)."""
    with open("/proc/net/netstat") as f:
        lines = [line.split() for line in f if line.startswith("TcpExt:")]
    return int(dict(zip(lines[0], lines[1])).get("ListenOverflows", 0))


async def slow_client(host, port, drip, deadline, results, opened, connecting):
    try:
        async with connecting:  # a few connects at a time: a burst would overflow the accept queue, not test the timeout
            reader, writer = await asyncio.open_connection(host, port)
    except OSError as e:
        results.append(("connect-failed", None, str(e)))
        return
    first = time.monotonic()
    opened.append(first)
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    got = b""

    async def drip_forever():
        try:
            while True:
                await asyncio.sleep(drip)
                writer.write(b"a")
                await writer.drain()
        except (OSError, ConnectionError):
            pass

    dripper = asyncio.create_task(drip_forever())
    try:
        while True:
            chunk = await asyncio.wait_for(reader.read(4096), timeout=deadline * 3)
            if not chunk:
                break
            got += chunk
        outcome = "closed"
    except asyncio.TimeoutError:
        outcome = "still-open"
    except (OSError, ConnectionError):
        outcome = "reset"
    dripper.cancel()
    writer.close()
    status = got.split(b"\r\n", 1)[0].decode("latin-1") if got else ""
    results.append((outcome, time.monotonic() - first, status))


def probe(url, interval, began, stop_at, samples):
    while time.monotonic() < stop_at:
        t = time.monotonic()
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "--max-time", "5", "-w", "%{http_code} %{time_total}", url],
                             capture_output=True, text=True).stdout.split()
        samples.append((out[0] if out else "000", float(out[1]) if len(out) > 1 else 5.0, t - began))
        time.sleep(max(0.0, interval - (time.monotonic() - t)))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--connections", type=int, default=2000)
    ap.add_argument("--drip", type=float, default=1.0, help="seconds between the bytes each slow client sends")
    ap.add_argument("--timeout", type=seconds, required=True, help="the server's headersTimeout: 5s, 500ms")
    ap.add_argument("--slack", type=float, default=1.0, help="each slow socket must be closed by timeout + slack (s)")
    ap.add_argument("--connect-concurrency", type=int, default=100, help="connects under way at once")
    ap.add_argument("--probe-ms", type=int, default=100)
    ap.add_argument("--probe-max", type=float, default=0.100, help="each probe must get 200 within this (s)")
    a = ap.parse_args()
    a.deadline = a.timeout + a.slack
    host = "127.0.0.1"
    results, opened, samples = [], [], []
    loop = asyncio.get_running_loop()
    overflows = listen_overflows()
    connecting = asyncio.Semaphore(a.connect_concurrency)
    began = time.monotonic()
    probe_done = loop.run_in_executor(None, probe, f"http://{host}:{a.port}/", a.probe_ms / 1000, began,
                                      began + a.deadline * 2 + 5, samples)
    clients = [asyncio.create_task(slow_client(host, a.port, a.drip, a.deadline, results, opened, connecting))
               for _ in range(a.connections)]
    await asyncio.gather(*clients)
    await probe_done
    lifetimes = sorted(r[1] for r in results if r[1] is not None)
    outcomes = {}
    for r in results:
        outcomes[r[0]] = outcomes.get(r[0], 0) + 1
    statuses = {}
    for r in results:
        statuses[r[2] or "(none)"] = statuses.get(r[2] or "(none)", 0) + 1
    codes = {}
    for s in samples:
        codes[s[0]] = codes.get(s[0], 0) + 1
    times = sorted(s[1] for s in samples)
    late = [s for s in samples if s[0] != "200" or s[1] > a.probe_max]
    over = [t for t in lifetimes if t > a.deadline]
    early = [t for t in lifetimes if t < a.timeout * 0.9]  # cut long before the timeout: not the headers timeout's doing
    not_408 = sum(n for status, n in statuses.items() if not status.startswith("HTTP/1.1 408"))
    ramp = f" in {max(opened) - began:.2f} s" if opened else ""
    print(f"slow connections: {a.connections}, opened {len(opened)}{ramp}; outcomes {outcomes}; answers {statuses}")
    if lifetimes:
        print(f"first byte -> closed by the server: min {lifetimes[0]:.2f} s, median {statistics.median(lifetimes):.2f} s,"
              f" p99 {percentile(lifetimes, 0.99):.2f} s, max {lifetimes[-1]:.2f} s; over {a.deadline:g} s: {len(over)},"
              f" under {a.timeout * 0.9:g} s: {len(early)}")
    if times:
        print(f"curl probes: {len(samples)}, codes {codes}; time_total median {statistics.median(times) * 1000:.1f} ms,"
              f" p99 {percentile(times, 0.99) * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms;"
              f" not 200 within {a.probe_max * 1000:.0f} ms: {len(late)}")
    ok = (len(opened) == a.connections and outcomes.get("closed", 0) + outcomes.get("reset", 0) == a.connections and not over and not early
          and not_408 == 0 and samples and not late)
    if late:  # when they came: while connecting, at the timeout's 408s, or after
        print("late probes (s into the run: code, ms): "
              + ", ".join(f"{s[2]:.2f}: {s[0]} {s[1] * 1000:.0f}" for s in late))
    print(f"accept-queue overflows meanwhile (all of this host's sockets): {listen_overflows() - overflows}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
