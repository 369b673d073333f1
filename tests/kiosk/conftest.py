"""Install the PySide6 emit workaround before any test emits a signal (see kiosk/qtfix.py)."""

from kiosk import qtfix

qtfix.install()
