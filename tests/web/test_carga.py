"""test_carga.py - `bitacora servir` under load: many clients posting at
once.  Every request must end with a complete, correct result, or with a
503 that succeeds when retried after its Retry-After; nothing is lost.

`make test` runs a short version; the full one (16 clients, 20 logbooks
each, as separate posts and as one post each) with figures:

    BT_CARGA_ENVIOS=20 /usr/bin/python3 tests/web/test_carga.py     (or `make carga`)

It prints p50/p95/max latency, the 503s, and the peak memory of the
server and of the largest conversion."""
import json
import os
import re
import shutil
import tempfile
import threading
import time
import unittest

from servir import PATIENCE, SLOW, Server, multipart, read, run, sample_files

CLIENTS = int(os.environ.get("BT_CARGA_CLIENTES", "16"))
POSTS = int(os.environ.get("BT_CARGA_ENVIOS", "1" if SLOW else "2"))


def expected():
    """Each sample's findings, from `check --format json` on it alone."""
    out = {}
    for p in sample_files():
        rc, js, err = run(["check", "--format", "json", os.path.basename(p)], cwd=os.path.dirname(p))
        out[os.path.basename(p)] = json.loads(js)
    return out


def percentile(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def vm_hwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return 0


class Load(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.want = expected()
        cls.cache = {}
        cls.lock = threading.Lock()
        cls.samples = [(os.path.basename(p), read(p)) for p in sample_files()]

    def expected_for(self, files):
        """`check --format json` on exactly these files, named as posted."""
        key = tuple(n for n, _ in files)
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        tmp = tempfile.mkdtemp()
        try:
            for n, b in files:
                with open(os.path.join(tmp, n), "wb") as f:
                    f.write(b)
            rc, js, err = run(["check", "--format", "json"] + list(key), cwd=tmp)
        finally:
            shutil.rmtree(tmp)
        with self.lock:
            self.cache[key] = json.loads(js)
        return self.cache[key]

    def client(self, s, k, per_post, posts, report):
        """posts requests of per_post logbooks each; results checked."""
        for i in range(posts):
            files = [self.samples[(k + i * per_post + j) % len(self.samples)]
                     for j in range(per_post)]
            # Distinct names: the same logbook twice in one post is a duplicate.
            files = [("%02d-%s" % (j, n), b) for j, (n, b) in enumerate(files)] if per_post > 1 else files
            t0 = time.monotonic()
            refused = 0
            while True:
                try:
                    st, h, body = s.post_files(files, timeout=600)
                except OSError as e:
                    report["errors"].append("%s" % e)
                    return
                if st == 503:
                    refused += 1
                    time.sleep(min(int(h.get("retry-after", "1")), 5) * (0.2 + 0.1 * (k % 3)))
                    continue
                break
            elapsed = time.monotonic() - t0
            if st != 303:
                report["errors"].append("estado %d" % st)
                return
            js = json.loads(s.get("/" + h["location"] + ".json")[2])
            if per_post == 1:
                if js["hallazgos"] != self.want[files[0][0]]:
                    report["errors"].append("%s: hallazgos distintos" % files[0][0])
            elif js["hallazgos"] != self.expected_for(files):
                report["errors"].append("envío %d: hallazgos distintos de check" % k)
            if js["resumen"]["archivos"] != len(files):
                report["errors"].append("faltan archivos: %d de %d" % (js["resumen"]["archivos"], len(files)))
            report["latency"].append(elapsed)
            report["refused"] += refused

    def scenario(self, per_post, posts):
        s = Server()
        try:
            report = {"latency": [], "refused": 0, "errors": []}
            threads = [threading.Thread(target=self.client, args=(s, k, per_post, posts, report))
                       for k in range(CLIENTS)]
            t0 = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - t0
            hwm = vm_hwm(s.proc.pid)
            workers = [int(m) for m in re.findall(r"memoria máxima (\d+) MB", s.log())]
            self.assertEqual(report["errors"], [])
            self.assertEqual(len(report["latency"]), CLIENTS * posts)
            self.assertEqual(s.get("/salud")[0], 200)
            lat = report["latency"]
            print("\n%d clientes x %d envíos de %d bitácora%s: %d resultados correctos en %.1f s; "
                  "latencia p50 %.2f s, p95 %.2f s, máx %.2f s; %d respuestas 503 (reintentadas); "
                  "memoria máxima: servidor %d MB, conversión %d MB"
                  % (CLIENTS, posts, per_post, "" if per_post == 1 else "s", len(lat), wall,
                     percentile(lat, 50), percentile(lat, 95), max(lat), report["refused"], hwm,
                     max(workers) if workers else 0), flush=True)
            return report
        finally:
            s.cleanup()

    def test_many_clients_one_logbook_per_post(self):
        self.scenario(1, POSTS)

    def test_many_clients_many_logbooks_per_post(self):
        self.scenario(POSTS if POSTS > 2 else 5, 1)

    def test_small_queue_refuses_and_retries(self):
        """With room for few, the rest hear 503 and get through on retry."""
        s = Server("--trabajos", "1", "--cola", "1")
        try:
            report = {"latency": [], "refused": 0, "errors": []}
            threads = [threading.Thread(target=self.client, args=(s, k, 1, 1, report))
                       for k in range(8)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(report["errors"], [])
            self.assertEqual(len(report["latency"]), 8)
            self.assertIn(" 503 ", s.log())
        finally:
            s.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
