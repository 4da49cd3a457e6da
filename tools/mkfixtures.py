#!/usr/bin/python3
"""mkfixtures.py - the XLSX test fixtures of tests/data/xlsx/, and a template filler.

Usage (from the project root; needs Debian's /usr/bin/python3 with
python3-openpyxl, and LibreOffice's `soffice` for the first form):

    /usr/bin/python3 tools/mkfixtures.py [OUTDIR]
        Rebuild every fixture into OUTDIR (default tests/data/xlsx/).
        Re-runnable: it overwrites the files it makes and nothing else.

    /usr/bin/python3 tools/mkfixtures.py fill TEMPLATE.xlsx OUT.xlsx [SAMPLE.csv]
        Fill the "Bitácora" sheet of the fillable template (the one
        `bitacora template` writes) with the content of one sample logbook
        (default samples/valparaiso_t01_aconcagua.csv), as a team would:
        numbers as numbers, dates as real date cells (dd-mm-yyyy, and
        mm-yyyy for the month-only CAETT dates), one comuna per cell B..E
        and the rest in F separated by "; ", the names of each discipline
        on separate lines of one cell.  The template's formulas (the Total
        rows, the names counted beside each discipline) are left as they
        are: openpyxl stores no result for them, and LibreOffice computes
        them when it opens the file.
        tests/test_roundtrip.c runs this at test time, so the round trip
        follows the committed template.

The fixtures (what tests/test_xlsxread.c expects of each is in its tables):

  Written by LibreOffice Calc (LibreOffice is the last writer):
    lo_valparaiso_t01.xlsx   samples/valparaiso_t01_aconcagua.csv (UTF-8, comma)
                             converted by soffice; sheet named after the file.
    lo_rm_t07_maipo.xlsx     samples/rm_t07_maipo.csv (Windows-1252, ';')
                             converted by soffice.
    lo_edited_maipo.xlsx     lo_rm_t07_maipo.xlsx edited with openpyxl, then
                             saved again by soffice: sheet renamed "Bitácora"
                             with a decoy sheet "Instrucciones" before it;
                             session N°1 Fecha and the first CAETT date as real
                             date cells (dd-mm-yyyy / mm-yyyy); counts as real
                             (floating) numbers, one of them 1.5; the Periodo
                             typed as text; merged cells (region B3:C3,
                             heading A22:C22, comunas B6:D6).
    lo_from_1904.xlsx        openpyxl_biobio_1904.xlsx saved again by soffice.
    lo_template_maipo.xlsx   templates/bitacora_ett.xlsx filled ("fill" below)
                             with samples/rm_t07_maipo.csv, then calculated and
                             saved by soffice: its Total rows, the names counted
                             beside each discipline and the marks ("No coincide"
                             beside Sicólogo/a) hold LibreOffice's results.
  Written by openpyxl from scratch (laid out like templates/bitacora_ett.csv,
  content of samples/biobio_t03_arauco.csv):
    openpyxl_biobio.xlsx     1900 date system; decoy first sheet "Portada",
                             logbook sheet "BITÁCORA ETT" (found by name);
                             numbers as numbers; session dates as date cells
                             (dd-mm-yyyy, built-in format 14, a long Spanish
                             format with quoted text) and one as text; CAETT
                             dates with month-only formats mm-yyyy and mmmm
                             yyyy.  Debian's openpyxl writes every string
                             inline; the labels of column A are then moved to
                             a shared-strings part (one in rich-text runs with
                             a phonetic run, which is not part of the text),
                             a value is made rich-text inline, and the units
                             Total is a formula with its cached value.
    openpyxl_biobio_1904.xlsx the same in the 1904 date system
                             (wb.epoch = CALENDAR_MAC_1904); the first sheet
                             is a hidden decoy and the logbook sheet is
                             "Hoja1" (no "Bitácora": the first visible sheet).
  Written by this script (zipfile), small and byte-for-byte reproducible:
    hand_minimal.xlsx        a minimal valid package (the base of the broken
                             ones below): identity rows only.
    csv_named.xlsx           samples/valparaiso_t01_aconcagua.csv renamed.
  Hostile or broken (each must be refused quickly, with its finding):
    bomb_spaces.xlsx         sheet part = 8 MiB of spaces (ratio > 200:1).
    bomb_rows.xlsx           sheet part = 48 MiB of repeated <row/> (ratio ~660:1; more
                             than 1.048.576 rows before 200 x its compressed size).
    bomb_sst.xlsx            sharedStrings part = 8 MiB of <si><t>a</t></si>.
    bomb_declared.xlsx       sheet part whose zip headers say 300 MiB.
    bomb_lying.xlsx          bomb_spaces.xlsx with zip headers that say 4 KiB.
    laughs_sheet.xlsx        billion laughs (DTD, nested entities) in the sheet.
    laughs_ct.xlsx           the same in [Content_Types].xml.
    no_content_types.xlsx    [Content_Types].xml missing.
    no_workbook.xlsx         xl/workbook.xml missing.
    no_sheet.xlsx            xl/worksheets/sheet1.xml missing.
    truncated_sheet.xlsx     the sheet XML cut in the middle of an element.
    crc.xlsx                 one byte changed inside a stored member.
    encrypted.xlsx           the "encrypted" general-purpose flag set on every
                             member (local and central headers).
    ole.xlsx                 D0 CF 11 E0 A1 B1 1A E1 and junk (old .xls, or a
                             password-protected workbook).
    text.xlsx                plain text that is not a logbook.
    binary.xlsx              a PNG header and junk.
    empty.xlsx               0 bytes.
    truncated_zip.xlsx       the first half of openpyxl_biobio.xlsx.
    docx.xlsx                a Word document package.
    ods.xlsx                 samples/valparaiso_t01_aconcagua.csv as .ods (soffice).
    empty_zip.xlsx           a zip with no members.
    empty_sheet.xlsx         a valid package whose only sheet has no rows.
    too_many_rows.xlsx       a row numbered 1.048.577.

The files LibreOffice writes embed the time they were made (docProps, zip
entry dates), so rebuilding changes their bytes but not their content; the
others are the same bytes each time.
"""
import csv
import datetime
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# ---------------------------------------------------------------- labels


