"""Building blocks shared by auto attendants and call queues: prompts and callable entities.

Property names as the module prints them (voice-apps.md §2.1, §4.3): Prompt{ActiveType, TextToSpeechPrompt,
AudioFilePrompt{Id, FileName, DownloadUri}}, CallableEntity{Id, Type, EnableTranscription, ...}.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.teams_admin.parse import Json, flag, number, obj, text


@dataclass(frozen=True)
class AudioFile:
    id: str | None
    file_name: str | None
    download_uri: str | None = None

    @classmethod
    def parse(cls, data: Json) -> AudioFile:
        return cls(
            id=text(data, "Id"), file_name=text(data, "FileName"), download_uri=text(data, "DownloadUri")
        )


@dataclass(frozen=True)
class Prompt:
    """ActiveType None|TextToSpeech|AudioFile; `None` turns the prompt off."""

    active_type: str | None
    text: str | None
    audio_file: AudioFile | None

    @classmethod
    def parse(cls, data: Json) -> Prompt:
        audio = obj(data, "AudioFilePrompt")
        return cls(
            active_type=text(data, "ActiveType"),
            text=text(data, "TextToSpeechPrompt"),
            audio_file=AudioFile.parse(audio) if audio else None,
        )


@dataclass(frozen=True)
class CallableEntity:
    """A call target: User, ApplicationEndpoint (an RA), ConfigurationEndpoint (an AA/CQ id),
    ExternalPstn (`tel:+E164`) or SharedVoicemail (a group)."""

    id: str | None
    type: str | None
    enable_transcription: bool = False
    suppress_system_prompt: bool = False
    call_priority: int | None = None

    @classmethod
    def parse(cls, data: Json) -> CallableEntity:
        return cls(
            id=text(data, "Id", "Identity"),
            type=text(data, "Type"),
            enable_transcription=flag(data, "EnableTranscription"),
            suppress_system_prompt=flag(data, "EnableSharedVoicemailSystemPromptSuppression"),
            call_priority=number(data, "CallPriority"),
        )

    @classmethod
    def parse_optional(cls, data: Json | str | None) -> CallableEntity | None:
        """Targets print as an object, or (older outputs) as a bare id; absent targets as null."""
        if isinstance(data, str) and data:
            return cls(id=data, type=None)
        if isinstance(data, dict) and (data.get("Id") or data.get("Identity")):
            return cls.parse(data)
        return None
