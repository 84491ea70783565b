"""Canonical dump of the database through the Python package (compared with the C++ and Java dumps)."""
import struct
import sys

from synadb import SynaDB


def bits(x):
    return str(struct.unpack("<q", struct.pack("<d", x))[0])


with SynaDB(sys.argv[1], read_only=True) as db:
    for key in db.keys():
        v = db.get(key)
        if isinstance(v, float):
            hist = db.get_history_tensor(key)
            print(key, "float", bits(v), len(hist), " ".join(bits(float(h)) for h in hist))
        elif isinstance(v, int):
            print(key, "int", v)
        elif isinstance(v, str):
            print(key, "text", v.encode("utf-8").hex())
        elif isinstance(v, bytes):
            print(key, "bytes", v.hex())
        else:
            print(key, "vector", len(v), " ".join(str(struct.unpack("<i", struct.pack("<f", float(x)))[0]) for x in v))
