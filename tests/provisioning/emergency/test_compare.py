"""Read-back comparison with a snapshot: one line per difference, order of lists kept, Status ignored."""

from __future__ import annotations

from provisioning.emergency.compare import differences

QUEUE = {
    "Name": "211",
    "OverflowThreshold": 15,
    "OverflowActionTarget": {"Id": "tel:+13215559211", "Type": "Phone"},
    "Users": ["u1", "u2"],
    "Status": {"OverallStatus": "Success"},
}


def test_an_identical_object_has_no_differences_and_status_is_not_a_setting() -> None:
    assert differences(QUEUE, {**QUEUE, "Status": {"OverallStatus": "Pending"}}) == []


def test_each_difference_names_its_path_and_both_values() -> None:
    after = {
        **QUEUE,
        "OverflowThreshold": 0,
        "OverflowActionTarget": {"Id": "eoc-id", "Type": "ConfigurationEndpoint"},
        "Users": ["u2", "u1"],
        "OverflowRedirectVoiceAppTextToSpeechPrompt": "EOC",
    }
    assert differences(QUEUE, after) == [
        'OverflowActionTarget.Id: was "tel:+13215559211", now "eoc-id"',
        'OverflowActionTarget.Type: was "Phone", now "ConfigurationEndpoint"',
        'OverflowRedirectVoiceAppTextToSpeechPrompt: was not set, now "EOC"',
        "OverflowThreshold: was 15, now 0",
        'Users[0]: was "u1", now "u2"',
        'Users[1]: was "u2", now "u1"',
    ]


def test_missing_and_resized_properties_are_reported() -> None:
    after = {k: v for k, v in QUEUE.items() if k != "Name"} | {"Users": ["u1"]}
    assert differences(QUEUE, after) == ['Name: was "211", now missing', "Users: was 2 items, now 1"]
    assert differences(QUEUE, {**QUEUE, "Extra": None}) == []  # an unset property printed as null
