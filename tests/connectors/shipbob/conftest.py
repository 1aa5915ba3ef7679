"""Fixtures of the ShipBob connector tests: the emulator on 127.0.0.1 with a fake clock."""

from tests.connectors.shipbob.emulator import emulator, emulator_server

__all__ = ["emulator", "emulator_server"]
