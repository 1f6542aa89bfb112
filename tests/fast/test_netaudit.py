"""The network audit's reading of strace logs, on lines strace 6.1 wrote (``strace -f -yy``)."""

from __future__ import annotations

from tests.netaudit import FlowAudit, parse

LOG = r"""
2424  connect(8<UDP:[4955]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0
2424  sendto(8<UDP:[192.0.2.2:42299->10.255.255.53:53]>, "\204'\1\0\0\1\0\0\0\0\0\0\6mobile\6events\4data\t"..., 50, MSG_NOSIGNAL, NULL, 0) = 50
2426  connect(9<UDP:[4045]>, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16 <unfinished ...>
2426  <... connect resumed>)            = 0
2678  sendmmsg(3<UDP:[192.0.2.2:49240->10.255.255.53:53]>, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="\343\356\1\0", iov_len=39}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=39}], 2, MSG_NOSIGNAL) = 2
8622  connect(3<TCPv6:[12984]>, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED (Connection refused)
8622  sendto(4<UDPv6:[[::1]:44071->[::1]:53]>, "x", 1, 0, NULL, 0) = 1
8622  sendto(5<UDP:[12995]>, "y", 1, 0, {sa_family=AF_INET, sin_port=htons(123), sin_addr=inet_addr("192.0.2.7")}, 16) = 1
8622  sendmsg(6<UDP:[12998]>, {msg_name={sa_family=AF_INET, sin_port=htons(5000), sin_addr=inet_addr("198.51.100.1")}, msg_namelen=16, msg_iov=[{iov_base="z", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1
9000  connect(7<UNIX-STREAM:[5001]>, {sa_family=AF_UNIX, sun_path="/run/systemd/resolve/io.systemd.Resolve"}, 42) = 0
2129  sendto(5<UNIX-STREAM:[4719->4718]>, "\0", 1, 0, NULL, 0) = 1
2423  connect(9<UNIX-STREAM:[4949]>, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)
3000  sendto(3<NETLINK:[ROUTE:1234]>, [{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP}], 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20
3001  connect(4<UDP:[777]>, {sa_family=AF_UNSPEC, sa_data="\0\0\0\0"}, 16) = 0
3002  io_uring_setup(8, 0x7ffd0000) = 5
"""


def test_every_inet_attempt_and_resolver_connection_is_found_and_local_sockets_are_not() -> None:
    attempts, rings = parse(LOG)
    assert [(a.pid, a.call, a.endpoint) for a in attempts] == [
        (2424, "connect", "10.255.255.53:53"),
        (2424, "sendto", "10.255.255.53:53"),
        (2426, "connect", "10.255.255.53:53"),  # the arguments are on the "unfinished" half
        (2678, "sendmmsg", "10.255.255.53:53"),  # connected socket: the peer comes from the descriptor
        (8622, "connect", "::1:9"),
        (8622, "sendto", "::1:53"),
        (8622, "sendto", "192.0.2.7:123"),
        (8622, "sendmsg", "198.51.100.1:5000"),
        (9000, "connect", "/run/systemd/resolve/io.systemd.Resolve"),
    ]
    assert rings == 1
    assert [a.loopback for a in attempts[4:6]] == [True, True]
    assert not attempts[0].loopback and not attempts[-1].loopback


def test_only_the_endpoints_a_flow_asked_for_are_allowed() -> None:
    attempts, _ = parse(LOG)
    flow = FlowAudit("ollama", ["x"], 0, 1.0, attempts, allowed=frozenset({"::1:9"}))
    assert len(flow.outside) == len(attempts) - 1
    assert not flow.ok
    assert "10.255.255.53:53" in flow.summary() and "FAILED" in flow.summary()
    clean = FlowAudit("clean", ["x"], 0, 1.0, [a for a in attempts if a.endpoint == "::1:9"], frozenset({"::1:9"}))
    assert clean.ok and clean.outside == []
    assert not FlowAudit("crashed", ["x"], -6, 1.0, []).ok
