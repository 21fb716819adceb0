"""Command line of devstack: parses arguments, picks the instance, runs a subcommand, reports errors."""

import argparse
import os
import sys

from . import commands
from .instance import DEFAULT_INSTANCE, Instance
from .util import DevstackError


def _parser():
    parser = argparse.ArgumentParser(
        prog="devstack",
        description="A local MiniRAG-kind stack on a loopback VPS (sshd + podman + docker-compose). "
                    "See devstack/README.md.")
    parser.add_argument("--instance", default=os.environ.get("RAGDESK_DEVSTACK_INSTANCE") or DEFAULT_INSTANCE,
                        help="instance name (default: $RAGDESK_DEVSTACK_INSTANCE or 'dev')")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    sub.add_parser("up", help="start (or check) the instance: engine, images, sshd, stack, bootstrap tenant")
    sub.add_parser("down", help="stop everything of the instance; volumes, images and state stay")
    sub.add_parser("status", help="show every component and its health; non-zero exit if something is down")
    sub.add_parser("env", help="print eval-able export lines (RAGDESK_API_URL, RAGDESK_SSH_*, credentials...)")
    sub.add_parser("seed", help="load the seed data (python3 -m standin.seed) and use its credentials in env")
    logs = sub.add_parser("logs", help="show logs of a service (or engine, sshd, healthloop, compose)")
    logs.add_argument("service", nargs="?", help="compose service or devstack component; default: all services")
    logs.add_argument("-n", "--tail", type=int, default=200, help="lines from the end (default 200)")
    logs.add_argument("-f", "--follow", action="store_true", help="keep following")
    reset = sub.add_parser("reset", help="force-clean the instance (processes, containers, volumes, images, state)")
    reset.add_argument("--all", action="store_true",
                       help="every instance, base images, the deploy account, and restore containers.conf")
    knob = sub.add_parser("knob", help="set a fault knob of the stand-in: knob NAME VALUE | knob [NAME] --reset | "
                                       "knob --list")
    knob.add_argument("name", nargs="?")
    knob.add_argument("value", nargs="?", help="parsed as JSON when it parses (3, true, null, {...}), else a string")
    knob.add_argument("--reset", action="store_true", help="all knobs (or NAME) back to their defaults")
    knob.add_argument("--list", action="store_true", help="show the knobs")
    sink = sub.add_parser("sink", help="read (or --clear) what the stand-in's named sink received (e.g. webhooks)")
    sink.add_argument("name")
    sink.add_argument("--clear", action="store_true")
    hostkey = sub.add_parser("hostkey", help="show the sshd host key's fingerprint, or rotate it: a new key, "
                                             "presented by the running sshd and pinned in known_hosts")
    hostkey.add_argument("action", choices=("show", "rotate"))
    sub.add_parser("_healthloop")
    return parser


def main(cli_path):
    args = _parser().parse_args()
    try:
        inst = Instance(args.instance)
        if args.command == "up":
            return commands.cmd_up(inst, cli_path)
        if args.command == "down":
            return commands.cmd_down(inst)
        if args.command == "status":
            return commands.cmd_status(inst)
        if args.command == "env":
            return commands.cmd_env(inst, cli_path)
        if args.command == "seed":
            return commands.cmd_seed(inst)
        if args.command == "logs":
            return commands.cmd_logs(inst, args.service, args.tail, args.follow)
        if args.command == "reset":
            return commands.cmd_reset(inst, args.all)
        if args.command == "knob":
            return commands.cmd_knob(inst, args.name, args.value, args.reset, args.list)
        if args.command == "sink":
            return commands.cmd_sink(inst, args.name, args.clear)
        if args.command == "hostkey":
            return commands.cmd_hostkey(inst, args.action)
        if args.command == "_healthloop":
            return commands.cmd_healthloop(inst)
    except DevstackError as exc:
        print(f"devstack: error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"devstack: hint: {exc.hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("devstack: interrupted", file=sys.stderr)
        return 130
    return 2
