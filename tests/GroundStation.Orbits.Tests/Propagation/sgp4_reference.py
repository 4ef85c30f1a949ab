"""Reference states from python-sgp4 (Debian python3-sgp4, pure Python) for the cross-check tests.

Usage: sgp4_reference.py TLE_FILE MINUTES...
Reads line pairs from TLE_FILE and prints, for every pair, gravity model and mode, one line per time:
  index gravity mode minutes error x y z vx vy vz
then DONE. Errors print the error code and zeros.
"""
import sys
from sgp4 import io
from sgp4.earth_gravity import wgs72old, wgs72, wgs84
from sgp4.propagation import sgp4

MODELS = [("Wgs72Old", wgs72old), ("Wgs72", wgs72), ("Wgs84", wgs84)]


def main():
    lines = [l.rstrip("\r\n") for l in open(sys.argv[1])]
    times = [float(t) for t in sys.argv[2:]]
    pairs = [(lines[i], lines[i + 1]) for i in range(0, len(lines) - 1, 2)]
    for index, (line1, line2) in enumerate(pairs):
        for name, model in MODELS:
            for mode, opsmode in (("Improved", "i"), ("Afspc", "a")):
                satrec = io.twoline2rv(line1, line2, model, opsmode)
                for t in times:
                    r, v = sgp4(satrec, t)
                    error = satrec.error
                    if error and error != 6 or r[0] != r[0]:
                        r, v = (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)
                    print(index, name, mode, repr(t), error, *(repr(x) for x in r), *(repr(x) for x in v))
    print("DONE", flush=True)


main()
