"""test_servir.py - `bitacora servir` over real HTTP: every route, the
result against `check` and `convert`, limits, expiry, shutdown, and
hostile uploads.  Run by tests/run.sh with Debian's python3."""
import html
import http.client
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
import unittest
import zipfile

from servir import (BIN, PATIENCE, SAMPLES, SRC, Server, files_outside, multipart, read, run,
                    sample_files, tree, zip_bytes)

ID_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")


def expected_findings():
    rows = []
    with open(os.path.join(SRC, "tests", "data", "samples_expected.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            name, row, col, code = line.rstrip("\n").split("\t")
            rows.append((name, int(row), int(col), code))
    return rows


def with_dates(paths):
    """Upload parts as the page's script sends them: each file's date first."""
    files, fields = [], []
    for p in paths:
        files.append((os.path.basename(p), read(p)))
    return files


def raw_exchange(s, data, read_timeout=10):
    s.sendall(data)
    s.settimeout(read_timeout * PATIENCE)
    out = b""
    while b"\r\n\r\n" not in out:
        chunk = s.recv(65536)
        if not chunk:
            break
        out += chunk
    return out


class Routes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Server()

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()

    def test_start_page(self):
        st, h, body = self.s.get("/")
        self.assertEqual(st, 200)
        self.assertTrue(h["content-type"].startswith("text/html"))
        self.assertIn("default-src 'none'", h["content-security-policy"])
        self.assertIn("script-src 'self'", h["content-security-policy"])
        self.assertEqual(h["x-content-type-options"], "nosniff")
        self.assertEqual(h["referrer-policy"], "no-referrer")
        page = body.decode("utf-8")
        self.assertIn('lang="es"', page)
        self.assertIn('action="revisar"', page)
        self.assertIn('enctype="multipart/form-data"', page)
        self.assertIn('name="archivos"', page)
        self.assertIn('<label for="archivos"', page)
        self.assertIn('href="plantilla.xlsx"', page)
        self.assertIn('href="plantilla.csv"', page)
        # Nothing from another origin: no CDN, no web fonts, no inline script.
        self.assertNotRegex(page, r'(src|href)="(https?:)?//')
        self.assertNotRegex(page, r"<script>")
        self.assertNotIn("style=", page)

    def test_assets(self):
        for path, ctype in (("/estilo.css", "text/css"), ("/app.js", "text/javascript"),
                            ("/icono.svg", "image/svg+xml")):
            st, h, body = self.s.get(path)
            self.assertEqual(st, 200, path)
            self.assertTrue(h["content-type"].startswith(ctype), h["content-type"])
            text = body.decode("utf-8")
            self.assertNotRegex(text, r"url\((https?:)?//|@import|https?://(?!www\.w3\.org)")
        # The frame's fragments are not routes.
        self.assertEqual(self.s.get("/marco.html")[0], 404)
        self.assertEqual(self.s.get("/inicio.html")[0], 404)

    def test_templates_are_bitacora_template(self):
        tmp = tempfile.mkdtemp()
        try:
            rc, _, err = run(["template", "-o", tmp])
            self.assertEqual(rc, 0, err)
            for route, name in (("/plantilla.xlsx", "bitacora_ett.xlsx"),
                                ("/plantilla.csv", "bitacora_ett.csv")):
                st, h, body = self.s.get(route)
                self.assertEqual(st, 200)
                self.assertEqual(body, read(os.path.join(tmp, name)), route)
                self.assertEqual(h["content-disposition"], 'attachment; filename="%s"' % name)
        finally:
            shutil.rmtree(tmp)

    def test_ipv6_and_bad_addresses(self):
        try:
            socket.create_server(("::1", 0), family=socket.AF_INET6).close()
        except OSError:
            print("omitido: esta máquina no tiene IPv6 en ::1")
            return
        s = Server("--direccion", "::1")
        try:
            self.assertTrue(s.url.startswith("http://[::1]:"), s.url)
            c = http.client.HTTPConnection("::1", s.port, timeout=10)
            c.request("GET", "/salud")
            self.assertEqual(c.getresponse().read(), b"ok")
            c.close()
        finally:
            s.cleanup()
        for addr, why in (("999.1.1.1", "no es una dirección IP"), ("10.255.255.1", "no es de esta máquina")):
            p = subprocess.run([BIN, "servir", "--direccion", addr, "--puerto", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60 * PATIENCE)
            self.assertEqual(p.returncode, 2)
            self.assertIn(why, p.stderr.decode("utf-8"))
        busy = socket.create_server(("127.0.0.1", 0))
        try:
            p = subprocess.run([BIN, "servir", "--puerto", str(busy.getsockname()[1])],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60 * PATIENCE)
            self.assertEqual(p.returncode, 2)
            self.assertIn("ya está en uso", p.stderr.decode("utf-8"))
        finally:
            busy.close()

    def test_health(self):
        st, h, body = self.s.get("/salud")
        self.assertEqual((st, body), (200, b"ok"))

    def test_head(self):
        st, h, body = self.s.request("HEAD", "/")
        self.assertEqual(st, 200)
        self.assertEqual(body, b"")

    def test_not_found_is_spanish(self):
        for path in ("/nada", "/resultado/", "/resultado/corto", "/resultado/../../etc/passwd",
                     "/resultado/" + "A" * 22 + "/f/../../trabajo", "/estilo.css/x"):
            st, h, body = self.s.get(path)
            self.assertEqual(st, 404, path)
            self.assertIn("text/html", h["content-type"])
            self.assertIn("no existe", body.decode("utf-8"))

    def test_unknown_result_says_results_expire(self):
        st, h, body = self.s.get("/resultado/" + "Q" * 22)
        self.assertEqual(st, 404)
        self.assertIn("se borran", body.decode("utf-8"))
        self.assertEqual(h["cache-control"], "no-store")

    def test_method_not_allowed(self):
        st, h, body = self.s.get("/revisar")
        self.assertEqual(st, 405)
        self.assertEqual(h["allow"], "POST")
        self.assertIn("formulario", body.decode("utf-8"))
        st, h, _ = self.s.request("POST", "/", body=b"x", headers={"Content-Type": "text/plain"})
        self.assertEqual(st, 405)
        self.assertEqual(h["allow"], "GET, HEAD")
        self.assertEqual(self.s.request("PUT", "/revisar", body=b"x")[0], 405)
        self.assertEqual(self.s.request("DELETE", "/salud")[0], 405)

    def test_unsupported_media_type(self):
        for ctype in ("application/x-www-form-urlencoded", "text/plain", "application/json"):
            st, h, body = self.s.request("POST", "/revisar", body=b"archivos=x",
                                         headers={"Content-Type": ctype})
            self.assertEqual(st, 415, ctype)
            self.assertIn("formulario", body.decode("utf-8"))
        st, _, _ = self.s.request("POST", "/revisar", body=b"x")
        self.assertEqual(st, 415)

    def test_nothing_chosen(self):
        # What a browser sends when the file input is left empty.
        st, h, body = self.s.post_files([("", b"")])
        self.assertEqual(st, 400)
        self.assertIn("No eligió ningún archivo", body.decode("utf-8"))
        self.assertEqual(files_outside(self.s.data), [])

    def test_bad_period(self):
        st, _, body = self.s.post_files([("a.csv", read(sample_files()[0]))], [("periodo", "25")])
        self.assertEqual(st, 400)
        self.assertIn("año de cuatro cifras", body.decode("utf-8"))

    def test_malformed_multipart(self):
        body = b"--xyz\r\nContent-Disposition: form-data; name=\"archivos\"; filename=\"a.csv\"\r\n\r\nabc"
        st, _, page = self.s.request("POST", "/revisar", body=body,
                                     headers={"Content-Type": "multipart/form-data; boundary=xyz"})
        self.assertIn(st, (303, 400))
        self.assertEqual(self.s.get("/salud")[0], 200)


class Conversion(unittest.TestCase):
    """The samples through the web give what `check` and `convert` give."""

    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.tmp = tempfile.mkdtemp()
        # The files as uploaded, each with the date the page's script sends.
        cls.files = sample_files()
        files, fields = [], []
        for p in cls.files:
            mtime = int(os.stat(p).st_mtime)
            body_part = (os.path.basename(p), read(p))
            files.append(body_part)
            fields.append(mtime)
        cls.dates = fields
        body, ctype = _dated_multipart(files, fields)
        st, h, _ = cls.s.request("POST", "/revisar", body=body, headers={"Content-Type": ctype})
        assert st == 303, st
        cls.location = h["location"]
        cls.id = cls.location.split("/", 1)[1]
        cls.page = cls.s.get("/" + cls.location)[2].decode("utf-8")
        cls.json = json.loads(cls.s.get("/" + cls.location + ".json")[2])
        # The same files, named the same, with the same dates, for the CLI.
        cls.local = os.path.join(cls.tmp, "bitacoras")
        os.mkdir(cls.local)
        for p, mtime in zip(cls.files, cls.dates):
            dst = os.path.join(cls.local, os.path.basename(p))
            shutil.copyfile(p, dst)
            os.utime(dst, (mtime, mtime))

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        shutil.rmtree(cls.tmp)

    def names(self):
        return [os.path.basename(p) for p in self.files]

    def test_redirect(self):
        self.assertTrue(self.location.startswith("resultado/"))
        self.assertRegex(self.id, ID_RE)

    def test_json_findings_are_check_json(self):
        rc, out, err = run(["check", "--format", "json"] + self.names(), cwd=self.local)
        self.assertEqual(rc, 1, err)
        self.assertEqual(self.json["hallazgos"], json.loads(out))

    def test_json_summary(self):
        r = self.json["resumen"]
        findings = self.json["hallazgos"]
        self.assertEqual(r["archivos"], 9)
        self.assertEqual(r["territorios"], 9)
        self.assertEqual(r["errores"], sum(1 for f in findings if f["severidad"] == "error"))
        self.assertEqual(r["avisos"], sum(1 for f in findings if f["severidad"] == "aviso"))
        self.assertEqual((r["errores"], r["avisos"]), (6, 9))   # samples/README.md
        rc, _, _ = run(["convert", "-q", "-o", os.path.join(self.tmp, "estado")] + self.names(),
                       cwd=self.local)
        self.assertEqual(r["estado"], rc)

    def test_zip_is_convert_output(self):
        out = os.path.join(self.tmp, "salida-cli")
        rc, _, err = run(["convert", "-q", "-o", out] + self.names(), cwd=self.local)
        self.assertEqual(rc, 1, err)
        st, h, body = self.s.get("/" + self.location + "/salida.zip")
        self.assertEqual(st, 200)
        self.assertEqual(h["content-type"], "application/zip")
        self.assertEqual(h["content-disposition"], 'attachment; filename="salida.zip"')
        zpath = os.path.join(self.tmp, "salida.zip")
        with open(zpath, "wb") as f:
            f.write(body)
        with zipfile.ZipFile(zpath) as z:
            self.assertIsNone(z.testzip())
            web = {n: z.read(n) for n in z.namelist()}
        cli = tree(out)
        self.assertEqual(sorted(web), sorted(cli))
        for name in cli:
            self.assertEqual(web[name], cli[name], name)
        # salidas lists what is in the zip, with sizes.
        self.assertEqual({s["ruta"]: s["bytes"] for s in self.json["salidas"]},
                         {n: len(b) for n, b in web.items()})

    def test_each_output_downloads(self):
        zipped = dict((s["ruta"], s["bytes"]) for s in self.json["salidas"])
        for path, size in zipped.items():
            if "/." in "/" + path:
                continue
            st, h, body = self.s.get("/%s/f/%s" % (self.location, path))
            self.assertEqual(st, 200, path)
            self.assertEqual(len(body), size, path)
            self.assertEqual(h["content-disposition"],
                             'attachment; filename="%s"' % os.path.basename(path))
            self.assertEqual(h["cache-control"], "no-store")
            if path.endswith(".xlsx"):
                self.assertTrue(h["content-type"].startswith("application/vnd.openxmlformats"))
            # The page links to it.
            self.assertIn('href="%s/f/%s"' % (self.id, path), self.page)
        self.assertIn('href="%s/salida.zip"' % self.id, self.page)

    def test_page_shows_every_finding_at_its_cell(self):
        page = html.unescape(self.page)
        for f in self.json["hallazgos"]:
            self.assertIn(f["mensaje"], page)
        for name, row, col, code in expected_findings():
            # A finding about a whole file has no cell: the page says
            # «archivo»; one about a region's numbering, «—».
            whole = "archivo" if name.endswith((".csv", ".xlsx")) else "—"
            cell = "%s%d" % (chr(ord("A") + col - 1), row) if row else '<span class="vacio">%s</span>' % whole

            # The finding's row: its cell, its code, in its file's group.
            group = page.split("<h3>" + name, 1)
            self.assertEqual(len(group), 2, name)
            section = group[1].split("</section>", 1)[0]
            self.assertRegex(section, r'<td class="celda"[^>]*>%s</td>.*?%s' % (cell, code),
                             (name, cell, code))

    def test_page_counts_and_status(self):
        for label, n in (("Archivos recibidos", 9), ("Territorios convertidos", 9),
                         ("Errores", 6), ("Avisos", 9)):
            self.assertRegex(self.page, r"<dt>%s</dt><dd>%d</dd>" % (label, n))
        self.assertIn("Hay errores que corregir", self.page)
        self.assertIn('id="ver-errores"', self.page)    # the filter
        # Each download link says, to a screen reader, which workbook it is.
        self.assertIn('Descargar<span class="oculto"> el libro de ', self.page)
        for name in self.names():
            self.assertIn(name, self.page)

    def test_log_hides_job_ids(self):
        log = self.s.log()
        self.assertNotIn(self.id, log)
        self.assertIn("/resultado/%s…" % self.id[:4], log)
        lines = [l for l in log.splitlines() if re.match(r"\d{4}-\d\d-\d\dT", l)]
        self.assertTrue(any(re.search(r" POST /revisar 303 \d+ \d+ ms$", l) for l in lines), log)
        for l in lines:
            self.assertRegex(l, r"^\S+ [A-Z]+ \S+ \d{3} \d+ \d+ ms")

    def test_received_dates_are_the_files_dates(self):
        for a, p, mtime in zip(sorted(self.json["archivos"], key=lambda a: a["nombre"]),
                               sorted(self.files, key=os.path.basename),
                               [d for _, d in sorted(zip(self.files, self.dates),
                                                     key=lambda x: os.path.basename(x[0]))]):
            self.assertEqual(a["nombre"], os.path.basename(p))
            self.assertEqual(a["recibido"], time.strftime("%Y-%m-%d", time.localtime(mtime)))

    def test_uploads_deleted_after_conversion(self):
        job = os.path.join(self.s.data, self.id)
        self.assertFalse(os.path.exists(os.path.join(job, "entrada")))
        self.assertFalse(os.path.exists(os.path.join(job, "trabajo")))
        self.assertTrue(os.path.exists(os.path.join(job, "resultado.html")))
        self.assertEqual(os.stat(self.s.data).st_mode & 0o777, 0o700)
        self.assertEqual(os.stat(job).st_mode & 0o777, 0o700)


def _dated_multipart(files, dates):
    """The page script's form: «modificado» (milliseconds) before each file."""
    boundary = "----bitacora-prueba-" + os.urandom(8).hex()
    parts = []
    for (name, content), date in zip(files, dates):
        parts.append(b"--%s\r\nContent-Disposition: form-data; name=\"modificado\"\r\n\r\n%d\r\n"
                     % (boundary.encode(), date * 1000))
        parts.append(b"--%s\r\nContent-Disposition: form-data; name=\"archivos\"; filename=\"%s\""
                     b"\r\nContent-Type: text/csv\r\n\r\n" % (boundary.encode(), name.encode()))
        parts.append(content + b"\r\n")
    parts.append(b"--%s--\r\n" % boundary.encode())
    return b"".join(parts), "multipart/form-data; boundary=" + boundary


class Roster(unittest.TestCase):
    """The list of territories that should report, sent with the form."""

    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.tmp = tempfile.mkdtemp()

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        shutil.rmtree(cls.tmp)

    def post(self, files, roster_name, roster):
        body, ctype = multipart(files)
        # the roster part, before the closing boundary
        boundary = ctype.split("=", 1)[1].encode()
        part = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="territorios"; '
                b'filename="' + roster_name.encode() + b'"\r\n\r\n' + roster + b"\r\n")
        body = body.replace(b"--" + boundary + b"--", part + b"--" + boundary + b"--")
        return self.s.request("POST", "/revisar", body=body, headers={"Content-Type": ctype})

    def test_missing_territories_as_check_says(self):
        roster = read(os.path.join(SRC, "tests", "data", "reports", "territorios.csv"))
        files = [(os.path.basename(p), read(p)) for p in sample_files()]
        st, h, _ = self.post(files, "territorios 2025.csv", roster)
        self.assertEqual(st, 303)
        js = json.loads(self.s.get("/" + h["location"] + ".json")[2])
        page = self.s.get("/" + h["location"])[2].decode("utf-8")
        local = os.path.join(self.tmp, "a")
        os.mkdir(local)
        # Written a second or more after the upload: the outputs (and their
        # record) depend on the day a file was received, not the second.
        time.sleep(1.1)
        for n, b in files + [("territorios 2025.csv", roster)]:
            with open(os.path.join(local, n), "wb") as f:
                f.write(b)
        rc, out, err = run(["check", "--format", "json", "--territorios", "territorios 2025.csv"]
                           + [n for n, _ in files], cwd=local)
        self.assertEqual(js["hallazgos"], json.loads(out))
        self.assertIn("E080", [f["codigo"] for f in js["hallazgos"]])
        self.assertIn("listado de territorios «territorios 2025.csv»", page)
        self.assertIn("<h3>territorios 2025.csv", page)
        # The zip is convert --territorios's.
        out = os.path.join(self.tmp, "salida")
        run(["convert", "-q", "--territorios", "territorios 2025.csv", "-o", out]
            + [n for n, _ in files], cwd=local)
        st, _, z = self.s.get("/" + h["location"] + "/salida.zip")
        zpath = os.path.join(self.tmp, "r.zip")
        with open(zpath, "wb") as f:
            f.write(z)
        with zipfile.ZipFile(zpath) as zf:
            self.assertEqual({n: zf.read(n) for n in zf.namelist()}, tree(out))

    def test_unusable_roster_is_explained(self):
        st, h, _ = self.post([("a.csv", read(sample_files()[0]))], "lista.csv", b"nada;que;ver\n1;2;3\n")
        self.assertEqual(st, 303)
        page = self.s.get("/" + h["location"])[2].decode("utf-8")
        self.assertIn("El listado de territorios lista.csv", page)
        js = json.loads(self.s.get("/" + h["location"] + ".json")[2])
        self.assertEqual(js["resumen"]["estado"], 2)

    def test_two_rosters(self):
        body, ctype = multipart([("a.csv", read(sample_files()[0]))])
        boundary = ctype.split("=", 1)[1].encode()
        part = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="territorios"; '
                b'filename="l.csv"\r\n\r\nRegion,N territorio\r\n')
        body = body.replace(b"--" + boundary + b"--", part + part + b"--" + boundary + b"--")
        st, _, page = self.s.request("POST", "/revisar", body=body, headers={"Content-Type": ctype})
        self.assertEqual(st, 400)
        self.assertIn("un solo listado", page.decode("utf-8"))


class Pieces(unittest.TestCase):
    """However the body is cut by the network, every file arrives whole."""

    def test_cuts_around_part_headers(self):
        s = Server()
        try:
            files = [(os.path.basename(p), read(p)) for p in sample_files()[:3]]
            files.insert(1, ("vacio.csv", b""))
            body, ctype = multipart(files, [("periodo", "2025")])
            whole = s.post_files(files, [("periodo", "2025")])
            want = json.loads(s.get("/" + whole[1]["location"] + ".json")[2])
            cuts = set()
            for m in re.finditer(rb"\r\n\r\n|--" + re.escape(ctype.split("=", 1)[1].encode()), body):
                for d in (-3, -1, 0, 1, 2, 4):
                    if 0 < m.end() + d < len(body):
                        cuts.add(m.end() + d)
            for cut in sorted(cuts)[:40]:
                with socket.create_connection((s.host, s.port)) as c:
                    c.sendall(("POST /revisar HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n"
                               "Content-Length: %d\r\nConnection: close\r\n\r\n"
                               % (ctype, len(body))).encode() + body[:cut])
                    time.sleep(0.02)
                    head = raw_exchange(c, body[cut:], read_timeout=60)
                self.assertTrue(head.startswith(b"HTTP/1.1 303"), (cut, head[:60]))
                loc = re.search(rb"Location: (\S+)", head).group(1).decode()
                got = json.loads(s.get("/" + loc + ".json")[2])
                self.assertEqual(got["hallazgos"], want["hallazgos"], cut)
                self.assertEqual([a["nombre"] for a in got["archivos"]],
                                 [a["nombre"] for a in want["archivos"]], cut)
        finally:
            s.cleanup()


class Zips(unittest.TestCase):
    """A zip of a folder gives what `convert` gives on the folder."""

    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.tmp = tempfile.mkdtemp()

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()
        shutil.rmtree(cls.tmp)

    def test_zip_of_a_folder(self):
        folder = os.path.join(self.tmp, "region")
        os.makedirs(os.path.join(folder, "sub"))
        os.makedirs(os.path.join(folder, ".oculta"))
        entries = []
        for i, p in enumerate(sample_files()):
            rel = ("sub/" if i % 2 else "") + os.path.basename(p)
            shutil.copyfile(p, os.path.join(folder, rel))
            entries.append(("region/" + rel, read(p)))
        entries.append(("region/.oculta/x.csv", read(sample_files()[0])))
        entries.append(("region/notas.pdf", b"%PDF-1.4"))
        entries.append(("__MACOSX/region/._x.csv", b"junk"))
        entries.append(("region/otro.zip", zip_bytes([("a.csv", b"x")])))
        job, page, js = self.s.convert([("region.zip", zip_bytes(entries))])
        rc, out, err = run(["check", "--format", "json", "region"], cwd=self.tmp)
        self.assertEqual(js["hallazgos"], json.loads(out))
        names = sorted(a["nombre"] for a in js["archivos"])
        self.assertEqual(names, sorted("region/" + ("sub/" if i % 2 else "") + os.path.basename(p)
                                       for i, p in enumerate(sample_files())))
        notes = {n["nombre"]: n for n in js["no_leidos"]}
        self.assertIn("region/otro.zip", notes)
        self.assertFalse(notes["region/otro.zip"]["rechazado"])
        self.assertIn("ZIP dentro del ZIP", page)
        self.assertEqual(js["resumen"]["estado"], 1)

    def test_zip_of_an_earlier_output_is_left_out(self):
        entries = [("t/a.csv", read(sample_files()[0])),
                   ("salida/.bitacora-salida", b"x"), ("salida/hallazgos.csv", b"x,y\n"),
                   ("salida/05-valparaiso/t.csv", read(sample_files()[1]))]
        job, page, js = self.s.convert([("r.zip", zip_bytes(entries))])
        self.assertEqual([a["nombre"] for a in js["archivos"]], ["t/a.csv"])
        self.assertIn("salida anterior de bitacora", page)


class Limits(unittest.TestCase):
    def test_body_over_limit(self):
        s = Server("--max-mb", "1")
        try:
            big = os.urandom(2 << 20)
            st, h, body = s.post_files([("grande.csv", big)])
            self.assertEqual(st, 413)
            self.assertIn("pasa de 1 MB", body.decode("utf-8"))
            # A client that asks first (Expect: 100-continue) hears it at once.
            body, ctype = multipart([("grande.csv", big)])
            with socket.create_connection((s.host, s.port)) as c:
                head = raw_exchange(c, ("POST /revisar HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n"
                                        "Content-Length: %d\r\nExpect: 100-continue\r\n\r\n"
                                        % (ctype, len(body))).encode())
            self.assertTrue(head.startswith(b"HTTP/1.1 413"), head[:80])
            self.assertEqual(s.get("/salud")[0], 200)
            self.assertEqual(files_outside(s.data), [])
            self.assertEqual(os.listdir(s.data), [".plantillas"])
        finally:
            s.cleanup()

    def test_too_many_files(self):
        s = Server("--max-archivos", "2")
        try:
            f = read(sample_files()[0])
            st, h, body = s.post_files([("a.csv", f), ("b.csv", f), ("c.csv", f)])
            self.assertEqual(st, 413)
            self.assertIn("demasiados archivos", body.decode("utf-8"))
            self.assertEqual(os.listdir(s.data), [".plantillas"])
            # Two are fine; a zip's entries count too.
            self.assertEqual(s.post_files([("a.csv", f), ("b.csv", f)])[0], 303)
            job, page, js = s.convert([("z.zip", zip_bytes([("a.csv", f), ("b.csv", f),
                                                            ("c.csv", f)]))])
            self.assertEqual(len(js["archivos"]), 2)
            self.assertTrue(any(n["rechazado"] for n in js["no_leidos"]))
            self.assertEqual(js["resumen"]["estado"], 2)
        finally:
            s.cleanup()

    def test_busy_server_says_503_and_retry_succeeds(self):
        s = Server("--trabajos", "1", "--cola", "0")
        try:
            f = read(sample_files()[0])
            body, ctype = multipart([("a.csv", f)])
            slow = socket.create_connection((s.host, s.port))
            slow.sendall(("POST /revisar HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n"
                          "Content-Length: %d\r\n\r\n" % (ctype, len(body))).encode())
            slow.sendall(body[:100])     # admitted, still uploading: the one place is taken
            time.sleep(0.3 * PATIENCE)
            st, h, page = s.post_files([("b.csv", f)])
            self.assertEqual(st, 503)
            self.assertGreaterEqual(int(h["retry-after"]), 1)
            self.assertIn("Espere", page.decode("utf-8"))
            head = raw_exchange(slow, body[100:], read_timeout=60)
            slow.close()
            self.assertTrue(head.startswith(b"HTTP/1.1 303"), head[:80])
            for _ in range(50):
                st, h, _ = s.post_files([("b.csv", f)])
                if st != 503:
                    break
                time.sleep(int(h["retry-after"]) / 10)
            self.assertEqual(st, 303)
        finally:
            s.cleanup()

    def test_slow_client_does_not_block_others(self):
        s = Server()
        try:
            slow = socket.create_connection((s.host, s.port))
            slow.sendall(b"GET /sal")
            t0 = time.monotonic()
            for _ in range(5):
                self.assertEqual(s.get("/salud")[0], 200)
            self.assertLess(time.monotonic() - t0, 5 * PATIENCE)
            slow.sendall(b"ud HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertIn(b"200 OK", raw_exchange(slow, b""))
            slow.close()
        finally:
            s.cleanup()

    def test_many_idle_connections(self):
        s = Server("--espera", "3")
        idle = []
        try:
            for _ in range(200):
                idle.append(socket.create_connection((s.host, s.port)))
            for c in idle[:100]:
                c.sendall(b"GET / HTTP/1.1\r\n")   # half a request
            t0 = time.monotonic()
            self.assertEqual(s.get("/salud")[0], 200)
            self.assertLess(time.monotonic() - t0, 5 * PATIENCE)
            # Idle connections are closed after --espera.
            idle[0].settimeout(10 * PATIENCE)
            t0 = time.monotonic()
            self.assertEqual(idle[0].recv(100), b"")
            self.assertLess(time.monotonic() - t0, 9 * PATIENCE)
        finally:
            for c in idle:
                c.close()
            s.cleanup()


    def test_too_many_connections(self):
        s = Server("--conexiones", "8")
        idle = []
        try:
            for _ in range(8):
                idle.append(socket.create_connection((s.host, s.port)))
            time.sleep(0.3 * PATIENCE)
            st, h, body = s.get("/salud", timeout=10)
            self.assertEqual(st, 503)
            self.assertIn("demasiadas conexiones", body.decode("utf-8"))
            self.assertEqual(h["retry-after"], "5")
        finally:
            for c in idle:
                c.close()
        try:
            for _ in range(int(50 * PATIENCE)):
                if s.get("/salud")[0] == 200:
                    break
                time.sleep(0.1)
            self.assertEqual(s.get("/salud")[0], 200)
        finally:
            s.cleanup()


class Expiry(unittest.TestCase):
    def test_results_expire(self):
        s = Server("--conservar", "1")
        try:
            job, page, js = s.convert([("a.csv", read(sample_files()[0]))])
            old = time.time() - 120
            os.utime(os.path.join(s.data, job, "resultado.html"), (old, old))
            for _ in range(int(20 * PATIENCE)):
                if not os.path.exists(os.path.join(s.data, job)):
                    break
                time.sleep(0.5)
            st, _, body = s.get("/resultado/" + job)
            self.assertEqual(st, 404)
            self.assertIn("se borran 1 minutos", body.decode("utf-8"))
            self.assertFalse(os.path.exists(os.path.join(s.data, job)))
        finally:
            s.cleanup()

    def test_leftovers_of_a_crash_are_removed_at_start(self):
        tmp = tempfile.mkdtemp()
        try:
            data = os.path.join(tmp, "datos")
            left = os.path.join(data, "B" * 22, "entrada")
            os.makedirs(left)
            open(os.path.join(left, "0001"), "w").close()
            keep = os.path.join(data, "no-es-un-trabajo")
            os.makedirs(keep)
            s = Server(data=data)
            try:
                self.assertFalse(os.path.exists(os.path.join(data, "B" * 22)))
                self.assertTrue(os.path.exists(keep))   # not ours: left alone
            finally:
                s.cleanup()
        finally:
            shutil.rmtree(tmp)


class Shutdown(unittest.TestCase):
    def test_sigterm_finishes_running_jobs_and_cleans_up(self):
        s = Server(own_data=True)
        try:
            files = []
            for i in range(40):
                p = sample_files()[i % 9]
                files.append(("%02d-%s" % (i, os.path.basename(p)), read(p)))
            result = {}

            def upload():
                result["r"] = s.post_files(files, timeout=300)

            t = threading.Thread(target=upload)
            t.start()
            private = None
            for _ in range(int(200 * PATIENCE)):   # until the job is queued or running
                private = [d for d in os.listdir(s.tmp) if d.startswith("bitacora-servir-")]
                jobs = [os.path.join(s.tmp, private[0], j) for j in os.listdir(os.path.join(s.tmp, private[0]))
                        if ID_RE.match(j)] if private else []
                if jobs and os.path.exists(os.path.join(jobs[0], "trabajo")):
                    break
                time.sleep(0.05)
            self.assertTrue(private)
            s.proc.send_signal(signal.SIGTERM)
            t.join(300)
            st, h, _ = result["r"]
            self.assertEqual(st, 303)           # the running job was answered
            self.assertEqual(s.proc.wait(120 * PATIENCE), 0)
            self.assertEqual([d for d in os.listdir(s.tmp) if d.startswith("bitacora-servir-")], [])
            with self.assertRaises(OSError):
                socket.create_connection((s.host, s.port), timeout=2)
            self.assertIn("detenido", s.log())
        finally:
            s.cleanup()

    def test_sigint_with_data_folder_keeps_results(self):
        s = Server()
        try:
            job, _, _ = s.convert([("a.csv", read(sample_files()[0]))])
            self.assertEqual(s.stop(signal.SIGINT), 0)
            self.assertTrue(os.path.exists(os.path.join(s.data, job, "resultado.html")))
            self.assertFalse(os.path.exists(os.path.join(s.data, ".plantillas")))
        finally:
            s.cleanup()


class Crash(unittest.TestCase):
    def test_a_conversion_that_dies_is_said_and_the_server_goes_on(self):
        """The conversion's process killed (as the OOM killer would): the
        upload is answered with a page that says so, nothing else is hurt."""
        s = Server()
        try:
            files = [("%02d-%s" % (i, os.path.basename(p)), read(p))
                     for i, p in enumerate(sample_files() * 6)]
            result = {}
            t = threading.Thread(target=lambda: result.setdefault("r", s.post_files(files, timeout=300)))
            t.start()
            killed = False
            for _ in range(int(400 * PATIENCE)):
                out = subprocess.run(["pgrep", "-f", "servir --trabajo " + s.data],
                                     stdout=subprocess.PIPE).stdout.split()
                if out:
                    os.kill(int(out[0]), signal.SIGKILL)
                    killed = True
                    break
                time.sleep(0.01)
            t.join(300)
            self.assertTrue(killed)
            st, h, _ = result["r"]
            self.assertEqual(st, 303)
            st, _, page = s.get("/" + h["location"])
            self.assertEqual(st, 200)
            self.assertIn("terminó de forma inesperada", page.decode("utf-8"))
            js = json.loads(s.get("/" + h["location"] + ".json")[2])
            self.assertEqual(js["resumen"]["estado"], 2)
            self.assertIn("error", js)
            job = h["location"].split("/")[1]
            self.assertFalse(os.path.exists(os.path.join(s.data, job, "entrada")))
            self.assertIn("no dio resultado", s.log())
            # The next one is fine.
            job, page, js = s.convert([("a.csv", read(sample_files()[0]))])
            self.assertEqual(js["resumen"]["archivos"], 1)
        finally:
            s.cleanup()


class Hostile(unittest.TestCase):
    """Hostile uploads change nothing outside their job folder; the server
    answers /salud after each."""

    @classmethod
    def setUpClass(cls):
        cls.s = Server()
        cls.token = os.urandom(6).hex()
        cls.sample = read(os.path.join(SAMPLES, "valparaiso_t01_aconcagua.csv"))

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()

    def tearDown(self):
        self.assertEqual(self.s.get("/salud")[0], 200)
        self.assertEqual(files_outside(self.s.data), [])
        for root in ("/tmp", os.path.dirname(self.s.data), self.s.tmp):
            self.assertEqual([f for f in os.listdir(root) if self.token in f], [], root)

    def test_names(self):
        t = self.token
        names = ["../../../../../../tmp/evil-%s.csv" % t, "/tmp/abs-%s.csv" % t, "CON", "NUL.csv",
                 "aux.csv", "COM1.csv", "..", ".", "a/../../../tmp/up-%s.csv" % t,
                 "\x01\x1b[31mrojo-%s.csv" % t, "x" * 300 + ".csv",
                 "<script>alert(1)</script>-%s.csv" % t, "comilla\"doble'simple.csv",
                 "C:\\Users\\equipo\\Escritorio\\win-%s.csv" % t, "\u202egpj.csv"]
        files = [(n, self.sample) for n in names]
        files.append((b"\xff\xfe\xe9t\xe9-" + t.encode() + b".csv", self.sample))
        # A raw CR LF in a name breaks the part's header itself: whatever
        # the parser makes of it, no label carries it and nothing breaks.
        st, h, body = self.s.post_files([(b"crlf\r\nSet-Cookie: x=1-" + t.encode() + b".csv",
                                          self.sample)])
        self.assertIn(st, (303, 400))
        if st == 303:
            js = json.loads(self.s.get("/" + h["location"] + ".json")[2])
            self.assertFalse(any("\r" in a["nombre"] or "\n" in a["nombre"] for a in js["archivos"]))
        st, h, body = self.s.post_files(files)
        self.assertEqual(st, 303)
        page = self.s.get("/" + h["location"])[2].decode("utf-8")
        js = json.loads(self.s.get("/" + h["location"] + ".json")[2])
        self.assertNotIn("<script>alert", page)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", page)
        self.assertNotIn("\x1b", page)
        self.assertNotIn("\u202e", page)
        labels = [a["nombre"] for a in js["archivos"]]
        self.assertEqual(len(labels), len(files))
        for name in ("evil-%s.csv" % t, "abs-%s.csv" % t, "up-%s.csv" % t, "win-%s.csv" % t):
            self.assertIn(name, labels)      # a path that is no folder's: its last part
        self.assertEqual(len(set(labels)), len(labels))      # each named once
        for label in labels:
            self.assertFalse(label.startswith("/"), label)
            self.assertNotIn("..", label.split("/"))
            self.assertLessEqual(len(label.encode()), 255)
            self.assertFalse(any(ord(c) < 32 for c in label), label)
        # Downloads carry only the program's own names in their headers.
        for a in js["archivos"]:
            if a["libro"]:
                with socket.create_connection((self.s.host, self.s.port)) as c:
                    head = raw_exchange(c, ("GET /%s/f/%s HTTP/1.1\r\nHost: x\r\nConnection: close"
                                            "\r\n\r\n" % (h["location"], a["libro"])).encode())
                disp = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-disposition")]
                self.assertEqual(len(disp), 1)
                self.assertRegex(disp[0], rb'^Content-Disposition: attachment; filename="[a-z0-9._-]+"$')
                self.assertNotIn(b"Set-Cookie", head)

    def test_html_in_cells(self):
        evil = self.sample.replace(b"Aconcagua", b"<script>alert('x')</script><img src=x onerror=alert(1)>")
        evil = evil.replace(b"Los Andes", b"\"><svg onload=alert(2)>")
        job, page, js = self.s.convert([("celdas.csv", evil)])
        self.assertNotIn("<script>alert", page)
        self.assertNotIn("<img src=x", page)
        self.assertNotIn("<svg onload", page)
        self.assertIn("&lt;script&gt;", page)

    def test_zip_slip_and_symlinks(self):
        t = self.token
        entries = [("../../../../../../tmp/slip-%s.csv" % t, self.sample),
                   ("/tmp/abs-%s.csv" % t, self.sample),
                   ("ok/../../../up-%s.csv" % t, self.sample),
                   ("C:/win-%s.csv" % t, self.sample),
                   ("bien.csv", self.sample)]
        raw = zip_bytes(entries)
        link = zipfile.ZipInfo("enlace.csv")
        link.create_system = 3
        link.external_attr = (0o120777 << 16)
        import io
        buf = io.BytesIO(raw)
        with zipfile.ZipFile(buf, "a") as z:
            z.writestr(link, "/etc/passwd")
        job, page, js = self.s.convert([("slip.zip", buf.getvalue())])
        self.assertEqual([a["nombre"] for a in js["archivos"]], ["bien.csv"])
        reasons = {n["nombre"]: n["motivo"] for n in js["no_leidos"]}
        self.assertIn("enlace simbólico", reasons["enlace.csv"])
        self.assertEqual(sum(1 for r in reasons.values() if "sale de la carpeta" in r), 4)
        self.assertTrue(all(n["rechazado"] for n in js["no_leidos"]))
        self.assertEqual(js["resumen"]["estado"], 2)

    def test_zip_bomb(self):
        import zlib
        bomb = zip_bytes([("bomba.csv", b"\0" * (50 << 20)), ("bien.csv", self.sample)])
        self.assertLess(len(bomb), 1 << 20)
        job, page, js = self.s.convert([("bomba.zip", bomb)])
        reasons = {n["nombre"]: n["motivo"] for n in js["no_leidos"]}
        self.assertIn("bomba zip", reasons["bomba.csv"])
        self.assertEqual([a["nombre"] for a in js["archivos"]], ["bien.csv"])

    def test_not_a_zip_and_encrypted_entries(self):
        raw = bytearray(zip_bytes([("cifrado.csv", self.sample), ("bien.csv", self.sample)]))
        # Mark the first entry encrypted, in its local and central headers.
        raw[6] |= 1
        c = raw.find(b"PK\x01\x02")
        raw[c + 8] |= 1
        job, page, js = self.s.convert([("roto.zip", os.urandom(3000)),
                                        ("cifrado.zip", bytes(raw))])
        reasons = {n["nombre"]: n["motivo"] for n in js["no_leidos"]}
        self.assertIn("no es un ZIP válido", reasons["roto.zip"])
        self.assertIn("contraseña", reasons["cifrado.csv"])
        self.assertEqual([a["nombre"] for a in js["archivos"]], ["bien.csv"])

    def test_binary_and_garbage_files(self):
        job, page, js = self.s.convert([("foto.csv", b"\x89PNG\r\n\x1a\n" + os.urandom(5000)),
                                        ("vacio.csv", b""), ("basura.xlsx", os.urandom(4000))])
        self.assertEqual(len(js["archivos"]), 3)
        self.assertTrue(all(a["estado"] == "Excluido: el archivo no se pudo leer"
                            for a in js["archivos"]))
        # Nothing read: the page says so instead of "the workbooks were made".
        self.assertIn("Ningún archivo se pudo leer como bitácora", page)
        self.assertRegex(page, r"<dt>Archivos recibidos</dt><dd>3</dd>")

    def test_body_over_limit(self):
        s = Server("--max-mb", "1")
        try:
            st, _, _ = s.post_files([("x-%s.csv" % self.token, os.urandom(3 << 20))])
            self.assertEqual(st, 413)
            self.assertEqual(s.get("/salud")[0], 200)
            self.assertEqual(os.listdir(s.data), [".plantillas"])
        finally:
            s.cleanup()

    def test_fuzz_seeds_and_finds(self):
        """The fuzzer's seeds, and what it found once (tests/data/fuzz/upload-*)."""
        seeds = tempfile.mkdtemp()
        try:
            subprocess.run(["/usr/bin/python3", os.path.join(SRC, "tests", "fuzz", "upload_seeds.py"),
                            seeds], check=True)
            found = os.path.join(SRC, "tests", "data", "fuzz")
            bodies = [os.path.join(seeds, f) for f in sorted(os.listdir(seeds))]
            bodies += [os.path.join(found, f) for f in sorted(os.listdir(found)) if f.startswith("upload-")]
            for path in bodies:
                st, h, _ = self.s.request("POST", "/revisar", body=read(path), headers={
                    "Content-Type": "multipart/form-data; boundary=bitacora"})
                self.assertIn(st, (303, 400, 413), path)
                self.assertEqual(self.s.get("/salud")[0], 200, path)
                self.assertEqual(files_outside(self.s.data), [], path)
        finally:
            shutil.rmtree(seeds)

    def test_log_has_no_contents(self):
        secret = ("Secreto-%s" % self.token).encode()
        self.s.convert([("a.csv", self.sample.replace(b"Aconcagua", secret))])
        self.assertNotIn(secret.decode(), self.s.log())


if __name__ == "__main__":
    unittest.main(verbosity=2)
