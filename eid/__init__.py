"""eID layer: AusweisApp SDK messages, client, workflows, emulator and PC/SC readers.

Nothing in this package imports QtWidgets; the GUI reaches it only through
signals and request objects.
"""
