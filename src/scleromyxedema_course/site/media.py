"""Images embedded in a page as ``data:`` addresses become files of the site.

The lessons' stored outputs carry their images inline (a quiz's histology schematic is a
``data:image/svg+xml;base64,...`` address), so a notebook works alone. In a deck, those
addresses are part of the page the browser must read before the first slide is shown: deck 02
carried 239 kB of them, and the browser built each SVG image's document on its main thread
while reading the page (about 60 ms), though they sit on later slides. The site writes each
image once to ``media/`` (named by a hash of its bytes, so the same image in a deck and a
handout is one file) and the pages point at it with ``loading="lazy"``: an image is read when
its slide or its part of the handout is about to be shown (and before printing).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from pathlib import Path

DATA_SRC = re.compile(
    r"""\bsrc=(["'])data:image/(png|jpeg|gif|webp|svg\+xml);base64,([A-Za-z0-9+/=\s]+)\1""")
EXTENSIONS = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp", "svg+xml": "svg"}


def externalize(html: str, media: Path, prefix: str) -> str:
    """``html`` with each ``src="data:image/...;base64,..."`` written to ``media`` and
    replaced by ``prefix`` + the file's name, loaded lazily; an address that does not decode
    is left as it was (the page still shows it)."""

    def write(m: re.Match) -> str:
        try:
            data = base64.b64decode(re.sub(r"\s", "", m.group(3)), validate=True)
        except (binascii.Error, ValueError):
            return m.group(0)
        name = f"{hashlib.sha256(data).hexdigest()[:16]}.{EXTENSIONS[m.group(2)]}"
        target = media / name
        if not target.exists():
            media.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return f'src={m.group(1)}{prefix}{name}{m.group(1)} loading="lazy"'

    return DATA_SRC.sub(write, html)
