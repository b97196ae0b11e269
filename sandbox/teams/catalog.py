"""What `Get-CsAutoAttendantSupportedLanguage` and `Get-CsAutoAttendantSupportedTimeZone` return.

Our best reading of the lists Microsoft publishes for auto attendants and call queues (language ids with
Female/Male voices; Windows time-zone ids). The service refuses any other LanguageId, VoiceId or TimeZoneId.
"""

from __future__ import annotations

from typing import Any

# (id, display name, speech recognition supported)
LANGUAGES: tuple[tuple[str, str, bool], ...] = (
    ("ar-EG", "Arabic (Egypt)", False),
    ("ar-SA", "Arabic (Saudi Arabia)", False),
    ("bg-BG", "Bulgarian (Bulgaria)", False),
    ("ca-ES", "Catalan (Spain)", True),
    ("cs-CZ", "Czech (Czechia)", False),
    ("cy-GB", "Welsh (United Kingdom)", False),
    ("da-DK", "Danish (Denmark)", True),
    ("de-AT", "German (Austria)", False),
    ("de-CH", "German (Switzerland)", False),
    ("de-DE", "German (Germany)", True),
    ("el-GR", "Greek (Greece)", False),
    ("en-AU", "English (Australia)", True),
    ("en-CA", "English (Canada)", True),
    ("en-GB", "English (United Kingdom)", True),
    ("en-IE", "English (Ireland)", False),
    ("en-IN", "English (India)", True),
    ("en-US", "English (United States)", True),
    ("es-ES", "Spanish (Spain)", True),
    ("es-MX", "Spanish (Mexico)", True),
    ("es-US", "Spanish (United States)", True),
    ("et-EE", "Estonian (Estonia)", False),
    ("fi-FI", "Finnish (Finland)", True),
    ("fr-CA", "French (Canada)", True),
    ("fr-CH", "French (Switzerland)", False),
    ("fr-FR", "French (France)", True),
    ("he-IL", "Hebrew (Israel)", False),
    ("hi-IN", "Hindi (India)", False),
    ("hr-HR", "Croatian (Croatia)", False),
    ("hu-HU", "Hungarian (Hungary)", False),
    ("id-ID", "Indonesian (Indonesia)", False),
    ("is-IS", "Icelandic (Iceland)", False),
    ("it-IT", "Italian (Italy)", True),
    ("ja-JP", "Japanese (Japan)", True),
    ("ko-KR", "Korean (Korea)", True),
    ("lt-LT", "Lithuanian (Lithuania)", False),
    ("lv-LV", "Latvian (Latvia)", False),
    ("ms-MY", "Malay (Malaysia)", False),
    ("nb-NO", "Norwegian Bokmål (Norway)", True),
    ("nl-BE", "Dutch (Belgium)", False),
    ("nl-NL", "Dutch (Netherlands)", True),
    ("pl-PL", "Polish (Poland)", True),
    ("pt-BR", "Portuguese (Brazil)", True),
    ("pt-PT", "Portuguese (Portugal)", True),
    ("ro-RO", "Romanian (Romania)", False),
    ("ru-RU", "Russian (Russia)", True),
    ("sk-SK", "Slovak (Slovakia)", False),
    ("sl-SI", "Slovenian (Slovenia)", False),
    ("sv-SE", "Swedish (Sweden)", True),
    ("ta-IN", "Tamil (India)", False),
    ("te-IN", "Telugu (India)", False),
    ("th-TH", "Thai (Thailand)", False),
    ("tr-TR", "Turkish (Türkiye)", True),
    ("vi-VN", "Vietnamese (Vietnam)", False),
    ("zh-CN", "Chinese (Simplified, China)", True),
    ("zh-HK", "Chinese (Traditional, Hong Kong SAR)", False),
    ("zh-TW", "Chinese (Traditional, Taiwan)", True),
)
VOICES = ("Female", "Male")

