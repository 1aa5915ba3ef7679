"""Makes `emulator/tests` the package `emulator.tests`, so pytest does not confuse it with the
project's own `tests` package when both run in one session. The emulator itself is
`emulator/src/openoms_emulator`."""
