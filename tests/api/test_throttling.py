"""API throttling: per token (or the session's user) and per network address.

Over the rate, the answer is 429 with ``Retry-After``; each test's cache is
its own (tests/conftest.py), so no count carries over from another test.
If the cache (Redis) is down, the throttle lets requests through rather than
answer 500.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from rasso.accounts.services import api_token_issue
from tests.conftest import Personas
from tests.support import client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/?kind=cps_area"


@pytest.fixture
def rates(settings: Any) -> dict[str, str]:
    rates = {"client": "3/minute", "address": "5/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    return rates


def token_client(personas: Personas, address: str = "127.0.0.1") -> Client:
    _, key = api_token_issue(actor=None, user=personas.officer)
    return Client(headers={"Authorization": f"Token {key}"}, REMOTE_ADDR=address)


def test_the_request_over_a_tokens_rate_answers_429_with_retry_after(
    personas: Personas, rates: dict[str, str]
) -> None:
    client = token_client(personas)
    for _ in range(3):
        assert client.get(URL).status_code == 200
    response = client.get(URL)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]
    # Another token of the same officer has a count of its own.
    assert token_client(personas).get(URL).status_code == 200


def test_a_token_is_counted_across_the_addresses_it_is_used_from(
    personas: Personas, rates: dict[str, str]
) -> None:
    _, key = api_token_issue(actor=None, user=personas.officer)
    for i in range(3):
        client = Client(headers={"Authorization": f"Token {key}"}, REMOTE_ADDR=f"10.0.0.{i}")
        assert client.get(URL).status_code == 200
    client = Client(headers={"Authorization": f"Token {key}"}, REMOTE_ADDR="10.0.0.9")
    assert client.get(URL).status_code == 429


def test_the_browser_session_is_counted_per_user(personas: Personas, rates: dict[str, str]) -> None:
    client = client_for(personas.officer)
    for _ in range(3):
        assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 429


def test_an_address_is_throttled_however_many_keys_it_tries(
    personas: Personas, rates: dict[str, str]
) -> None:
    # Made-up keys and no key at all: 401, until the address's rate is spent.
    for i in range(5):
        guess = Client(headers={"Authorization": f"Token guess-{i}"})
        assert guess.get(URL).status_code == 401
    response = Client().get(URL)
    assert response.status_code == 429
    assert "Retry-After" in response
    # Even a real key, from that address; the same key elsewhere is fine.
    assert token_client(personas).get(URL).status_code == 429
    assert token_client(personas, address="10.9.9.9").get(URL).status_code == 200


def test_behind_a_proxy_the_address_is_the_clients(
    personas: Personas, rates: dict[str, str], settings: Any
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        Client(REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9").get(URL)
    assert (
        Client(REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9").get(URL).status_code
        == 429
    )
    # Another client through the same proxy is not held up.
    other = Client(REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert other.get(URL).status_code == 401


def test_with_redis_down_the_api_still_answers(
    personas: Personas, rates: dict[str, str], settings: Any
) -> None:
    # A port nothing listens on: every cache call fails to connect.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    client = token_client(personas)
    for _ in range(5):
        assert client.get(URL).status_code == 200