# (Windows time-zone id, display name)
TIME_ZONES: tuple[tuple[str, str], ...] = (
    ("Dateline Standard Time", "(UTC-12:00) International Date Line West"),
    ("Hawaiian Standard Time", "(UTC-10:00) Hawaii"),
    ("Alaskan Standard Time", "(UTC-09:00) Alaska"),
    ("Pacific Standard Time", "(UTC-08:00) Pacific Time (US & Canada)"),
    ("US Mountain Standard Time", "(UTC-07:00) Arizona"),
    ("Mountain Standard Time", "(UTC-07:00) Mountain Time (US & Canada)"),
    ("Central America Standard Time", "(UTC-06:00) Central America"),
    ("Central Standard Time", "(UTC-06:00) Central Time (US & Canada)"),
    ("Central Standard Time (Mexico)", "(UTC-06:00) Guadalajara, Mexico City, Monterrey"),
    ("Eastern Standard Time", "(UTC-05:00) Eastern Time (US & Canada)"),
    ("US Eastern Standard Time", "(UTC-05:00) Indiana (East)"),
    ("SA Pacific Standard Time", "(UTC-05:00) Bogota, Lima, Quito, Rio Branco"),
    ("Atlantic Standard Time", "(UTC-04:00) Atlantic Time (Canada)"),
    ("SA Western Standard Time", "(UTC-04:00) Georgetown, La Paz, Manaus, San Juan"),
    ("Newfoundland Standard Time", "(UTC-03:30) Newfoundland"),
    ("E. South America Standard Time", "(UTC-03:00) Brasilia"),
    ("UTC", "(UTC) Coordinated Universal Time"),
    ("GMT Standard Time", "(UTC+00:00) Dublin, Edinburgh, Lisbon, London"),
    ("W. Europe Standard Time", "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
    ("Romance Standard Time", "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris"),
    ("Central Europe Standard Time", "(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague"),
    ("GTB Standard Time", "(UTC+02:00) Athens, Bucharest"),
    ("FLE Standard Time", "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"),
    ("Israel Standard Time", "(UTC+02:00) Jerusalem"),
    ("Russian Standard Time", "(UTC+03:00) Moscow, St. Petersburg"),
    ("Arabian Standard Time", "(UTC+04:00) Abu Dhabi, Muscat"),
    ("India Standard Time", "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi"),
    ("SE Asia Standard Time", "(UTC+07:00) Bangkok, Hanoi, Jakarta"),
    ("China Standard Time", "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi"),
    ("Singapore Standard Time", "(UTC+08:00) Kuala Lumpur, Singapore"),
    ("Tokyo Standard Time", "(UTC+09:00) Osaka, Sapporo, Tokyo"),
    ("Korea Standard Time", "(UTC+09:00) Seoul"),
    ("AUS Eastern Standard Time", "(UTC+10:00) Canberra, Melbourne, Sydney"),
    ("New Zealand Standard Time", "(UTC+12:00) Auckland, Wellington"),
)


def language(language_id: str) -> dict[str, Any] | None:
    for lang_id, name, speech in LANGUAGES:
        if lang_id.lower() == language_id.lower():
            return language_json(lang_id, name, speech)
    return None


def language_json(lang_id: str, name: str, speech: bool) -> dict[str, Any]:
    return {
        "Id": lang_id,
        "DisplayName": name,
        "Voices": [{"Id": v, "Name": v} for v in VOICES],
        "VoiceResponseSupported": speech,
    }


def languages() -> list[dict[str, Any]]:
    return [language_json(*row) for row in LANGUAGES]


def time_zone(zone_id: str) -> dict[str, Any] | None:
    for zid, name in TIME_ZONES:
        if zid.lower() == zone_id.lower():
            return {"Id": zid, "DisplayName": name}
    return None


def time_zones() -> list[dict[str, Any]]:
    return [{"Id": zid, "DisplayName": name} for zid, name in TIME_ZONES]
