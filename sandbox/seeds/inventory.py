"""Number inventory, SKUs and emergency locations shared by the seeds."""

from __future__ import annotations

import random
import uuid

from sandbox.seeds.people import stable_uuid
from sandbox.state import (
    SKU_TEAMS_PHONE,
    SKU_TEAMS_PHONE_RESOURCE_ACCOUNT,
    EmergencyLocation,
    NumberAssignment,
    ServicePlan,
    SubscribedSku,
)

# Microsoft 365 E3 (SPE_E3): well-known skuId.
SKU_M365_E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965"


def skus(teams_phone_seats: int, resource_seats: int, office_seats: int) -> dict[str, SubscribedSku]:
    items = [
        SubscribedSku(
            SKU_TEAMS_PHONE,
            "MCOEV",
            teams_phone_seats,
            [ServicePlan("4828c8ec-dc2e-4779-b502-87ac9ce28ab7", "MCOEV")],
        ),
        SubscribedSku(
            SKU_TEAMS_PHONE_RESOURCE_ACCOUNT,
            "PHONESYSTEM_VIRTUALUSER",
            resource_seats,
            [ServicePlan("f47330e9-c134-43b3-9993-e7f004506889", "MCOEV_VIRTUALUSER")],
        ),
        SubscribedSku(
            SKU_M365_E3,
            "SPE_E3",
            office_seats,
            [ServicePlan("57ff2da0-773e-42df-b2af-ffb7a2317929", "TEAMS1")],
        ),
    ]
    return {sku.skuId: sku for sku in items}


def number_id(telephone: str) -> str:
    # quirk: real ids are opaque; the doc samples look like base64url of "<guid>|+number". Ours are stable.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"numberAssignment:{telephone}"))


def emergency_locations(
    rng: random.Random, cities: list[str], sites: dict[str, str]
) -> list[EmergencyLocation]:
    return [
        EmergencyLocation(
            stable_uuid(rng), stable_uuid(rng), f"{sites.get(city, 'Main office')}, {city}", city
        )
        for city in cities
    ]


def number_block(
    area_codes: dict[str, str],
    counts: dict[str, int],
    capabilities: list[str],
    operator_id: str,
    locations: dict[str, str],
    *,
    start: int,
    number_type: str = "operatorConnect",
) -> list[NumberAssignment]:
    """`counts[city]` numbers per city from that city's area code, 555 exchange, from line `start`."""
    out = []
    for city, count in counts.items():
        for line in range(start, start + count):
            telephone = f"+1{area_codes[city]}555{line:04d}"
            out.append(
                NumberAssignment(
                    id=number_id(telephone),
                    telephoneNumber=telephone,
                    numberType=number_type,
                    capabilities=list(capabilities),
                    operatorId=operator_id,
                    city=city,
                    locationId=locations.get(city),
                )
            )
    return out
