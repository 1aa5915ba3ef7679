"""Plain-Python adapters to the services channels talk to (no models, no Django imports).

``registry.connector_for(kind, access, role)`` gives the connector of a channel kind;
only ``openoms.sync`` uses them. They import ``openoms.core`` and nothing else of OpenOMS.
"""
