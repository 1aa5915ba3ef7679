"""``openoms-emulator shopify --port P`` / ``openoms-emulator shipbob --port P``: serve one
emulator until stopped."""

from __future__ import annotations

import argparse
import importlib

SERVICES = {
    "shopify": "openoms_emulator.shopify.server",
    "shipbob": "openoms_emulator.shipbob.server",
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="openoms-emulator", description=__doc__)
    parser.add_argument("service", choices=sorted(SERVICES))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed)")
    args, rest = parser.parse_known_args(argv)
    module = importlib.import_module(SERVICES[args.service])
    module.main(host=args.host, port=args.port, argv=rest)


if __name__ == "__main__":
    main()
