"""Programme administrators manage budgets, allocations and checklists in the admin; an
allocation cannot be set below what has been granted from it (a form error, not a 500),
and saving the page never overwrites what grants drew meanwhile."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participatie.initiatives.models import DistrictAllocation, Programme
from tests.participatie.accounts.otp import login_staff
from tests.participatie.factories import AdminFactory
from tests.participatie.initiatives.factories import budget, neighbourhood


@pytest.fixture
def admin_client(client, db):
    login_staff(client, AdminFactory())
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def form_data(allocation: DistrictAllocation, amount: int) -> dict:
    prefix = "allocations"
    return {
        "programme": allocation.budget.programme_id,
        "year": allocation.budget.year,
        "total_cents": allocation.budget.total_cents,
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": allocation.pk,
        f"{prefix}-0-budget": allocation.budget_id,
        f"{prefix}-0-district": allocation.district_id,
        f"{prefix}-0-amount_cents": amount,
        f"{prefix}-0-is_priority": "on",
    }


def test_the_admin_pages_open_for_a_programme_administrator(admin_client, db):
    allocation = budget(neighbourhood(0).parent, 100000, 2026)
    for name in ("programme", "budget", "householdcount", "initiative"):
        response = admin_client.get(reverse(f"admin:initiatives_{name}_changelist"))
        assert response.status_code == 200, name
    url = reverse("admin:initiatives_budget_change", args=[allocation.budget_id])
    assert admin_client.get(url).status_code == 200
    assert Programme.objects.filter(is_default=True).exists()


def test_an_allocation_cannot_drop_below_what_was_granted(admin_client, db):
    allocation = budget(neighbourhood(0).parent, 100000, 2026)
    DistrictAllocation.objects.filter(pk=allocation.pk).update(granted_cents=60000)
    url = reverse("admin:initiatives_budget_change", args=[allocation.budget_id])
    response = admin_client.post(url, form_data(allocation, 50000))
    assert response.status_code == 200
    assert "60000" in response.content.decode()
    allocation.refresh_from_db()
    assert (allocation.amount_cents, allocation.granted_cents) == (100000, 60000)

    # Raising it keeps the grants, even when a grant drew after the form was built.
    stale = form_data(allocation, 150000)
    DistrictAllocation.objects.filter(pk=allocation.pk).update(granted_cents=70000)
    response = admin_client.post(url, stale)
    assert response.status_code == 302
    allocation.refresh_from_db()
    assert (allocation.amount_cents, allocation.granted_cents) == (150000, 70000)
    assert allocation.is_priority
