"""Languages (with their voices) and time zones the auto attendant service supports; online audio files.

Cmdlets: Get-CsAutoAttendantSupportedLanguage ({Id, DisplayName, Voices[{Id, Name}], VoiceResponseSupported}),
Get-CsAutoAttendantSupportedTimeZone ({Id, DisplayName}), Import-CsOnlineAudioFile ({Id, FileName, ...}).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.teams_admin.calls import Call
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.parse import Json, as_list, flag, objs, text
from graph.teams_admin.types import AudioFile

AUDIO_APPLICATIONS = ("OrgAutoAttendant", "HuntGroup", "TenantGlobal")
MAX_AUDIO_BYTES = 5 * 1024 * 1024  # voice-apps.md §1.5: WAV, WMA or MP3 up to 5 MB


@dataclass(frozen=True)
class Voice:
    id: str
    name: str | None


@dataclass(frozen=True)
class Language:
    id: str
    display_name: str | None
    voices: tuple[Voice, ...]
    voice_response_supported: bool

    @classmethod
    def parse(cls, data: Json) -> Language:
        return cls(
            id=text(data, "Id") or "",
            display_name=text(data, "DisplayName"),
            voices=tuple(Voice(text(v, "Id") or "", text(v, "Name")) for v in objs(data, "Voices")),
            voice_response_supported=flag(data, "VoiceResponseSupported"),
        )


@dataclass(frozen=True)
class TimeZone:
    id: str
    display_name: str | None


class SupportedApi:
    def __init__(self, client: TeamsAdminClient) -> None:
        self.client = client

    async def languages(self) -> list[Language]:
        output = await self.client.one(Call("Get-CsAutoAttendantSupportedLanguage"))
        return [Language.parse(item) for item in as_list(output) if isinstance(item, dict)]

    async def time_zones(self) -> list[TimeZone]:
        output = await self.client.one(Call("Get-CsAutoAttendantSupportedTimeZone"))
        return [
            TimeZone(text(item, "Id") or "", text(item, "DisplayName"))
            for item in as_list(output)
            if isinstance(item, dict)
        ]

    async def import_audio_file(self, application: str, file_name: str, content: bytes) -> AudioFile:
        """Upload a greeting or hold music. The bytes travel as a JSON list of numbers (a Byte[] on binding)."""
        if application not in AUDIO_APPLICATIONS:
            raise ValueError(
                f"audio file {file_name!r}: application must be one of {', '.join(AUDIO_APPLICATIONS)}"
            )
        if len(content) > MAX_AUDIO_BYTES:
            raise ValueError(
                f"audio file {file_name!r} is {len(content)} bytes; the service takes at most 5 MB"
            )
        call = Call(
            "Import-CsOnlineAudioFile",
            {"ApplicationId": application, "FileName": file_name, "Content": list(content)},
        )
        output = await self.client.one(call)
        return AudioFile.parse(output if isinstance(output, dict) else {})
