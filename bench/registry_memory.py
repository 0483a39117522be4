"""Memory with the registry tab open: the main window on a ledger, the
住户档案 tab shown (its search index loaded, its tables drawn), then the
process's resident set size. Prints one line; bench_startup.py runs it.

    python bench/registry_memory.py LEDGER.sqlite3
"""

import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def main() -> None:
    from PySide6.QtCore import QThreadPool

    from core.ledger import Ledger
    from ui.app import make_application
    from ui.main_window import MainWindow

    app = make_application([])
    window = MainWindow(Ledger.open(sys.argv[1]))
    window.show()
    app.processEvents()
    window.open_record("住户档案", "")
    # Let the start screen's workers (figures, due list) finish and close
    # their connections, so what is measured is what stays.
    home = window.tab("首页")
    deadline = time.monotonic() + 60
    while not getattr(home, "due_loaded", True) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    QThreadPool.globalInstance().waitForDone()
    for _ in range(5):
        app.processEvents()
    gc.collect()
    # RssFile counts the ledger's pages mapped by SQLite's mmap (and the
    # libraries'); RssAnon is the program's own memory.
    if os.environ.get("SHOW_MAPS"):
        rss, name = {}, None
        for line in Path("/proc/self/smaps").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 6 and "-" in parts[0]:
                name = parts[-1] if len(parts) >= 6 else "[anon]"
            elif line.startswith("Rss:") and name:
                rss[name] = rss.get(name, 0) + int(parts[1])
        for n, kb in sorted(rss.items(), key=lambda kv: -kv[1])[:8]:
            print(f"  {kb // 1024:5d} MB  {n}")
    print(f"当前 {_status('VmRSS')} MB（其中程序自身 RssAnon {_status('RssAnon')} MB，"
          f"映射的文件 RssFile {_status('RssFile')} MB），峰值 {_status('VmHWM')} MB")


if __name__ == "__main__":
    main()
