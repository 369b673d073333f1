"""PC/SC reader layer: which readers are there, can they take the PIN, which card lies on them.

pyscard is imported only by `pyscard_backend`, lazily, inside a worker thread,
so the rest of the kiosk runs on machines without pyscard or pcscd. The pure
parts (`cardkind`, `pinpad`, `pcsc`) are safe to import anywhere.
"""

from eid.readers.cardkind import CardKind
from eid.readers.pcsc import ServiceState
from eid.readers.pinpad import PinPadFeatures, combine_keypad

__all__ = ["CardKind", "PinPadFeatures", "ServiceState", "combine_keypad"]
