"""Local emulators of the services OpenOMS talks to, reached only through their public contracts
(plus a small ``/_emulator/`` control API). OpenOMS never imports this package."""
