"""The role → permission table, as data, in one place.

The gateway reads it to document routes; every service checks it again on each route through
`require(permission)`. `tests/test_route_roles.py` walks every route × role against it.
"""

from __future__ import annotations

from enum import StrEnum

from shouhu_common.identity import Role


class Permission(StrEnum):
    communities_read = "communities:read"
    communities_write = "communities:write"
    households_read = "households:read"
    households_write = "households:write"
    personal_data_full = "personal_data:full"
    partners_read = "partners:read"
    partners_write = "partners:write"
    partner_self = "partner:self"
    accounts_manage = "accounts:manage"
    access_codes_issue = "access_codes:issue"
    own_household_read = "own_household:read"
    # registry household files: grid workers edit only their assigned buildings
    household_files_edit = "household_files:edit"
    personal_data_export = "personal_data:export"
    # registry quarantine: follow-ups by grid workers in their assigned buildings
    quarantines_read = "quarantines:read"
    quarantines_write = "quarantines:write"
    follow_ups_read = "follow_ups:read"
    follow_ups_write = "follow_ups:write"
    referrals_read = "referrals:read"
    referrals_close = "referrals:close"
    # registry screening and returnees: grid workers only in their assigned buildings
    screenings_read = "screenings:read"
    screenings_write = "screenings:write"
    screenings_manage = "screenings:manage"
    returnees_read = "returnees:read"
    returnees_write = "returnees:write"
    health_data_purge = "health_data:purge"
    health_data_export = "health_data:export"
    # supplies: partners, catalog, rounds, orders, door delivery, stock, donations
    catalog_read = "catalog:read"
    catalog_manage = "catalog:manage"
    reference_prices_set = "reference_prices:set"
    delivery_rounds_read = "delivery_rounds:read"
    delivery_rounds_manage = "delivery_rounds:manage"
    orders_place = "orders:place"
    orders_read = "orders:read"
    orders_fulfil = "orders:fulfil"
    door_deliveries = "door_deliveries:hand_over"
    group_buys_read = "group_buys:read"
    group_buys_manage = "group_buys:manage"
    webhooks_manage = "webhooks:manage"
    household_directory_read = "household_directory:read"
    household_directory_write = "household_directory:write"
    community_stock_read = "community_stock:read"
    community_stock_write = "community_stock:write"
    distributions_record = "distributions:record"
    donations_read = "donations:read"
    donations_write = "donations:write"
    donations_summary_read = "donations:summary"
    # passes and gates: volunteers verify and log only at their gate, never see PII
    passes_read = "passes:read"
    passes_write = "passes:write"
    pass_keys_read = "pass_keys:read"
    gate_verify = "gate:verify"
    gates_read = "gates:read"
    gates_manage = "gates:manage"
    gate_rules_read = "gate_rules:read"
    gate_logs_read = "gate_logs:read"
    gate_figures_read = "gate_figures:read"
    # the household card, composed by the gateway from registry and supplies
    household_card_read = "household_card:read"
    # community operations: tasks, disinfection, dispatch log, notices; grid workers and
    # volunteers see and progress only the tasks assigned to them (service rule)
    tasks_read = "tasks:read"
    tasks_write = "tasks:write"
    tasks_progress = "tasks:progress"
    disinfection_read = "disinfection:read"
    disinfection_record = "disinfection:record"
    disinfection_manage = "disinfection:manage"
    dispatch_read = "dispatch:read"
    dispatch_write = "dispatch:write"
    notices_read = "notices:read"
    notices_publish = "notices:publish"
    notices_print = "notices:print"
    # daily report (日报) for the sub-district and the staff dashboard, composed by the gateway
    # from registry and supplies figures
    reports_read = "reports:read"
    dashboard_read = "dashboard:read"
    # roster and gate shifts: grid workers and gate volunteers see their own shifts and
    # check themselves in (service rule); staff may check anyone in
    workers_read = "workers:read"
    workers_write = "workers:write"
    shifts_read = "shifts:read"
    shifts_manage = "shifts:manage"
    shifts_check_in = "shifts:check_in"
    shifts_own = "shifts:own"
    grid_coverage_read = "grid_coverage:read"
    # mass testing rounds 全员核酸: staff plan; samplers register people into tubes (offline
    # first); grid workers knock on the doors of those still missing in their buildings; results
    # are health data, read by staff and posted by a lab partner (partner kind `lab`) only
    testing_rounds_read = "testing_rounds:read"
    testing_rounds_manage = "testing_rounds:manage"
    sampling_record = "sampling:record"
    knocks_record = "knocks:record"
    test_results_read = "test_results:read"
    test_results_write = "test_results:write"
    lab_results_post = "lab_results:post"
    testing_figures_read = "testing_figures:read"
    # the audit log: who read whose full personal data, exported what, changed which status
    audit_log_read = "audit_log:read"
    # the care list 关爱名单: grid workers see and check on those in their buildings
    care_list_read = "care_list:read"
    care_list_manage = "care_list:manage"
    care_check_in = "care:check_in"
    # medicine on behalf 代配药 and the custody log 保管记录 of insurance cards and record books
    medicine_request = "medicine:request"
    medicine_read = "medicine:read"
    medicine_runs = "medicine:runs"
    custody_read = "custody:read"
    custody_hand_over = "custody:hand_over"
    custody_confirm = "custody:confirm"
    # self-report 自主上报: a resident reports for their own household's members; staff read
    self_reports_write = "self_reports:write"
    self_reports_read = "self_reports:read"
    # appeals 申诉 against status changes: residents appeal from the card, staff answer
    status_changes_read = "status_changes:read"
    appeals_submit = "appeals:submit"
    appeals_read = "appeals:read"
    appeals_answer = "appeals:answer"
    # bulk status changes held for a second account's approval
    bulk_approvals_read = "bulk_approvals:read"
    bulk_approvals_decide = "bulk_approvals:decide"


