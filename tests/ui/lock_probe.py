"""Run as a separate process by the lock tests: ``lock_probe.py DB hold|crash``.

``hold`` tries the lock and prints the outcome; ``crash`` takes it and dies
without releasing it, as a crashed program would.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ui.app import DatabaseLock, LockError  # noqa: E402

if __name__ == "__main__":
    lock = DatabaseLock(Path(sys.argv[1]))
    try:
        lock.acquire()
    except LockError as exc:
        print(exc.message)
        sys.exit(3)
    if sys.argv[2] == "crash":
        os._exit(0)
    print("LOCKED")
