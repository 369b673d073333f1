"""The trainer window: the visitor's eID process step by step, and demo card scenarios."""
