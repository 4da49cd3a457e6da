"""test_navegador.py - `bitacora servir` in a real browser: Debian's
Chromium, headless, driven by Selenium.  A person's path through it: open
the page, choose the samples, send them, read the counts and a finding,
download salida.zip; the same with the keyboard alone, without
JavaScript, on a phone-sized window, and dropping files on the page.
Screenshots go to $BUILD/tests/capturas/ to be looked at."""
import json
import os
import shutil
import tempfile
import time
import unittest
import zipfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from servir import PATIENCE, SRC, Server, read, sample_files

SHOTS = os.path.join(SRC, os.environ.get("BUILD", "build"), "tests", "capturas")
CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def browser(profile, downloads, javascript=True, size=(1280, 1000), phone=False):
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--lang=es-CL", "--user-data-dir=" + profile,
              "--window-size=%d,%d" % size):
        o.add_argument(a)
    prefs = {"download.default_directory": downloads, "download.prompt_for_download": False,
             "intl.accept_languages": "es-CL,es"}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    if phone:    # a phone's viewport (a desktop window cannot be that narrow)
        o.add_experimental_option("mobileEmulation", {"deviceMetrics": {
            "width": 390, "height": 844, "pixelRatio": 1.0}})
    o.add_experimental_option("prefs", prefs)
    d = webdriver.Chrome(service=Service(DRIVER), options=o)
    d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    d.set_page_load_timeout(120 * PATIENCE)
    return d


def wait_for(cond, timeout=60):
    end = time.monotonic() + timeout * PATIENCE
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out")