def fold(s):
    """Accent-, case- and punctuation-insensitive key, like bitacora's."""
    s = unicodedata.normalize("NFKD", str(s))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("n°", "n ").replace("nº", "n ").replace("no.", "n ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


SECTIONS = {
    fold("ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)"): "ident",
    fold("UNIDADES EDUCATIVAS DEL TERRITORIO"): "units",
    fold("DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO"): "staff",
    fold("ORGANIZACIÓN PARA EL ACOMPAÑAMIENTO TÉCNICO TERRITORIAL"): "org",
    fold("PLANIFICACIÓN"): "plan",
    fold("IMPLEMENTACIÓN"): "impl",
    fold("EVALUACIÓN"): "eval",
}
SESSION_RE = re.compile(r"^registro comunidad de aprendizaje n ?(\d+)$")
TABLE_HEADERS = {
    fold("Programas / Modalidades"),
    fold("Disciplinas"),
    fold("Contextos, temáticas, contenidos, problemáticas identificadas"),
    fold("Ámbito"),
}
SUBHEADING = fold("Registro para la proyección del acompañamiento técnico territorial "
                  "del próximo periodo")
TITLE = fold("BITÁCORA DEL EQUIPO TÉCNICO TERRITORIAL PARA EL ACOMPAÑAMIENTO TÉCNICO "
             "PERTINENTE")
CAETT_TOTAL = fold("Total de Comunidades de Aprendizaje del Equipo Técnico Territorial "
                   "(CAETT) proyectadas")
AMBITOS = [fold("Proyecciones con las UE"), fold("Proyecciones del ETT")]
INT_FIELDS = {fold("N° territorio"), fold("Periodo")}
COMUNAS = fold("Comunas que abarca el territorio")


def section_of(label):
    """(section, session number) of a heading, or None."""
    k = fold(label)
    if k in SECTIONS:
        return SECTIONS[k], 0
    m = SESSION_RE.match(k)
    if m:
        return "session", int(m.group(1))
    return None


# ---------------------------------------------------------------- samples


def read_sample(path):
    """The content of a sample logbook CSV, keyed by folded label."""
    raw = open(path, "rb").read()
    if raw.startswith(b"\xff\xfe"):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
    first = text.split("\n", 1)[0]
    delim = max([",", ";", "\t"], key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
    c = {"fields": {}, "units": {}, "staff": {}, "caett": [], "sessions": [],
         "proj": [], "units_total": None, "staff_total": None}
    sec = None
    ambito = ""
    for row in rows:
        cells = [x.strip() for x in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        label, rest = cells[0], [x for x in cells[1:] if x]
        s = section_of(label) if label else None
        if s:
            sec = s[0]
            if sec == "session":
                c["sessions"].append({})
            continue
        k = fold(label)
        if k == TITLE or k in TABLE_HEADERS or k == SUBHEADING:
            continue
        if sec in ("ident", "org", "plan") or (sec == "eval" and k and k not in AMBITOS
                                                and not c["proj"]):
            c["fields"][k] = rest
        elif sec == "units":
            if k == "total":
                c["units_total"] = rest[0] if rest else None
            else:
                c["units"][k] = rest[0] if rest else None
        elif sec == "staff":
            if k == "total":
                c["staff_total"] = rest[0] if rest else None
            else:
                names = []
                for x in cells[2:]:
                    names += [n.strip() for n in re.split(r"[;\n]", x) if n.strip()]
                c["staff"][k] = (cells[1] if len(cells) > 1 else "", names)
        elif sec == "impl":
            if k == CAETT_TOTAL:
                c["fields"][k] = rest
            else:
                c["caett"].append((cells + ["", "", ""])[:3])
        elif sec == "session":
            c["sessions"][-1][k] = rest[0] if rest else ""
        elif sec == "eval":
            if k in AMBITOS:
                ambito = k
            c["proj"].append((ambito, (cells + ["", "", ""])[1:3]))
    return c


MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre"]


def parse_date(s):
    """(datetime, has_day) for the date forms the samples use, or None."""
    t = fold(s)
    m = re.fullmatch(r"(\d{1,2}) (\d{1,2}) (\d{2}|\d{4})", t)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return datetime.datetime(y + 2000 if y < 100 else y, mo, d), True
    m = re.fullmatch(r"(\d{4}) (\d{1,2}) (\d{1,2})", t)
    if m:
        return datetime.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3))), True
    m = re.fullmatch(r"(?:[a-z]+ )?(\d{1,2}) de ([a-z]+) de (\d{4})", t)
    if m and m.group(2) in MONTHS:
        return datetime.datetime(int(m.group(3)), MONTHS.index(m.group(2)) + 1,
                                 int(m.group(1))), True
    m = re.fullmatch(r"([a-z]+) (?:de )?(\d{4})", t)
    if m and m.group(1) in MONTHS:
        return datetime.datetime(int(m.group(2)), MONTHS.index(m.group(1)) + 1, 1), False
    m = re.fullmatch(r"(\d{1,2}) (\d{4})", t)
    if m:
        return datetime.datetime(int(m.group(2)), int(m.group(1)), 1), False
    return None


