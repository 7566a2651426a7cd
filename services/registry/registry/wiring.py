"""Reads that go against the contexts' import edges, handed in by the assembly: residents may not
import health, nor health access, so the household's deletion check for quarantines, the
follow-ups' fever threshold and the gate's hook on applied test results are registered here.
Idempotent; `create_app` runs it."""

from __future__ import annotations

from registry.access.gate_rules.repository import fever_threshold
from registry.access.gates.negatives import results_applied
from registry.health.quarantine_rules.repository import read_fever_threshold_with
from registry.health.quarantines.references import quarantines_of_household
from registry.health.test_results.announce import on_results_applied
from registry.residents.households.references import register_reference_check


def wire_contexts() -> None:
    register_reference_check("quarantines", quarantines_of_household)
    read_fever_threshold_with(fever_threshold)
    on_results_applied("gate", results_applied)
