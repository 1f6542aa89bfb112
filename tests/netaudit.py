"""A network audit at the system-call level: run a command under ``strace -f`` and list every attempt
to reach the network, from every thread and child process, native code included.

An *attempt* is a ``connect``, ``sendto``, ``sendmsg`` or ``sendmmsg`` on an inet socket (TCP, UDP,
raw; IPv4 or IPv6, loopback included), or a connection to systemd-resolved's socket, through which
a name lookup would leave the machine. Other Unix sockets (D-Bus, the keyring, socket pairs between
threads, nscd, which glibc also asks for user names) and netlink (the kernel's own interface list)
are local and not counted: a name lookup that /etc/hosts does not answer still shows as the DNS
query itself, as long as no nscd daemon runs (it would send the query from its own process; the
tests check that none runs). A failed attempt counts as much as a successful one: the machine this
runs on has a closed network, and the point is what the app *tries*.

Command line (used by ``packaging/check.sh`` for the frozen app)::

    python -m tests.netaudit --name frozen-self-test [--allow HOST:PORT] [--allow-printed REGEX] -- CMD...

prints one line per flow with its count of outside attempts and exits 1 if there is any (or if
the command itself failed).
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TRACED = "connect,sendto,sendmsg,sendmmsg,io_uring_setup"
#: Local sockets through which a name lookup leaves the machine.
RESOLVER_SOCKETS = ("/run/systemd/resolve/", "/var/run/systemd/resolve/")
#: A running name-service cache would make lookups on the app's behalf, out of the trace's sight.
NSCD_SOCKETS = ("/var/run/nscd/socket", "/run/nscd/socket")
LOCAL_PROTOCOLS = ("UNIX", "NETLINK")

_CALL = re.compile(r"^(?P<pid>\d+)\s+(?P<call>connect|sendto|sendmsg|sendmmsg|io_uring_setup)\((?P<args>.*)$")
_FD = re.compile(r"^\d+<(?P<proto>[A-Za-z0-9-]+):\[(?P<detail>.*?)\]>")
_INET = re.compile(r'sa_family=AF_INET, sin_port=htons\((?P<port>\d+)\), sin_addr=inet_addr\("(?P<host>[^"]+)"\)')
_INET6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((?P<port>\d+)\).*?inet_pton\(AF_INET6, "(?P<host>[^"]+)"')
_UNIX = re.compile(r'sa_family=AF_UNIX, sun_path=(?:@)?"(?P<path>[^"]*)"')
_REMOTE = re.compile(r"->\[?(?P<host>[0-9a-fA-F.:]+?)\]?:(?P<port>\d+)$")


@dataclass(frozen=True)
class Attempt:
    pid: int
    call: str
    host: str  # an address, a resolver socket path, or "?" for an unconnected socket with no address
    port: int | None
    line: str

    @property
    def endpoint(self) -> str:
        return f"{self.host}:{self.port}" if self.port is not None else self.host

    @property
    def loopback(self) -> bool:
        try:
            address = ipaddress.ip_address(self.host)
        except ValueError:
            return False
        mapped = getattr(address, "ipv4_mapped", None)
        return bool((mapped or address).is_loopback)


def parse(trace: str) -> tuple[list[Attempt], int]:
    """The network attempts in an ``strace -f -yy`` log, and how many io_uring rings were set up."""
    attempts: list[Attempt] = []
    rings = 0
    for line in trace.splitlines():
        match = _CALL.match(line)
        if not match:
            continue  # "<... resumed>" halves: the arguments are on the "unfinished" half
        pid, call, args = int(match["pid"]), match["call"], match["args"]
        if call == "io_uring_setup":
            rings += 1
            continue
        if inet := _INET.search(args) or _INET6.search(args):
            attempts.append(Attempt(pid, call, inet["host"], int(inet["port"]), line))
            continue
        if unix := _UNIX.search(args):
            if unix["path"].startswith(RESOLVER_SOCKETS):
                attempts.append(Attempt(pid, call, unix["path"], None, line))
            continue
        fd = _FD.match(args)
        if fd is None or fd["proto"].startswith(LOCAL_PROTOCOLS) or "AF_UNSPEC" in args:
            continue
        remote = _REMOTE.search(fd["detail"])
        if remote:
            attempts.append(Attempt(pid, call, remote["host"], int(remote["port"]), line))
        else:  # an inet socket with no peer and no address given: still an attempt to send
            attempts.append(Attempt(pid, call, "?", None, line))
    return attempts, rings


@dataclass
class FlowAudit:
    name: str
    command: list[str]
    returncode: int
    seconds: float
    attempts: list[Attempt]
    allowed: frozenset[str] = frozenset()
    io_uring_rings: int = 0
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False
    expected_returncode: int = 0

    @property
    def outside(self) -> list[Attempt]:
        """The attempts the flow did not ask for."""
        return [a for a in self.attempts if a.endpoint not in self.allowed]

    @property
    def ok(self) -> bool:
        return not self.outside and not self.timed_out and self.returncode == self.expected_returncode

    def destinations(self, attempts: Iterable[Attempt] | None = None) -> list[str]:
        return sorted({a.endpoint for a in (self.outside if attempts is None else attempts)})

    def summary(self) -> str:
        allowed = len(self.attempts) - len(self.outside)
        extra = f", {allowed} to the allowed {', '.join(sorted(self.allowed))}" if self.allowed else ""
        where = f" → {', '.join(self.destinations())}" if self.outside else ""
        state = "ok" if self.ok else "FAILED"
        if self.timed_out:
            state += " (timed out)"
        elif self.returncode != self.expected_returncode:
            state += f" (exit code {self.returncode})"
        return f"{self.name:<34} {len(self.outside):>3} outside attempts{extra}{where}  [{self.seconds:.0f} s, {state}]"

    def explain(self) -> str:
        lines = [self.summary(), f"command: {' '.join(self.command)}"]
        lines += [f"  {a.line}" for a in self.outside[:20]]
        if self.returncode != self.expected_returncode:
            lines += ["stderr:", self.stderr[-3000:], "stdout:", self.stdout[-2000:]]
        return "\n".join(lines)


def strace_path() -> str:
    path = shutil.which("strace")
    if path is None:
        raise RuntimeError("strace is not installed (scripts/setup.sh --test installs it from Debian's packages)")
    return path


def trace(
    name: str,
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    allow: Iterable[str] = (),
    allow_printed: str | None = None,
    timeout: float = 600.0,
    stdin: str | None = None,
    expected_returncode: int = 0,
    hold_until_seen: float | None = None,
) -> FlowAudit:
    """Run ``command`` under ``strace -f`` and return what it tried to reach.

    ``allow`` lists ``host:port`` endpoints the flow asked for (a configured Ollama server);
    ``allow_printed`` is a regular expression whose first group, found in the command's output, is
    one more such endpoint (for a port chosen at run time). ``hold_until_seen``: keep the command's
    stdin open (a command that reads it to the end lives on) until its first attempt shows in the
    trace, or for at most this many seconds.
    """
    with tempfile.TemporaryDirectory(prefix="netaudit-") as tmp:
        log = Path(tmp) / "trace.log"
        argv = [strace_path(), "-f", "-qq", "-yy", "--seccomp-bpf", "-e", f"trace={TRACED}", "-e", "signal=none",
                "-o", str(log), "--", *command]  # fmt: skip
        started = time.monotonic()
        proc = subprocess.Popen(
            argv, env=dict(env) if env is not None else None, cwd=cwd, text=True, start_new_session=True,
            stdin=subprocess.PIPE if stdin is not None or hold_until_seen else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        timed_out = False
        if hold_until_seen:
            _hold(proc, log, time.monotonic() + hold_until_seen)
            stdin = stdin or ""
        try:
            out, err = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
        seconds = time.monotonic() - started
        attempts, rings = parse(log.read_text(errors="replace") if log.exists() else "")
    allowed = set(allow)
    if allow_printed and (found := re.search(allow_printed, out)):
        allowed.add(found.group(1))
    return FlowAudit(
        name=name, command=list(command), returncode=proc.returncode, seconds=seconds, attempts=attempts,
        allowed=frozenset(allowed), io_uring_rings=rings, stdout=out, stderr=err, timed_out=timed_out,
        expected_returncode=expected_returncode,
    )  # fmt: skip


def _hold(proc: subprocess.Popen[str], log: Path, deadline: float) -> None:
    """Wait until the traced command makes its first network attempt, ends, or the deadline passes."""
    while time.monotonic() < deadline:
        if log.exists() and parse(log.read_text(errors="replace"))[0]:
            return
        try:
            proc.wait(timeout=0.2)  # ended on its own
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass
class Report:
    """The audit table that the test run prints at its end (see ``tests/conftest.py``)."""

    flows: list[FlowAudit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.flows:
            return []
        total = sum(len(f.outside) for f in self.flows)
        head = f"network audit (strace -f, every thread and child process): {len(self.flows)} flows, "
        head += f"{total} outside connection attempts"
        return [head, *(f.summary() for f in self.flows), *self.notes]


REPORT = Report()


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.netaudit", description=__doc__.split("\n\n")[0])
    p.add_argument("--name", default="command")
    p.add_argument("--allow", action="append", default=[], metavar="HOST:PORT")
    p.add_argument("--allow-printed", metavar="REGEX")
    p.add_argument("--timeout", type=float, default=900.0)
    p.add_argument("command", nargs=argparse.REMAINDER)
    args = p.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        p.error("no command to audit")
    audit = trace(args.name, command, allow=args.allow, allow_printed=args.allow_printed, timeout=args.timeout)
    sys.stdout.write(audit.stdout)
    sys.stderr.write(audit.stderr)
    print("network audit: " + audit.summary())
    if not audit.ok:
        print(audit.explain(), file=sys.stderr)
    return 0 if audit.ok else 1


if __name__ == "__main__":
    sys.exit(main())