class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for f in (CHROMIUM, DRIVER):
            if not os.path.exists(f):
                raise RuntimeError("falta %s: instale chromium y chromium-driver "
                                   "(tools/deps.sh test)" % f)
        os.makedirs(SHOTS, exist_ok=True)
        cls.s = Server()

    @classmethod
    def tearDownClass(cls):
        cls.s.cleanup()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="bitacora-nav-")
        self.downloads = os.path.join(self.tmp, "descargas")
        os.mkdir(self.downloads)
        self.drivers = []

    def tearDown(self):
        for d in self.drivers:
            d.quit()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def open(self, **kw):
        d = browser(os.path.join(self.tmp, "perfil%d" % len(self.drivers)), self.downloads, **kw)
        self.drivers.append(d)
        return d

    def choose_samples(self, d):
        d.find_element(By.ID, "archivos").send_keys("\n".join(sample_files()))

    def wait_result(self, d):
        wait_for(lambda: "/resultado/" in d.current_url and
                 d.find_elements(By.CSS_SELECTOR, "dl.cifras"))

    def counts(self, d):
        out = {}
        for div in d.find_elements(By.CSS_SELECTOR, "dl.cifras div"):
            out[div.find_element(By.TAG_NAME, "dt").text] = int(div.find_element(By.TAG_NAME, "dd").text)
        return out

    def test_upload_read_and_download(self):
        d = self.open()
        d.get(self.s.url)
        self.assertEqual(d.title, "Revisar y convertir bitácoras · Bitácoras ETT")
        self.choose_samples(d)
        listed = wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#elegidos li"))
        self.assertEqual(len(listed), 10)      # nine files and the total
        d.save_screenshot(os.path.join(SHOTS, "inicio.png"))
        d.find_element(By.ID, "enviar").click()
        self.wait_result(d)
        d.set_window_size(1280, 3200)
        d.save_screenshot(os.path.join(SHOTS, "resultado.png"))
        self.assertEqual(self.counts(d), {"Archivos recibidos": 9, "Territorios convertidos": 9,
                                          "Errores": 6, "Avisos": 9})
        # A finding of samples/README.md, at its cell.
        row = d.find_element(By.XPATH, "//h3[starts-with(., 'rm_t07_maipo.csv')]/following-sibling::div"
                                       "//tr[td[@class='celda']='B28']")
        self.assertIn("E051", row.text)
        self.assertIn("la dotación declarada es 2, pero hay 1 nombre listado", row.text)
        # Only errors, without a round trip.
        d.find_element(By.CSS_SELECTOR, "label[for=ver-errores]").click()
        avisos = d.find_elements(By.CSS_SELECTOR, "tr.sev-aviso")
        self.assertTrue(avisos)
        self.assertFalse(any(a.is_displayed() for a in avisos))
        self.assertTrue(all(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, "tr.sev-error")))
        # salida.zip, as a browser downloads it.
        d.find_element(By.PARTIAL_LINK_TEXT, "Descargar todo").click()
        path = os.path.join(self.downloads, "salida.zip")
        wait_for(lambda: os.path.exists(path) and not os.path.exists(path + ".crdownload"))
        job = d.current_url.rsplit("/", 1)[1]
        st, _, served = self.s.get("/resultado/%s/salida.zip" % job)
        self.assertEqual(read(path), served)
        with zipfile.ZipFile(path) as z:
            self.assertIn("nacional.xlsx", z.namelist())
            self.assertIsNone(z.testzip())

    def test_keyboard_only(self):
        d = self.open()
        d.get(self.s.url)
        seen = []
        keys = ActionChains(d)
        for _ in range(40):
            keys.send_keys(Keys.TAB).perform()
            el = d.switch_to.active_element
            seen.append(el.get_attribute("id") or el.tag_name)
            if "enviar" in seen:
                break
        self.assertIn("archivos", seen)
        self.assertIn("enviar", seen)
        self.assertLess(seen.index("archivos"), seen.index("enviar"))
        # The skip link comes first.
        self.assertEqual(seen[0], "a")
        # Files cannot be typed into a dialog here; the rest is keys.
        self.choose_samples(d)
        d.find_element(By.ID, "enviar").send_keys(Keys.ENTER)
        self.wait_result(d)
        links = []
        keys = ActionChains(d)
        for _ in range(80):
            keys.send_keys(Keys.TAB).perform()
            el = d.switch_to.active_element
            href = el.get_attribute("href") or ""
            links.append(href)
            if href.endswith("salida.zip"):
                break
        self.assertTrue(links[-1].endswith("salida.zip"), links)
        keys.send_keys(Keys.ENTER).perform()
        path = os.path.join(self.downloads, "salida.zip")
        wait_for(lambda: os.path.exists(path) and not os.path.exists(path + ".crdownload"))
        # The filter too.
        for _ in range(80):
            keys.send_keys(Keys.TAB).perform()
            if d.switch_to.active_element.get_attribute("name") == "ver":
                break
        self.assertEqual(d.switch_to.active_element.get_attribute("id"), "ver-todos")
        keys.send_keys(Keys.ARROW_RIGHT).perform()
        self.assertEqual(d.switch_to.active_element.get_attribute("id"), "ver-errores")
        self.assertFalse(any(a.is_displayed() for a in d.find_elements(By.CSS_SELECTOR, "tr.sev-aviso")))

    def test_without_javascript(self):
        d = self.open(javascript=False)
        d.get(self.s.url)
        self.assertFalse(d.find_element(By.CSS_SELECTOR, ".con-script").is_displayed())
        self.choose_samples(d)
        d.find_element(By.ID, "enviar").click()
        self.wait_result(d)
        d.set_window_size(1280, 2400)
        d.save_screenshot(os.path.join(SHOTS, "resultado-sin-js.png"))
        job = d.current_url.rsplit("/", 1)[1]
        js = json.loads(self.s.get("/resultado/%s.json" % job)[2])
        self.assertEqual(self.counts(d)["Errores"], 6, json.dumps(js["hallazgos"], ensure_ascii=False))
        d.find_element(By.CSS_SELECTOR, "label[for=ver-avisos]").click()
        self.assertFalse(any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, "tr.sev-error")))

    def test_phone(self):
        d = self.open(phone=True)
        d.get(self.s.url)
        d.save_screenshot(os.path.join(SHOTS, "inicio-movil.png"))
        # Nothing wider than the screen.
        self.assertEqual(d.execute_script("return window.innerWidth"), 390)
        self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), 390)
        self.choose_samples(d)
        d.find_element(By.ID, "enviar").click()
        self.wait_result(d)
        self.assertLessEqual(d.execute_script("return document.documentElement.scrollWidth"), 390)
        d.save_screenshot(os.path.join(SHOTS, "resultado-movil.png"))

    def test_drop_files_with_progress(self):
        d = self.open()
        d.get(self.s.url)
        # A drop as the page receives it: a DataTransfer with files.
        names = [os.path.basename(p) for p in sample_files()[:3]]
        contents = [read(p).decode("latin-1") for p in sample_files()[:3]]
        d.execute_script("""
            const dt = new DataTransfer();
            for (let i = 0; i < arguments[0].length; i++) {
                const bytes = Uint8Array.from(arguments[1][i], c => c.charCodeAt(0));
                dt.items.add(new File([bytes], arguments[0][i], {lastModified: 1733011200000}));
            }
            const z = document.getElementById('zona');
            z.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        """, names, contents)
        listed = wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#elegidos li"))
        self.assertEqual(len(listed), 4)
        self.assertIn(names[0], listed[0].text)
        d.find_element(By.ID, "enviar").click()
        self.assertTrue(d.find_element(By.ID, "progreso").is_displayed() or "/resultado/" in d.current_url)
        self.wait_result(d)
        self.assertEqual(self.counts(d)["Archivos recibidos"], 3)
        job = d.current_url.rsplit("/", 1)[1]
        js = json.loads(self.s.get("/resultado/%s.json" % job)[2])
        self.assertEqual(sorted(a["nombre"] for a in js["archivos"]), sorted(names))

    def test_progress_bar(self):
        d = self.open()
        d.get(self.s.url)
        # A slow office network: ~1 MB takes a few seconds to go up.
        d.execute_cdp_cmd("Network.enable", {})
        d.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": False, "latency": 20, "downloadThroughput": 10 << 20,
            "uploadThroughput": 256 << 10})
        big = os.path.join(self.tmp, "varias.zip")
        with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as z:
            for p in sample_files():
                z.write(p, "region/" + os.path.basename(p))
            z.writestr("region/relleno.bin", os.urandom(700 << 10))
        d.find_element(By.ID, "archivos").send_keys(big)
        wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#elegidos li"))
        d.find_element(By.ID, "enviar").click()
        bar = d.find_element(By.ID, "barra")
        values = set()
        end = time.monotonic() + 60 * PATIENCE
        while "/resultado/" not in d.current_url and time.monotonic() < end:
            v = d.execute_script("return document.getElementById('barra') && "
                                 "document.getElementById('barra').getAttribute('value')")
            if v is not None:
                values.add(int(v))
            if 0 < len(values) and 20 < max(values) < 100 and not getattr(self, "_shot", False):
                d.save_screenshot(os.path.join(SHOTS, "subiendo.png"))
                self._shot = True
                self.assertIn("Subiendo", d.find_element(By.ID, "progreso-texto").text)
                self.assertFalse(d.find_element(By.ID, "enviar").is_enabled())
            time.sleep(0.05)
        self.wait_result(d)
        self.assertGreaterEqual(len([v for v in values if 0 < v < 100]), 2, values)
        self.assertEqual(self.counts(d)["Archivos recibidos"], 9)

    def test_error_shown_on_the_page(self):
        s = Server("--max-mb", "1")
        try:
            d = self.open()
            d.get(s.url)
            big = os.path.join(self.tmp, "grande.csv")
            with open(big, "wb") as f:
                f.write(b"x" * (2 << 20))
            d.find_element(By.ID, "archivos").send_keys(big)
            wait_for(lambda: d.find_elements(By.CSS_SELECTOR, "#elegidos li"))
            d.find_element(By.ID, "enviar").click()
            box = wait_for(lambda: [e for e in d.find_elements(By.ID, "aviso-error") if e.is_displayed()])
            self.assertIn("pasa de 1 MB", box[0].text)
            self.assertNotIn("POST /revisar", s.log())      # said before any upload
            # Past the page's own check (an old page, a script off), the
            # server's answer is what the page shows.
            d.execute_script("document.getElementById('formulario').setAttribute('data-max-mb', '0')")
            d.find_element(By.ID, "enviar").click()
            wait_for(lambda: "POST /revisar 413" in s.log())
            box = wait_for(lambda: [e for e in d.find_elements(By.ID, "aviso-error")
                                    if e.is_displayed() and "servidor" in e.text])
            self.assertIn("Envío demasiado grande: El envío pasa de 1 MB", box[0].text)
            self.assertTrue(d.find_element(By.ID, "enviar").is_enabled())
            d.save_screenshot(os.path.join(SHOTS, "error-grande.png"))
        finally:
            s.cleanup()


if __name__ == "__main__":
    unittest.main(verbosity=2)
