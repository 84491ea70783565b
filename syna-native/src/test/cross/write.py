"""Writes the database the three readers compare: every atom type and a 1,000-point history."""
import math
import sys

import numpy as np
from synadb import SynaDB

with SynaDB(sys.argv[1], durability="always") as db:
    db.put_floats_batch("sensor/temp", np.sin(np.arange(1000) / 7.0) * 1e3)
    db.put_float("sensor/temp", math.pi)
    db.put_float("special/nan", float("nan"))
    db.put_float("special/neg-zero", -0.0)
    db.put_int("count", -(2**63))
    db.put_text("greeting", "grüß dich, 世界 🌍")
    db.put_bytes("blob", bytes(range(256)))
    db.put_vector("embedding", np.linspace(-1, 1, 17, dtype=np.float32))
    db.put_int("deleted", 1)
    db.delete("deleted")
