#!/usr/bin/python3
"""Interop with keepalived: VRRPv3 over IPv4, advert_int 0.2.

vigild and keepalived share one VRID. With either one as the
higher-priority router: exactly one master is elected, the other takes
over when it is SIGKILLed, and it preempts back when restarted.
"""
import vigiltest as vt


def test(t):
    vt.interop(t, version=3, family=4, advert_int=0.2)


vt.run(test, daemons=["vigild", "keepalived"])
