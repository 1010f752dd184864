"""bibob-desk: offline Bibob-screening voor gemeentelijke vergunningverleners."""

__version__ = "0.1.0"
APP_NAME = "bibob-desk"
