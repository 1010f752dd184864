"""Installation settings a beheerder may change. Stored in the encrypted database, audited."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bibob_desk.domain.enums import Role
from bibob_desk.domain.errors import UserError
from bibob_desk.services.changes import Changes, Reports, Topic
from bibob_desk.services.permissions import require
from bibob_desk.store.store import Store
from bibob_desk.store.trust import FOUR_EYES


@dataclass(frozen=True)
class IntSetting:
    name: str
    label: str
    default: int
    minimum: int
    maximum: int

    def parse(self, text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise UserError(f"{self.label}: vul een heel getal in.") from None
        if not self.minimum <= value <= self.maximum:
            raise UserError(f"{self.label}: kies een waarde van {self.minimum} tot en met {self.maximum}.")
        return value


@dataclass(frozen=True)
class ChoiceSetting:
    name: str
    label: str
    default: str
    choices: tuple[str, ...]

    def parse(self, text: str) -> str:
        value = text.strip().upper()
        if value not in self.choices:
            raise UserError(f"{self.label}: kies uit {', '.join(self.choices)}.")
        return value


@dataclass(frozen=True)
class PatternSetting:
    """The pattern of automatic case numbers: {jaar} and {volgnummer} (optionally {volgnummer:04})."""

    name: str
    label: str
    default: str

    def parse(self, text: str) -> str:
        value = text.strip()
        fields = re.findall(r"\{[^{}]*\}", value)
        if any(not re.fullmatch(r"\{(jaar|volgnummer(:0[1-9])?)\}", f) for f in fields) or re.search(
            r"[{}]", re.sub(r"\{[^{}]*\}", "", value)
        ):
            raise UserError(
                f"{self.label}: gebruik alleen {{jaar}} en {{volgnummer}} (bijv. {{volgnummer:04}})."
            )
        example = case_number(value, 2026, 1)
        if not any(f.startswith("{volgnummer") for f in fields) or not 1 <= len(example) <= 60:
            raise UserError(
                f"{self.label}: het patroon moet {{volgnummer}} bevatten, bijvoorbeeld {self.default}."
            )
        if re.search(r"[/\\\s]", example):
            raise UserError(f"{self.label}: geen spaties of schuine strepen in een dossiernummer.")
        return value


@dataclass(frozen=True)
class TextSetting:
    """A line of text for outgoing letters (the letterhead, the signature by function)."""

    name: str
    label: str
    default: str
    max_length: int = 200

    def parse(self, text: str) -> str:
        from bibob_desk.domain.text import clean_text

        checked = clean_text(text.strip(), max_length=self.max_length)
        if checked.problem:
            raise UserError(f"{self.label}: {checked.problem}.")
        return checked.text


def case_number(pattern: str, year: int, number: int) -> str:
    return pattern.format_map({"jaar": year, "volgnummer": number})


@dataclass(frozen=True)
class ImageSetting:
    """The logo of the letterhead: read from a PNG or JPEG file when it is set, checked with Pillow
    and stored re-encoded as PNG (no metadata of the original file) inside the encrypted database,
    so a letter never depends on a file that may have moved. "geen" removes it."""

    name: str
    label: str
    default: str = ""
    max_bytes: int = 1024 * 1024
    max_pixels: int = 4000

    def parse(self, text: str) -> str:
        import base64
        import io
        from pathlib import Path

        value = text.strip()
        if value.lower() in ("", "geen"):
            return ""
        path = Path(value).expanduser()
        try:
            if path.stat().st_size > self.max_bytes:
                raise UserError(f"{self.label}: het bestand is groter dan 1 MB.")
            data = path.read_bytes()
        except OSError:
            raise UserError(f"{self.label}: het bestand {path.name} kan niet worden gelezen.") from None
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                if kind not in ("PNG", "JPEG"):
                    raise UserError(f"{self.label}: kies een PNG- of JPEG-afbeelding.")
                if max(image.size) > self.max_pixels:
                    raise UserError(f"{self.label}: de afbeelding is groter dan {self.max_pixels} pixels.")
                out = io.BytesIO()
                image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, "PNG")
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            raise UserError(f"{self.label}: {path.name} is geen leesbare PNG- of JPEG-afbeelding.") from None
        return base64.b64encode(out.getvalue()).decode("ascii")

    @staticmethod
    def describe(value: str) -> str:
        """How the stored logo is shown (never the data itself)."""
        if not value:
            return "(geen)"
        image = logo_image(value)
        return f"afbeelding van {image[0]}×{image[1]} pixels" if image else "(onleesbaar)"


def logo_image(value: str) -> tuple[int, int, bytes] | None:
    """(width, height, PNG bytes) of a stored logo, or None."""
    import base64
    import binascii
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        data = base64.b64decode(value, validate=True)
        with Image.open(io.BytesIO(data)) as image:
            return image.size[0], image.size[1], data
    except (binascii.Error, UnidentifiedImageError, OSError, ValueError):
        return None


AnySetting = IntSetting | ChoiceSetting | PatternSetting | TextSetting | ImageSetting
KNOWN: dict[str, AnySetting] = {
    s.name: s
    for s in (
        # reliability.md §c: idle auto-lock 5 min by default, admin policy range 1-15 min.
        IntSetting("idle_lock_minutes", "Automatisch vergrendelen na (minuten)", 5, 1, 15),
        # brief §3: UNTIL_ADVICE is the statutory reading of art. 31 Wet Bibob and the default.
        ChoiceSetting(
            "lbb_opschorting",
            "Opschorting beslistermijn tijdens LBB-advies",
            "UNTIL_ADVICE",
            ("UNTIL_ADVICE", "FIXED_PERIOD"),
        ),
        # issue 7: a final decision document needs a second jurist's approval (configurable).
        ChoiceSetting(FOUR_EYES, "Vier ogen bij besluiten", "AAN", ("AAN", "UIT")),
        # issue 14: automatic case numbers; the municipality's own pattern.
        PatternSetting(
            "dossiernummer_patroon", "Patroon van het dossiernummer", "BIBOB-{jaar}-{volgnummer:04}"
        ),
        # issue 15: the letterhead and the signature of outgoing letters ([M?] the municipality's own)
        TextSetting("organisatie_naam", "Naam van de organisatie (briefhoofd)", "Gemeente Voorbeeld"),
        TextSetting("organisatie_postadres", "Postadres", "Postbus 1, 1000 AA Voorbeeld"),
        TextSetting("organisatie_bezoekadres", "Bezoekadres", "Raadhuisplein 1, Voorbeeld"),
        TextSetting("organisatie_contact", "Contactregel", "Team Bibob, telefoon 14 000"),
        ImageSetting("organisatie_logo", "Logo in het briefhoofd (PNG of JPEG)"),
        TextSetting(
            "ondertekening_functie", "Ondertekening (functie, nooit een naam)", "Het hoofd Vergunningen"
        ),
    )
}


def _setting(name: str) -> AnySetting:
    if name not in KNOWN:
        raise UserError(f"Onbekende instelling '{name}'. Bekend: {', '.join(sorted(KNOWN))}.")
    return KNOWN[name]


class SettingsService(Reports):
    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, name: str) -> int | str:
        setting = _setting(name)
        if name == FOUR_EYES:
            return "AAN" if self.four_eyes() else "UIT"
        with self.store.transaction() as tx:
            stored = tx.settings.get(name)
        if isinstance(setting, ImageSetting):  # stored as checked PNG data, not as the file's path
            return stored if stored and logo_image(stored) else setting.default
        try:
            return setting.parse(stored) if stored is not None else setting.default
        except UserError:
            return setting.default  # an out-of-range stored value never weakens the policy silently

    def all(self) -> dict[str, int | str]:
        return {name: self.get(name) for name in KNOWN}

    def shown(self, name: str) -> str:
        """The value as a person reads it (a logo as its size, never its data)."""
        setting, value = _setting(name), self.get(name)
        return setting.describe(str(value)) if isinstance(setting, ImageSetting) else str(value)

    def logo(self) -> bytes | None:
        """The PNG of the letterhead's logo, or None."""
        image = logo_image(str(self.get("organisatie_logo")))
        return image[2] if image else None

    def set(self, name: str, text: str) -> Changes:
        """Store a setting. Four eyes on decisions is a statement signed by the organisation key:
        switching it off waits for a second beheerder (`confirm`); switching it on holds at once."""
        require(self.store, Role.BEHEERDER)
        value = _setting(name).parse(text)
        if name == FOUR_EYES:
            if self.store.propose_setting(name, str(value)):
                return self.report(topics=(Topic.SETTINGS,), message=f"{name} = {self.shown(name)}")
            return self.report(
                topics=(Topic.SETTINGS,),
                message=f"{name} = {value} is voorgesteld. Een tweede beheerder moet dit bevestigen "
                f"(bibob-desk settings confirm {name}); tot dan blijft vier ogen aan.",
            )
        with self.store.transaction() as tx:
            tx.settings.set(name, str(value))
            tx.audit("instelling.gewijzigd", f"instelling:{name}")
        return self.report(topics=(Topic.SETTINGS,), message=f"{name} = {self.shown(name)}")

    def confirm(self, name: str) -> Changes:
        """A second beheerder confirms a proposed change of a setting that needs four eyes."""
        require(self.store, Role.BEHEERDER)
        value = self.store.confirm_setting(name)
        return self.report(topics=(Topic.SETTINGS,), message=f"{name} = {value} (bevestigd)")

    def pending(self) -> list[tuple[str, str, str]]:
        """(setting, proposed value, proposed by) awaiting a second beheerder."""
        return [(key, value, by) for _, key, value, by in self.store.pending_settings()]

    def four_eyes(self) -> bool:
        """From the signed statements, never from the settings table (which anyone with the key can
        change): off only when two beheerders agreed."""
        return self.store.trust_state.four_eyes

    def idle_lock_minutes(self) -> int:
        return int(self.get("idle_lock_minutes"))

    def lbb_reading(self) -> str:
        return str(self.get("lbb_opschorting"))

    def case_number_pattern(self) -> str:
        return str(self.get("dossiernummer_patroon"))

    def letterhead(self) -> dict[str, str]:
        """The letterhead and signature lines of outgoing letters."""
        return {
            name: str(self.get(name))
            for name in (
                "organisatie_naam",
                "organisatie_postadres",
                "organisatie_bezoekadres",
                "organisatie_contact",
                "ondertekening_functie",
            )
        }