def as_int(s):
    try:
        return int(str(s).strip())
    except (TypeError, ValueError):
        return s


# ---------------------------------------------------------------- filling


def set_date(cell, text, day_fmt="dd-mm-yyyy", month_fmt="mm-yyyy"):
    p = parse_date(text) if text else None
    if not p:
        cell.value = text or None
        return
    cell.value = p[0]
    cell.number_format = day_fmt if p[1] else month_fmt


def is_formula(cell):
    return isinstance(cell.value, str) and cell.value.startswith("=")


def fill_sheet(ws, c, date_formats=None):
    """Write sample content c into a sheet laid out like the template.

    date_formats: optional {("session", n) | ("caett", i): number format}
    (None as a format keeps the text as typed)."""
    date_formats = date_formats or {}
    sec, sess = None, 0
    caett = list(c["caett"])
    caett_i = 0
    groups = {}
    for amb, vals in c["proj"]:
        groups.setdefault(amb, []).append(vals)
    in_caett = False
    proj_amb, proj_i = None, 0
    for row in range(1, ws.max_row + 1):
        a = ws.cell(row, 1).value
        label = str(a) if a is not None else ""
        s = section_of(label) if label else None
        if s:
            sec, sess = s
            in_caett = False
            continue
        k = fold(label)
        b = ws.cell(row, 2)
        if sec in ("ident", "org", "plan", "eval") and k in c["fields"] and k not in AMBITOS:
            vals = c["fields"][k]
            if k == COMUNAS:
                comunas = [x.strip() for x in re.split(r"[,;\n]", " ".join(vals)) if x.strip()]
                for i, name in enumerate(comunas[:4]):
                    ws.cell(row, 2 + i).value = name
                if comunas[4:]:
                    ws.cell(row, 6).value = "; ".join(comunas[4:])
            elif vals:
                b.value = as_int(vals[0]) if k in INT_FIELDS else vals[0]
        elif sec in ("units", "staff") and k == "total" and is_formula(b):
            pass   # the template adds up by itself
        elif sec == "units":
            if k == "total" and c["units_total"] is not None:
                b.value = as_int(c["units_total"])
            elif k in c["units"] and c["units"][k] is not None:
                b.value = as_int(c["units"][k])
        elif sec == "staff":
            if k == "total" and c["staff_total"] is not None:
                b.value = as_int(c["staff_total"])
            elif k in c["staff"]:
                count, names = c["staff"][k]
                b.value = as_int(count) if count != "" else None
                if names:
                    ws.cell(row, 3).value = "\n".join(names)
        elif sec == "impl":
            if k in TABLE_HEADERS:
                in_caett = True
            elif k == CAETT_TOTAL:
                in_caett = False
                b.value = as_int(c["fields"].get(k, [None])[0])
            elif in_caett and not label and caett_i < len(caett):
                topic, date, strategy = caett[caett_i]
                ws.cell(row, 1).value = topic or None
                fmt = date_formats.get(("caett", caett_i), "")
                if fmt is None:
                    b.value = date or None
                else:
                    set_date(b, date, month_fmt=fmt or "mm-yyyy", day_fmt=fmt or "dd-mm-yyyy")
                ws.cell(row, 3).value = strategy or None
                caett_i += 1
        elif sec == "session" and 0 < sess <= len(c["sessions"]):
            ses = c["sessions"][sess - 1]
            if k == "fecha":
                fmt = date_formats.get(("session", sess), "dd-mm-yyyy")
                if fmt is None:
                    b.value = ses.get(k) or None
                else:
                    set_date(b, ses.get(k), day_fmt=fmt)
            elif k in ses:
                b.value = ses[k] or None
        if sec == "eval":
            if k in AMBITOS:
                proj_amb, proj_i = k, 0
            elif k in TABLE_HEADERS or k == SUBHEADING:
                proj_amb = None
            if proj_amb is not None and (k in AMBITOS or not label):
                vals = groups.get(proj_amb, [])
                if proj_i < len(vals):
                    ws.cell(row, 2).value = vals[proj_i][0] or None
                    ws.cell(row, 3).value = vals[proj_i][1] or None
                proj_i += 1


