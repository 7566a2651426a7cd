"""The registry app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from registry.access.gate_rules.router import router as gate_rules_router
from registry.access.gates.office_router import router as gate_office_router
from registry.access.gates.partitions import days_for
from registry.access.gates.retention import GateLogUpkeep
from registry.access.gates.router import hot_routes as gate_hot_routes
from registry.access.gates.router import router as gate_router
from registry.access.gates.state import GateStates
from registry.access.gates.writer import GateLogWriter, store_for
from registry.access.passes.router import router as passes_router
from registry.access.passes.signing import PassSigner
from registry.access.visitor_registrations.router import PUBLIC_FORM_PATH
from registry.access.visitor_registrations.router import router as visitor_registrations_router
from registry.config import RegistrySettings, get_settings
from registry.events import OUTBOX, SOURCE
from registry.health.follow_ups.router import router as follow_ups_router
from registry.health.quarantine_rules.router import router as quarantine_rules_router
from registry.health.quarantines.router import router as quarantines_router
from registry.health.referrals.router import router as referrals_router
from registry.health.returnees.router import router as returnees_router
from registry.health.sampling.batch_store import batch_store_for
from registry.health.sampling.router import hot_routes as sampling_hot_routes
from registry.health.sampling.router import router as sampling_router
from registry.health.screenings.router import router as screenings_router
from registry.health.self_reports.router import router as self_reports_router
from registry.health.test_results.lab_router import router as lab_results_router
from registry.health.test_results.router import router as test_results_router
from registry.health.testing_rounds.router import router as testing_rounds_router
from registry.operations.care_list.router import router as care_list_router
from registry.operations.disinfections.router import router as disinfections_router
from registry.operations.dispatch_meetings.router import router as dispatch_meetings_router
from registry.operations.medicine.custody_router import router as custody_router
from registry.operations.medicine.router import router as medicine_router
from registry.operations.notices.router import router as notices_router
from registry.operations.shifts.router import router as shifts_router
from registry.operations.shifts.templates_router import router as shift_templates_router
from registry.operations.tasks.router import router as tasks_router
from registry.operations.workers.router import router as workers_router
from registry.oversight.appeals.router import router as appeals_router
from registry.oversight.appeals.router import status_changes_router
from registry.oversight.audit_log.router import router as audit_log_router
from registry.oversight.bulk_approvals.router import router as bulk_approvals_router
from registry.oversight.health_data.router import export_router as health_export_router
from registry.oversight.health_data.router import router as health_purges_router
from registry.oversight.reports.router import router as reports_router
from registry.residents.assignments.router import router as assignments_router
from registry.residents.communities.router import router as communities_router
from registry.residents.exports.router import router as exports_router
from registry.residents.households.router import router as households_router
from registry.residents.imports.router import router as imports_router
from registry.residents.people.router import router as people_router
from registry.wiring import wire_contexts
from shouhu_common.database import make_engine, make_sessionmaker
from shouhu_common.events import build_relay
from shouhu_common.logging import configure_logging
from shouhu_common.long_reads import LongReads
from shouhu_common.service_app import build_service_app, freeze_start_up_objects

ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"


def create_app(settings: RegistrySettings | None = None) -> FastAPI:
    settings = settings or get_settings()
    wire_contexts()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, "registry")
        app.state.engine = make_engine(settings.database_url, pool_size=settings.database_pool_size)
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        app.state.long_reads = LongReads.open(settings, app.state.sessionmaker)
        app.state.cipher = settings.personal_data_cipher()
        # Outbox relay: delivers household.quarantined / .released to REGISTRY_EVENT_SUBSCRIBERS.
        app.state.relay = build_relay(
            settings, engine=app.state.engine, tables=OUTBOX, source=SOURCE
        )
        if app.state.relay is not None:
            app.state.relay.start()
        # passes and gates: in-memory gate state (polled), group-commit gate log writer
        app.state.pass_signer = PassSigner(
            settings.pass_key_secret, settings.previous_pass_key_secrets()
        )
        app.state.gate_states = GateStates(app.state.sessionmaker, settings.gate_state_poll_s)
        days = days_for(app.state.engine)  # gate_log's day partitions, on PostgreSQL
        app.state.gate_log_writer = GateLogWriter(
            store_for(app.state.engine, days),
            batch_max=settings.gate_log_batch_max,
            wait_ms=settings.gate_log_batch_wait_ms,
        )
        app.state.sampling_store = batch_store_for(app.state.engine)
        app.state.gate_log_upkeep = GateLogUpkeep(
            app.state.engine, days, settings.gate_log_retention_days
        )
        await app.state.gate_log_upkeep.make_days_ahead()
        app.state.gate_states.start()
        app.state.gate_log_writer.start()
        app.state.gate_log_upkeep.start()
        freeze_start_up_objects(settings)
        yield
        await app.state.gate_log_upkeep.stop()
        await app.state.gate_log_writer.stop()
        app.state.sampling_store.close()
        await app.state.gate_states.stop()
        if app.state.relay is not None:
            await app.state.relay.stop()
        await app.state.long_reads.close()
        await app.state.engine.dispose()

    return build_service_app(
        title="Shouhu registry",
        description="Communities, buildings, households and people.",
        settings=settings,
        internal_public_key=settings.internal_public_key,
        lifespan=lifespan,
        routers=[
            # the gate's hot path first: routing (and the metrics' route lookup) try routes in order
            (gate_router, "/api/v1/gate"),
            # a sampling day's upload path next: 100 phones' batches at once
            (sampling_router, "/api/v1/testing-rounds"),
            (communities_router, "/api/v1/communities"),
            (households_router, "/api/v1/households"),
            (people_router, "/api/v1/people"),
            (assignments_router, "/api/v1/assignments"),
            (imports_router, "/api/v1/imports"),
            (exports_router, "/api/v1/exports"),
            (health_export_router, "/api/v1/exports"),
            (health_purges_router, "/api/v1/health-data-purges"),
            (audit_log_router, "/api/v1/audit-events"),
            (care_list_router, "/api/v1/care-list"),
            (medicine_router, "/api/v1/medicine"),
            (custody_router, "/api/v1/medicine"),
            (appeals_router, "/api/v1/appeals"),
            (status_changes_router, "/api/v1/status-changes"),
            (bulk_approvals_router, "/api/v1/bulk-approvals"),
            (quarantines_router, "/api/v1/quarantines"),
            (quarantine_rules_router, "/api/v1/quarantine-rules"),
            (follow_ups_router, "/api/v1/follow-ups"),
            (referrals_router, "/api/v1/referrals"),
            (self_reports_router, "/api/v1/self-reports"),
            (screenings_router, "/api/v1/screenings"),
            (returnees_router, "/api/v1/returnees"),
            (test_results_router, "/api/v1/testing-rounds"),
            (lab_results_router, "/api/v1/lab-results"),
            (testing_rounds_router, "/api/v1/testing-rounds"),
            (passes_router, "/api/v1/passes"),
            (gate_office_router, "/api/v1/gate"),
            (gate_rules_router, "/api/v1/gate-rules"),
            (visitor_registrations_router, "/api/v1/visitor-registrations"),
            (tasks_router, "/api/v1/tasks"),
            (disinfections_router, "/api/v1/disinfections"),
            (dispatch_meetings_router, "/api/v1/dispatch-meetings"),
            (notices_router, "/api/v1/notices"),
            (workers_router, "/api/v1/workers"),
            (shifts_router, "/api/v1/shifts"),
            (shift_templates_router, "/api/v1/shift-templates"),
            (reports_router, "/api/v1/registry-reports"),
        ],
        alembic_ini=ALEMBIC_INI,
        upload_paths=("/api/v1/imports/", "/api/v1/testing-rounds/*/results:import"),
        hot_routes=[
            *gate_hot_routes("/api/v1/gate"),
            *sampling_hot_routes("/api/v1/testing-rounds"),
        ]
        if settings.hot_routes
        else (),
        public_paths=(PUBLIC_FORM_PATH,),
    )
