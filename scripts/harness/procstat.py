"""Process figures from /proc: CPU time, memory split into anonymous and file-backed, fds and threads."""

from __future__ import annotations

import os
from dataclasses import dataclass

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Sample:
    cpu: float  # utime + stime, seconds
    rss_kb: int
    rss_anon_kb: int
    rss_file_kb: int
    hwm_kb: int  # peak RSS
    threads: int
    fds: int


def sample(pid: int) -> Sample:
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime are fields 14 and 15 (1-based)
    status = {}
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            name, _, value = line.partition(":")
            status[name] = value.strip()

    def kb(name: str) -> int:
        return int(status.get(name, "0 kB").split()[0])

    return Sample(cpu, kb("VmRSS"), kb("RssAnon"), kb("RssFile"), kb("VmHWM"), int(status.get("Threads", "0")),
                  len(os.listdir(f"/proc/{pid}/fd")))