def cmd_fill(template, out, sample):
    import openpyxl
    wb = openpyxl.load_workbook(template)
    fill_sheet(wb["Bitácora"], read_sample(sample))
    wb.save(out)


# ---------------------------------------------------------------- zip helpers


def zip_bytes(members, stored=()):
    """A zip of (name, bytes) members with fixed dates (reproducible)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, FIXED_TIME)
            zi.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data)
    return buf.getvalue()


def zip_members(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def replace_member(members, name, data):
    return [(n, data if n == name else d) for n, d in members]


def drop_member(members, name):
    return [(n, d) for n, d in members if n != name]


def central_entries(data):
    """Offsets of (local header, central header, name) of every member."""
    eocd = data.rfind(b"PK\x05\x06")
    n, size, off = struct.unpack_from("<HII", data, eocd + 10)
    out, p = [], off
    for _ in range(n):
        assert data[p:p + 4] == b"PK\x01\x02"
        nl, el, cl = struct.unpack_from("<HHH", data, p + 28)
        local = struct.unpack_from("<I", data, p + 42)[0]
        out.append((local, p, data[p + 46:p + 46 + nl].decode()))
        p += 46 + nl + el + cl
    return out


# ---------------------------------------------------------------- the minimal package

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    XML_HEAD +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
ROOT_RELS = (
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
WORKBOOK = (
    XML_HEAD +
    f'<workbook xmlns="{NS}" xmlns:r="{RNS}"><workbookPr date1904="false"/>'
    '<sheets><sheet name="Bitácora" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    XML_HEAD +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>')
STYLES = (
    XML_HEAD +
    f'<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="General"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>')
SST_STRINGS = ["ANTECEDENTES DEL TERRITORIO Y DEL EQUIPO TÉCNICO TERRITORIAL (ETT)",
               "Región", "Región de Valparaíso", "N° territorio", "Nombre del territorio",
               "Aconcagua", "Periodo"]
SST = (XML_HEAD + f'<sst xmlns="{NS}" count="{len(SST_STRINGS)}" uniqueCount="{len(SST_STRINGS)}">' +
       "".join(f"<si><t>{s}</t></si>" for s in SST_STRINGS) + "</sst>")
SHEET_ROWS = ('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
              '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row>'
              '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3" s="1"><v>1</v></c></row>'
              '<row r="4"><c r="A4" t="s"><v>4</v></c><c r="B4" t="s"><v>5</v></c></row>'
              '<row r="5"><c r="A5" t="s"><v>6</v></c><c r="B5" s="1"><v>2025</v></c></row>')


def sheet_xml(rows):
    return XML_HEAD + f'<worksheet xmlns="{NS}" xmlns:r="{RNS}"><sheetData>{rows}</sheetData></worksheet>'


def minimal_members(sheet=None):
    return [("[Content_Types].xml", CONTENT_TYPES.encode()),
            ("_rels/.rels", ROOT_RELS.encode()),
            ("xl/workbook.xml", WORKBOOK.encode()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
            ("xl/styles.xml", STYLES.encode()),
            ("xl/sharedStrings.xml", SST.encode()),
            ("xl/worksheets/sheet1.xml", (sheet or sheet_xml(SHEET_ROWS)).encode())]


LAUGHS_DTD = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
              "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(2, 10)) +
              "]>")


def bomb(members, part, head, body, tail, size=48 << 20):
    """members with `part` replaced by a highly compressible text of `size`
    bytes, streamed into the zip so it is never whole in memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            if name != part:
                z.writestr(zi, data)
                continue
            with z.open(zi, "w") as w:
                w.write(head)
                block = body * max(1, (1 << 20) // len(body))
                n = len(head) + len(tail)
                while n + len(block) <= size:
                    w.write(block)
                    n += len(block)
                w.write(tail)
    return buf.getvalue()


def set_flag_bit(data, bit):
    b = bytearray(data)
    for local, central, _ in central_entries(data):
        struct.pack_into("<H", b, local + 6, struct.unpack_from("<H", b, local + 6)[0] | bit)
        struct.pack_into("<H", b, central + 8, struct.unpack_from("<H", b, central + 8)[0] | bit)
    return bytes(b)


def declare_size(data, part, size):
    b = bytearray(data)
    for local, central, name in central_entries(data):
        if name == part:
            struct.pack_into("<I", b, local + 22, size)
            struct.pack_into("<I", b, central + 24, size)
    return bytes(b)


# ---------------------------------------------------------------- LibreOffice


class Office:
    def __init__(self, tmp):
        self.profile = os.path.join(tmp, "lo-profile")

    def convert(self, src, fmt, outdir, infilter=None):
        os.makedirs(outdir, exist_ok=True)
        cmd = ["soffice", f"-env:UserInstallation=file://{self.profile}", "--headless"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", fmt, "--outdir", outdir, src]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + "." +
                           fmt.split(":")[0])
        if not os.path.exists(out):
            sys.exit(f"mkfixtures: soffice did not write {out}")
        return out


# ---------------------------------------------------------------- openpyxl fixtures


def template_rows():
    with open(os.path.join(ROOT, "templates", "bitacora_ett.csv"), encoding="utf-8-sig",
              newline="") as f:
        return list(csv.reader(f))


def openpyxl_logbook(out, epoch1904):
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904
    wb = openpyxl.Workbook()
    decoy = wb.active
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
        decoy.title = "Listas"
        decoy.sheet_state = "hidden"
        ws = wb.create_sheet("Hoja1")
        wb.active = 1
    else:
        decoy.title = "Portada"
        ws = wb.create_sheet("BITÁCORA ETT")
    # A decoy that reads as another territory if the wrong sheet is taken.
    decoy.append(["Región", "Región de Valparaíso"])
    decoy.append(["N° territorio", 99])
    decoy.append(["Nombre del territorio", "Hoja equivocada"])
    for row in template_rows():
        ws.append([x if x else None for x in row])
    c = read_sample(os.path.join(ROOT, "samples", "biobio_t03_arauco.csv"))
    fill_sheet(ws, c, {("session", 1): "dd-mm-yyyy",
                       ("session", 2): "mm-dd-yy",          # built-in format 14
                       ("session", 3): None,                # text as typed
                       ("session", 4): 'dddd d "de" mmmm "de" yyyy',
                       ("caett", 0): "mm-yyyy",
                       ("caett", 1): "mmmm yyyy",
                       ("caett", 2): None})
    # The units Total as a formula (openpyxl writes no cached value: one is
    # added below, as Excel would have).
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == "Total" and ws.cell(row - 1, 1).value == \
                "Programa Educativo para la Familia":
            ws.cell(row, 2).value = f"=SUM(B{row - 9}:B{row - 1})"
            total_row = row
    tmp = out + ".tmp"
    wb.save(tmp)
    members = zip_members(tmp)
    os.unlink(tmp)
    parts = dict(members)
    sheet_name = "xl/worksheets/sheet2.xml"
    xml = parts[sheet_name].decode()
    f = f"<f>SUM(B{total_row - 9}:B{total_row - 1})</f>"
    xml = re.sub(re.escape(f) + r"(<v\s*/>|<v></v>)?", f + "<v>33</v>", xml)
    assert "<v>33</v>" in xml
    # This openpyxl writes every string inline.  Make the mix a workbook
    # from another program can have: the labels of column A as shared
    # strings (one of them in rich-text runs with a phonetic run, which is
    # not part of the text), the values inline (one in rich-text runs).
    cell_re = re.compile(r'<c r="([A-Z]+\d+)"((?: [a-z]+="[^"]*")*?) t="inlineStr"><is>(.*?)</is></c>')
    runs = {
        "Nombre del territorio":
            '<r><t xml:space="preserve">Nombre del </t></r><r><rPr><b/></rPr><t>territorio</t></r>',
        "Jard&#237;n Familiar":
            '<r><t xml:space="preserve">Jard&#237;n </t></r><r><rPr><i/></rPr><t>Familiar</t></r>'
            '<rPh sb="0" eb="6"><t>ハルディン</t></rPh>',
        "Arauco - Lafkenche":
            '<r><t xml:space="preserve">Arauco </t></r><r><rPr><b/></rPr><t>- Lafkenche</t></r>',
    }
    sst, index = [], {}

    def to_sst(m):
        ref, attrs, inner = m.groups()
        text = re.sub(r"<[^>]+>", "", inner)
        if not ref.startswith("A"):
            if text in runs:
                return f'<c r="{ref}"{attrs} t="inlineStr"><is>{runs[text]}</is></c>'
            return m.group(0)
        if text not in index:
            index[text] = len(sst)
            sst.append(runs.get(text, inner))
        return f'<c r="{ref}"{attrs} t="s"><v>{index[text]}</v></c>'

    xml = cell_re.sub(to_sst, xml)
    assert "ハルディン" in "".join(sst) and "- Lafkenche" in xml
    sst_xml = (XML_HEAD + f'<sst xmlns="{NS}" count="{len(sst)}" uniqueCount="{len(sst)}">' +
               "".join(f"<si>{s}</si>" for s in sst) + "</sst>")
    ct = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = parts["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>", '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>")
    # Fixed document dates, so that rebuilding gives the same bytes.
    core = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", r"\g<1>2025-01-01T00:00:00Z",
                  parts["docProps/core.xml"].decode())
    members = replace_member(members, "docProps/core.xml", core.encode())
    members = replace_member(members, sheet_name, xml.encode())
    members = replace_member(members, "[Content_Types].xml", ct.encode())
    members = replace_member(members, "xl/_rels/workbook.xml.rels", rels.encode())
    members.append(("xl/sharedStrings.xml", sst_xml.encode()))
    with open(out, "wb") as fo:
        fo.write(zip_bytes(members))


# ---------------------------------------------------------------- LibreOffice edit


def edit_maipo(src, out):
    import openpyxl
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    ws.title = "Bitácora"
    decoy = wb.create_sheet("Instrucciones", 0)
    decoy.append(["Región", "Región de Valparaíso"])
    decoy.append(["N° territorio", 99])
    decoy.append(["Cómo llenar la bitácora: escriba en la hoja «Bitácora»."])
    wb.active = 1

    def row_of(label, start=1):
        for r in range(start, ws.max_row + 1):
            if ws.cell(r, 1).value == label:
                return r
        raise KeyError(label)

    # Counts as real numbers; one with a fraction (E040).
    ws.cell(row_of("Jardín Familiar"), 2).value = 2.0
    ws.cell(row_of("Jardín Laboral"), 2).value = 1.5
    ws.cell(row_of("Nutricionista"), 2).value = 1.0
    ws.cell(row_of("Periodo"), 2).value = "2025"
    # Session N°1 Fecha and the first CAETT date as date cells.
    ses = row_of("REGISTRO COMUNIDAD DE APRENDIZAJE N°1")
    fecha = row_of("Fecha", ses)
    ws.cell(fecha, 2).value = datetime.datetime(2025, 3, 20)
    ws.cell(fecha, 2).number_format = "dd-mm-yyyy"
    hdr = row_of("Contextos, temáticas, contenidos, problemáticas identificadas")
    ws.cell(hdr + 1, 2).value = datetime.datetime(2025, 3, 1)
    ws.cell(hdr + 1, 2).number_format = "mm-yyyy"
    # Merged cells.
    reg = row_of("Región")
    ws.merge_cells(start_row=reg, start_column=2, end_row=reg, end_column=3)
    head = row_of("DOTACIÓN DE ASESORES Y ASESORAS (DISCIPLINAS) QUE INTEGRAN EL TERRITORIO")
    ws.merge_cells(start_row=head, start_column=1, end_row=head, end_column=3)
    com = row_of("Comunas que abarca el territorio")
    ws.merge_cells(start_row=com, start_column=2, end_row=com, end_column=4)
    wb.save(out)


def template_filled_by_office(office, sample, tmp):
    """templates/bitacora_ett.xlsx filled with sample, saved by soffice."""
    name = os.path.splitext(os.path.basename(sample))[0]
    filled = os.path.join(tmp, "tpl", "lo_template_" + name.split("_")[-1] + ".xlsx")
    os.makedirs(os.path.dirname(filled), exist_ok=True)
    cmd_fill(os.path.join(ROOT, "templates", "bitacora_ett.xlsx"), filled, sample)
    return office.convert(filled, "xlsx", os.path.join(tmp, "lo4"))


# ---------------------------------------------------------------- all fixtures


def build_all(outdir):
    os.makedirs(outdir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="mkfixtures-")
    office = Office(tmp)

    def put(name, data):
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)

    def put_file(name, path):
        shutil.copyfile(path, os.path.join(outdir, name))

    try:
        samples = os.path.join(ROOT, "samples")
        # LibreOffice conversions of CSV samples.
        t01 = office.convert(os.path.join(samples, "valparaiso_t01_aconcagua.csv"), "xlsx",
                             os.path.join(tmp, "lo1"), "CSV:44,34,76,1")
        put_file("lo_valparaiso_t01.xlsx", t01)
        maipo = office.convert(os.path.join(samples, "rm_t07_maipo.csv"), "xlsx",
                               os.path.join(tmp, "lo1"), "CSV:59,34,1,1")
        put_file("lo_rm_t07_maipo.xlsx", maipo)
        # Edited with openpyxl, then saved by LibreOffice again.
        edited = os.path.join(tmp, "edit", "lo_edited_maipo.xlsx")
        os.makedirs(os.path.dirname(edited))
        edit_maipo(maipo, edited)
        put_file("lo_edited_maipo.xlsx", office.convert(edited, "xlsx", os.path.join(tmp, "lo2")))
        # openpyxl from scratch, both date systems; the 1904 one through LibreOffice too.
        openpyxl_logbook(os.path.join(outdir, "openpyxl_biobio.xlsx"), False)
        p1904 = os.path.join(outdir, "openpyxl_biobio_1904.xlsx")
        openpyxl_logbook(p1904, True)
        shutil.copyfile(p1904, os.path.join(tmp, "lo_from_1904.xlsx"))
        put_file("lo_from_1904.xlsx", office.convert(os.path.join(tmp, "lo_from_1904.xlsx"),
                                                     "xlsx", os.path.join(tmp, "lo3")))
        # The template of today, filled, calculated and saved by LibreOffice.
        put_file("lo_template_maipo.xlsx", template_filled_by_office(
            office, os.path.join(samples, "rm_t07_maipo.csv"), tmp))
        # An .ods named .xlsx.
        ods = office.convert(os.path.join(samples, "valparaiso_t01_aconcagua.csv"), "ods",
                             os.path.join(tmp, "ods"), "CSV:44,34,76,1")
        put_file("ods.xlsx", ods)

        # Hand-made packages.
        base = minimal_members()
        put("hand_minimal.xlsx", zip_bytes(base))
        put_file("csv_named.xlsx", os.path.join(samples, "valparaiso_t01_aconcagua.csv"))
        sheet = "xl/worksheets/sheet1.xml"
        open_ws = XML_HEAD + f'<worksheet xmlns="{NS}"><sheetData>'
        put("bomb_spaces.xlsx", bomb(base, sheet, open_ws.encode(), b" " * 4096,
                                     b"</sheetData></worksheet>", 8 << 20))
        put("bomb_rows.xlsx", bomb(base, sheet, open_ws.encode(), b"<row/>" * 1024,
                                   b"</sheetData></worksheet>"))
        put("bomb_sst.xlsx", bomb(base, "xl/sharedStrings.xml",
                                  (XML_HEAD + f'<sst xmlns="{NS}">').encode(),
                                  b"<si><t>a</t></si>" * 256, b"</sst>", 8 << 20))
        put("bomb_declared.xlsx", declare_size(zip_bytes(base), sheet, 300 << 20))
        put("bomb_lying.xlsx", declare_size(bomb(base, sheet, open_ws.encode(), b" " * 4096,
                                                 b"</sheetData></worksheet>", 8 << 20),
                                            sheet, 4096))
        laughs = (XML_HEAD + LAUGHS_DTD +
                  f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                  '<is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
        put("laughs_sheet.xlsx", zip_bytes(replace_member(base, sheet, laughs.encode())))
        ct = CONTENT_TYPES.replace(XML_HEAD, XML_HEAD + LAUGHS_DTD).replace(
            'ContentType="application/xml"/>', 'ContentType="application/xml&lol9;"/>', 1)
        put("laughs_ct.xlsx", zip_bytes(replace_member(base, "[Content_Types].xml", ct.encode())))
        put("no_content_types.xlsx", zip_bytes(drop_member(base, "[Content_Types].xml")))
        put("no_workbook.xlsx", zip_bytes(drop_member(base, "xl/workbook.xml")))
        put("no_sheet.xlsx", zip_bytes(drop_member(base, sheet)))
        full = sheet_xml(SHEET_ROWS)
        cut = full.index('<c r="B4"') + 5
        put("truncated_sheet.xlsx", zip_bytes(replace_member(base, sheet, full[:cut].encode())))
        good = zip_bytes(base, stored={"xl/sharedStrings.xml"})
        assert good.count(b"Aconcagua") == 1
        put("crc.xlsx", good.replace(b"Aconcagua", b"Aconcagux"))
        put("encrypted.xlsx", set_flag_bit(zip_bytes(base), 1))
        junk = bytes((i * 97 + 13) & 0xFF for i in range(4096))
        put("ole.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + junk)
        put("text.xlsx", "Lista de compras\nPan, leche, huevos\nPagar la luz antes del 15\n"
            .encode())
        put("binary.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + junk)
        put("empty.xlsx", b"")
        with open(os.path.join(outdir, "openpyxl_biobio.xlsx"), "rb") as f:
            whole = f.read()
        put("truncated_zip.xlsx", whole[:len(whole) // 2])
        docx = [("[Content_Types].xml", (
            XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '</Types>').encode()),
            ("_rels/.rels", ROOT_RELS.replace("xl/workbook.xml", "word/document.xml").encode()),
            ("word/document.xml", (
                XML_HEAD + '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                '<w:body><w:p><w:r><w:t>Región: Valparaíso</w:t></w:r></w:p></w:body></w:document>'
            ).encode())]
        put("docx.xlsx", zip_bytes(docx))
        put("empty_zip.xlsx", zip_bytes([]))
        put("empty_sheet.xlsx", zip_bytes(replace_member(base, sheet, sheet_xml("").encode())))
        put("too_many_rows.xlsx", zip_bytes(replace_member(base, sheet, sheet_xml(
            SHEET_ROWS + '<row r="1048577"><c r="A1048577" t="s"><v>0</v></c></row>').encode())))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    if len(argv) >= 2 and argv[1] == "fill":
        if len(argv) not in (4, 5):
            sys.exit("uso: mkfixtures.py fill PLANTILLA.xlsx SALIDA.xlsx [MUESTRA.csv]")
        sample = argv[4] if len(argv) == 5 else os.path.join(
            ROOT, "samples", "valparaiso_t01_aconcagua.csv")
        cmd_fill(argv[2], argv[3], sample)
        return
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith("-")):
        sys.exit(__doc__)
    build_all(argv[1] if len(argv) == 2 else os.path.join(ROOT, "tests", "data", "xlsx"))


if __name__ == "__main__":
    main(sys.argv)