_ALL_STAFF = {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer, Role.officer}

ROLE_PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.communities_read: frozenset(_ALL_STAFF),
    Permission.communities_write: frozenset({Role.admin}),
    Permission.households_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.households_write: frozenset({Role.admin, Role.staff}),
    Permission.personal_data_full: frozenset({Role.admin, Role.staff}),
    Permission.partners_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.officer, Role.resident}
    ),
    Permission.partners_write: frozenset({Role.admin, Role.staff}),
    Permission.partner_self: frozenset({Role.partner}),
    Permission.accounts_manage: frozenset({Role.admin}),
    Permission.access_codes_issue: frozenset({Role.admin, Role.staff}),
    Permission.own_household_read: frozenset({Role.resident}),
    Permission.household_files_edit: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.personal_data_export: frozenset({Role.admin, Role.staff}),
    Permission.quarantines_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.quarantines_write: frozenset({Role.admin, Role.staff}),
    Permission.follow_ups_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.follow_ups_write: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.referrals_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.referrals_close: frozenset({Role.admin, Role.staff}),
    Permission.screenings_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.screenings_write: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.screenings_manage: frozenset({Role.admin, Role.staff}),
    Permission.returnees_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.returnees_write: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.health_data_purge: frozenset({Role.admin}),
    Permission.health_data_export: frozenset({Role.admin, Role.staff}),
    # supplies: a partner reaches only its own catalog, orders and webhooks (service rule)
    Permission.catalog_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.officer, Role.resident, Role.partner}
    ),
    Permission.catalog_manage: frozenset({Role.partner}),
    Permission.reference_prices_set: frozenset({Role.admin, Role.staff}),
    Permission.delivery_rounds_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.officer, Role.resident, Role.partner}
    ),
    Permission.delivery_rounds_manage: frozenset({Role.admin, Role.staff}),
    Permission.orders_place: frozenset({Role.admin, Role.staff, Role.grid_worker, Role.resident}),
    Permission.orders_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.officer, Role.resident, Role.partner}
    ),
    Permission.orders_fulfil: frozenset({Role.partner}),
    Permission.door_deliveries: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.group_buys_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.officer, Role.partner}
    ),
    Permission.group_buys_manage: frozenset({Role.admin, Role.staff}),
    Permission.webhooks_manage: frozenset({Role.partner}),
    Permission.household_directory_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.household_directory_write: frozenset({Role.admin, Role.staff}),
    Permission.community_stock_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.officer}
    ),
    Permission.community_stock_write: frozenset({Role.admin, Role.staff}),
    Permission.distributions_record: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.donations_read: frozenset({Role.admin, Role.staff, Role.officer}),
    Permission.donations_write: frozenset({Role.admin, Role.staff}),
    Permission.donations_summary_read: frozenset(set(Role)),
    Permission.passes_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.passes_write: frozenset({Role.admin, Role.staff}),
    Permission.pass_keys_read: frozenset(_ALL_STAFF | {Role.resident}),
    Permission.gate_verify: frozenset({Role.admin, Role.staff, Role.gate_volunteer}),
    Permission.gates_read: frozenset(_ALL_STAFF),
    Permission.gates_manage: frozenset({Role.admin, Role.staff}),
    Permission.gate_rules_read: frozenset(_ALL_STAFF),
    Permission.gate_logs_read: frozenset({Role.admin, Role.staff}),
    Permission.gate_figures_read: frozenset({Role.admin, Role.staff, Role.officer}),
    Permission.household_card_read: frozenset({Role.resident}),
    Permission.tasks_read: frozenset(_ALL_STAFF),
    Permission.tasks_write: frozenset({Role.admin, Role.staff}),
    Permission.tasks_progress: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer}
    ),
    Permission.disinfection_read: frozenset(_ALL_STAFF),
    Permission.disinfection_record: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer}
    ),
    Permission.disinfection_manage: frozenset({Role.admin, Role.staff}),
    Permission.dispatch_read: frozenset({Role.admin, Role.staff, Role.grid_worker, Role.officer}),
    Permission.dispatch_write: frozenset({Role.admin, Role.staff}),
    Permission.notices_read: frozenset(_ALL_STAFF | {Role.resident}),
    Permission.notices_publish: frozenset({Role.admin, Role.staff}),
    Permission.notices_print: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.reports_read: frozenset({Role.admin, Role.staff, Role.officer}),
    Permission.dashboard_read: frozenset({Role.admin, Role.staff}),
    Permission.workers_read: frozenset({Role.admin, Role.staff}),
    Permission.workers_write: frozenset({Role.admin, Role.staff}),
    Permission.shifts_read: frozenset({Role.admin, Role.staff}),
    Permission.shifts_manage: frozenset({Role.admin, Role.staff}),
    Permission.shifts_check_in: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer}
    ),
    Permission.shifts_own: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer}
    ),
    Permission.grid_coverage_read: frozenset({Role.admin, Role.staff}),
    Permission.testing_rounds_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer}
    ),
    Permission.testing_rounds_manage: frozenset({Role.admin, Role.staff}),
    Permission.sampling_record: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer}
    ),
    Permission.knocks_record: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.test_results_read: frozenset({Role.admin, Role.staff}),
    Permission.test_results_write: frozenset({Role.admin, Role.staff}),
    Permission.lab_results_post: frozenset({Role.partner}),
    Permission.testing_figures_read: frozenset({Role.admin, Role.staff, Role.officer}),
    Permission.audit_log_read: frozenset({Role.admin}),
    Permission.care_list_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.care_list_manage: frozenset({Role.admin, Role.staff}),
    Permission.care_check_in: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.medicine_request: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.resident}
    ),
    Permission.medicine_read: frozenset({Role.admin, Role.staff, Role.grid_worker, Role.resident}),
    Permission.medicine_runs: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.custody_read: frozenset({Role.admin, Role.staff, Role.grid_worker}),
    Permission.custody_hand_over: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer, Role.resident}
    ),
    Permission.custody_confirm: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.gate_volunteer}
    ),
    Permission.self_reports_write: frozenset({Role.resident}),
    Permission.self_reports_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.resident}
    ),
    Permission.status_changes_read: frozenset(
        {Role.admin, Role.staff, Role.grid_worker, Role.resident}
    ),
    Permission.appeals_submit: frozenset({Role.resident}),
    Permission.appeals_read: frozenset({Role.admin, Role.staff, Role.grid_worker, Role.resident}),
    Permission.appeals_answer: frozenset({Role.admin, Role.staff}),
    Permission.bulk_approvals_read: frozenset({Role.admin, Role.staff, Role.officer}),
    Permission.bulk_approvals_decide: frozenset({Role.admin, Role.staff}),
}


def allows(role: Role, permission: Permission) -> bool:
    return role in ROLE_PERMISSIONS[permission]
