"""A small valid bundle written into a temporary folder, which each test then breaks on purpose."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

ALLOWED_HOSTS = ("portal.example.org",)

BUNDLE_TOML = """\
[bundle]
id = "test"
languages = ["de", "en", "da"]
name = { de = "Teststadt", en = "Test town", da = "Testby" }
portal_name.de = "Testportal"
portal_name.en = "Test portal"
portal_name.da = "Testportal"

[[slides]]
title = { de = "Hallo", en = "Hello", da = "Hej" }
text = { de = "Tippen Sie.", en = "Touch.", da = "Tryk." }
image = "images/slide.png"
"""

SERVICE_TOML = """\
id = "ewa"
order = 10
portal_url = "https://portal.example.org/ewa"
portal_source = "the portal's own service list"
needs_eid = true
needs_payment = false
needs_upload = true
title.de = "Wohnsitz anmelden"
title.en = "Register your address"
title.da = "Meld din adresse"
summary = { de = "Kurz.", en = "Short.", da = "Kort." }
audience = { de = "Alle.", en = "Everyone.", da = "Alle." }
fee = { de = "Kostenlos", en = "Free", da = "Gratis" }

[[needs]]
text = { de = "Ausweis", en = "ID card", da = "Id-kort" }

[[steps]]
title = { de = "Anmelden", en = "Log in", da = "Log ind" }
text = { de = "Mit Ausweis.", en = "With ID card.", da = "Med id-kort." }
moment = "eid"

[[steps]]
title = { de = "Hochladen", en = "Upload", da = "Upload" }
text = { de = "Datei.", en = "File.", da = "Fil." }
moment = "upload"
image = "images/step.png"
"""


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 80, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def base_files() -> dict[str, str | bytes]:
    return {
        "bundle.toml": BUNDLE_TOML,
        "services/ewa.toml": SERVICE_TOML,
        "images/slide.png": png_bytes(),
        "images/step.png": png_bytes(),
    }


def write_bundle(root: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the valid bundle into ``root`` with ``changes`` applied (None deletes a file)."""
    files: dict[str, str | bytes | None] = {**base_files(), **(changes or {})}
    for relative, content in files.items():
        if content is None:
            continue
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def line_with(text: str, marker: str) -> int:
    """1-based number of the only line of ``text`` that contains ``marker``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(hits) == 1, f"marker {marker!r} found on lines {hits}"
    return hits[0]
