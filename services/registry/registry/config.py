"""Registry settings (env prefix `REGISTRY_`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from shouhu_common.events import EventSettings
from shouhu_common.identity import DEV_KEY, InternalPublicKeys
from shouhu_common.pii import PersonalDataCipher
from shouhu_common.settings import (
    Problems,
    ReadReplicaSettings,
    is_loopback_url,
    load_settings,
    refuse,
)


class RegistrySettings(ReadReplicaSettings, EventSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", extra="ignore")

    service_name: str = "registry"
    internal_public_key: InternalPublicKeys = DEV_KEY
    # Personal data: the current key encrypts; retired keys (comma-separated) are only read, until
    # `python -m registry.cli rotate-pii-key` has re-encrypted everything under the current key.
    # The lookup hashes have a key of their own that rotation never changes (empty: the current
    # key, which is what the hashes of a database that never rotated were made with).
    pii_key: str = "dev-only-registry-personal-data-key"
    pii_keys_retired: str = ""
    pii_index_key: str = ""
    # Passes and gates: encrypts the communities' pass-signing keys at rest; how often
    # each replica re-reads pass, household and rule changes made elsewhere; the gate-log group
    # commit's largest batch and how long it waits to fill one (0: it takes whatever queued up
    # while the previous commit ran).
    pass_key_secret: str = "dev-only-registry-pass-signing-key-secret"
    # Replaced pass-key secrets (comma-separated): keys are still opened with them, never sealed,
    # until `python -m registry.cli rotate-pass-key-secret` has sealed every key again.
    pass_key_previous_secrets: str = ""
    gate_state_poll_s: float = 1.0
    gate_log_batch_max: int = 500
    gate_log_batch_wait_ms: float = 0.0
    # Gate logs older than today and this many days before are removed every hour (on PostgreSQL
    # their day partitions dropped whole); 0 keeps them until the health-data purge.
    gate_log_retention_days: int = Field(0, ge=0, le=3650)
    # One account may quarantine, or suspend or revoke the passes of, this many households within
    # an hour; beyond it each change waits for a second account (a community may set its own).
    bulk_change_threshold: int = Field(20, ge=1, le=10000)
    # The gate's verify and verify + log skip FastAPI's dependency solving
    # (shouhu_common.hot_routes); off, FastAPI serves them like any other route.
    hot_routes: bool = True
    # Notices: where residents open the PWA; a notice's share text and poster QR link
    # to `{public_base_url}/notices/{id}`.
    public_base_url: str = "http://127.0.0.1:8000"
    # Printing (pass cards, notice posters, quarantine door notices): the CJK font fpdf2 embeds a
    # subset of. Unset or empty: Noto Sans CJK SC where Debian's fonts-noto-cjk puts it, else what
    # fontconfig finds. A font collection (.ttc) given here is read at `cjk_font_index` (2 is the
    # Simplified Chinese face of Noto Sans CJK's); a single font ignores the index.
    cjk_font_path: Path | None = None
    cjk_font_index: int = Field(2, ge=0)

    @field_validator("cjk_font_path", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    def retired_pii_keys(self) -> list[str]:
        return [key.strip() for key in self.pii_keys_retired.split(",") if key.strip()]

    def previous_pass_key_secrets(self) -> list[str]:
        return [s.strip() for s in self.pass_key_previous_secrets.split(",") if s.strip()]

    def personal_data_cipher(self) -> PersonalDataCipher:
        return PersonalDataCipher(
            self.pii_key, retired=self.retired_pii_keys(), index_secret=self.pii_index_key or None
        )

    @model_validator(mode="after")
    def _key_ring(self) -> RegistrySettings:
        retired = self.retired_pii_keys()
        problems: Problems = []
        if self.pii_key in retired:
            problems.append(("REGISTRY_PII_KEYS_RETIRED", "holds the current REGISTRY_PII_KEY"))
        elif len(set(retired)) != len(retired):
            problems.append(("REGISTRY_PII_KEYS_RETIRED", "holds a key twice"))
        previous = self.previous_pass_key_secrets()
        if self.pass_key_secret in previous:
            problems.append(
                ("REGISTRY_PASS_KEY_PREVIOUS_SECRETS", "holds the current REGISTRY_PASS_KEY_SECRET")
            )
        elif len(set(previous)) != len(previous):
            problems.append(("REGISTRY_PASS_KEY_PREVIOUS_SECRETS", "holds a secret twice"))
        if retired and not self.pii_index_key:
            problems.append(
                (
                    "REGISTRY_PII_INDEX_KEY",
                    "must be set while REGISTRY_PII_KEYS_RETIRED is: the key the stored lookup "
                    "hashes were made with (the first REGISTRY_PII_KEY)",
                )
            )
        refuse(problems)
        return self

    def secret_fields(self) -> dict[str, str]:
        fields = {
            "REGISTRY_INTERNAL_PUBLIC_KEY": self.internal_public_key,
            "REGISTRY_PII_KEY": self.pii_key,
            "REGISTRY_EVENTS_SECRET": self.events_secret,
            "REGISTRY_PASS_KEY_SECRET": self.pass_key_secret,
        }
        if self.pii_index_key:
            fields["REGISTRY_PII_INDEX_KEY"] = self.pii_index_key
        if self.pii_keys_retired:
            fields["REGISTRY_PII_KEYS_RETIRED"] = self.pii_keys_retired
        if self.pass_key_previous_secrets:
            fields["REGISTRY_PASS_KEY_PREVIOUS_SECRETS"] = self.pass_key_previous_secrets
        return fields

    def production_problems(self) -> Problems:
        problems = super().production_problems()
        if is_loopback_url(self.public_base_url):
            problems.append(
                ("REGISTRY_PUBLIC_BASE_URL", "is a loopback address; phones cannot open it")
            )
        return problems


@lru_cache
def get_settings() -> RegistrySettings:
    return load_settings(RegistrySettings)
