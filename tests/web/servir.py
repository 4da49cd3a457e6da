"""servir.py - what the web tests share: a `bitacora servir` started on a
free port with its own data folder, a multipart encoder that can send any
bytes as a file name, and small HTTP helpers (standard library only).

The binary is $BT_BIN (tests/run.sh sets it; under `make valgrind` it is
the valgrind wrapper), the sources $BT_SRCDIR.
"""
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import zipfile

SRC = os.environ.get("BT_SRCDIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BIN = os.environ.get("BT_BIN", os.path.join(SRC, "build", "bitacora"))
SAMPLES = os.path.join(SRC, "samples")
SLOW = os.environ.get("BT_UNDER_VALGRIND") == "1"
# Under valgrind or the sanitizers the server is slower: waits grow.
PATIENCE = 20 if SLOW else (3 if os.environ.get("BT_SANITIZED") == "1" else 1)


def sample_files():
    return sorted(os.path.join(SAMPLES, f) for f in os.listdir(SAMPLES) if f != "README.md")


class Server:
    """A running `bitacora servir`; stop() sends SIGTERM and waits."""

    def __init__(self, *args, data=None, own_data=False):
        self.tmp = tempfile.mkdtemp(prefix="bitacora-web-")
        self.data = None if own_data else (data or os.path.join(self.tmp, "datos"))
        self.err_path = os.path.join(self.tmp, "servir.err")
        env = dict(os.environ)
        env["TMPDIR"] = self.tmp
        cmd = [BIN, "servir", "--puerto", "0"] + (["--datos", self.data] if self.data else []) + list(args)
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.err, env=env)
        line = self.proc.stdout.readline().decode("utf-8", "replace")
        m = re.search(r"http://([^/ ]+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError("servir did not start: %r %s" % (line, self.log()))
        self.url = m.group(0)
        hostport = m.group(1)
        self.host, self.port = hostport.rsplit(":", 1)
        self.host = self.host.strip("[]")
        self.port = int(self.port)

    def log(self):
        if not self.err.closed:
            self.err.flush()
        with open(self.err_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def conn(self, timeout=60):
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout * PATIENCE)

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = self.conn(timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post_files(self, files, fields=(), timeout=120, headers=None):
        """files: [(name_bytes_or_str, content_bytes)]; returns status, headers, body."""
        body, ctype = multipart(files, fields)
        h = {"Content-Type": ctype}
        h.update(headers or {})
        return self.request("POST", "/revisar", body=body, headers=h, timeout=timeout)

    def convert(self, files, fields=()):
        """Upload; follow the 303; return (id, result page, JSON)."""
        st, h, body = self.post_files(files, fields)
        if st != 303:
            raise AssertionError("POST /revisar gave %d: %s" % (st, body[:400]))
        loc = h["location"]
        assert loc.startswith("resultado/"), loc
        job = loc.split("/", 1)[1]
        st, _, page = self.get("/" + loc)
        assert st == 200, st
        st, _, js = self.get("/" + loc + ".json")
        assert st == 200, st
        return job, page.decode("utf-8"), json.loads(js)

    def stop(self, sig=signal.SIGTERM, timeout=120):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout * PATIENCE)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.err.close()
        return self.proc.returncode

    def cleanup(self):
        """Stop it and remove its files.  A server that stops with another
        status than 0 (a sanitizer's or valgrind's report, a crash) fails
        the test that used it."""
        rc = self.stop()
        log = self.log() if rc else ""
        shutil.rmtree(self.tmp, ignore_errors=True)
        if rc != 0:
            raise AssertionError("bitacora servir terminó con estado %s:\n%s" % (rc, log[-3000:]))


def multipart(files, fields=()):
    boundary = "----bitacora-prueba-" + os.urandom(8).hex()
    out = io.BytesIO()
    for k, v in fields:
        out.write(b"--" + boundary.encode() + b"\r\n")
        out.write(b'Content-Disposition: form-data; name="' + k.encode() + b'"\r\n\r\n')
        out.write(v.encode() if isinstance(v, str) else v)
        out.write(b"\r\n")
    for name, content in files:
        if isinstance(name, str):
            name = name.encode("utf-8")
        out.write(b"--" + boundary.encode() + b"\r\n")
        out.write(b'Content-Disposition: form-data; name="archivos"; filename="' + name + b'"\r\n')
        out.write(b"Content-Type: application/octet-stream\r\n\r\n")
        out.write(content)
        out.write(b"\r\n")
    out.write(b"--" + boundary.encode() + b"--\r\n")
    return out.getvalue(), "multipart/form-data; boundary=" + boundary


def read(path):
    with open(path, "rb") as f:
        return f.read()


def zip_bytes(entries):
    """entries: [(name, bytes)] or [(ZipInfo, bytes)]."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return buf.getvalue()


def run(args, cwd=None):
    p = subprocess.run([BIN] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


def tree(path):
    """Every file under path, relative, with its bytes."""
    out = {}
    for root, dirs, files in os.walk(path):
        for f in files:
            full = os.path.join(root, f)
            out[os.path.relpath(full, path)] = read(full)
    return out


def files_outside(data_dir):
    """Files in the data folder that are not inside a job folder or the templates."""
    bad = []
    for name in os.listdir(data_dir):
        full = os.path.join(data_dir, name)
        if name == ".plantillas":
            continue
        if not re.fullmatch(r"[A-Za-z0-9_-]{22}", name) or not os.path.isdir(full) or os.path.islink(full):
            bad.append(name)
    return bad
