"""upload_seeds.py - seed bodies for fuzz_upload: what browsers and the
page's script send to POST /revisar (boundary "bitacora").

usage: python3 tests/fuzz/upload_seeds.py DIR"""
import io
import os
import sys
import zipfile

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def part(name, value, filename=None):
    head = b'Content-Disposition: form-data; name="' + name + b'"'
    if filename is not None:
        head += b'; filename="' + filename + b'"\r\nContent-Type: application/octet-stream'
    return b"--bitacora\r\n" + head + b"\r\n\r\n" + value + b"\r\n"


def body(*parts):
    return b"".join(parts) + b"--bitacora--\r\n"


def zipped(entries, symlink=None):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in entries:
            z.writestr(n, d)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.create_system = 3
            info.external_attr = 0o120777 << 16
            z.writestr(info, "/etc/passwd")
    return buf.getvalue()


def main(out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(SRC, "samples", "valparaiso_t01_aconcagua.csv"), "rb") as f:
        csv = f.read()
    small = csv[:600]
    seeds = {
        "one": body(part(b"archivos", csv, b"t1.csv")),
        "dated": body(part(b"modificado", b"1733011200000"), part(b"archivos", small, b"r5/t1.csv"),
                      part(b"periodo", b"2025"), part(b"csv", b"1")),
        "empty": body(part(b"archivos", b"", b"")),
        "zip": body(part(b"archivos", zipped([("r/a.csv", small), ("r/b.txt", small),
                                               ("../x.csv", small)], "l.csv"), b"r.zip")),
        "marker": body(part(b"archivos", zipped([("s/.bitacora-salida", b"x"), ("s/a.csv", small),
                                                  ("n.zip", b"PK")]), b"s.zip")),
        "names": body(part(b"archivos", small, b"../../\xff\xfe<b>.csv"),
                      part(b"archivos", small, b"C:\\x\\y.csv")),
    }
    for name, data in seeds.items():
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
