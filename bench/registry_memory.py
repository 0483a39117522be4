"""Memory with the registry tab open: the main window on a ledger, the
住户档案 tab shown (its search index loaded, its tables drawn), then the
process's resident set size. Prints one line; bench_startup.py runs it.

    python bench/registry_memory.py LEDGER.sqlite3
"""

import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def main() -> None:
    from core.ledger import Ledger
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application([])
    window = MainWindow(Ledger.open(sys.argv[1]))
    window.show()
    app.processEvents()
    window.open_record("住户档案", "")
    for _ in range(5):
        app.processEvents()
    gc.collect()
    # RssFile counts the ledger's pages mapped by SQLite's mmap (and the
    # libraries'); RssAnon is the program's own memory.
    print(f"当前 {_status('VmRSS')} MB（其中程序自身 RssAnon {_status('RssAnon')} MB，"
          f"映射的文件 RssFile {_status('RssFile')} MB），峰值 {_status('VmHWM')} MB")


if __name__ == "__main__":
    main()
