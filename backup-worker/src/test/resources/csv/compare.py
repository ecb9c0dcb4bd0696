# Reads a CSV export with Python's csv module and compares it with a table or query of an SQLite
# database, by the export's documented rules: NULL and empty text are empty fields, a BLOB is
# \x + lower-case hex, an integer in decimal, a real compared as a number.
# Usage: compare.py CSV DB SQL   -> prints "ok ROWS" or the first difference, exits 1.
import csv
import sqlite3
import sys

path, db, sql = sys.argv[1], sys.argv[2], sys.argv[3]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, strict=True))
con = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
cur = con.execute(sql)
header = [d[0] for d in cur.description]
if rows[0] != header:
    print("header differs: %r != %r" % (rows[0], header))
    sys.exit(1)
expected = cur.fetchall()
if len(rows) - 1 != len(expected):
    print("row count differs: %d in the CSV, %d in the database" % (len(rows) - 1, len(expected)))
    sys.exit(1)
for n, (got, want) in enumerate(zip(rows[1:], expected), start=1):
    if len(got) != len(want):
        print("row %d: %d fields, expected %d" % (n, len(got), len(want)))
        sys.exit(1)
    for i, (g, w) in enumerate(zip(got, want)):
        if w is None:
            ok = g == ""
        elif isinstance(w, bytes):
            ok = g == "\\x" + w.hex()
        elif isinstance(w, float):
            ok = float(g) == w
        else:
            ok = g == str(w)
        if not ok:
            print("row %d column %s: %r in the CSV, %r in the database" % (n, header[i], g, w))
            sys.exit(1)
print("ok %d" % len(expected))
