"""The charging pages under /cases/ (namespace ``charging``), each
sub-domain's own: the case's tabs and forms under /cases/<pk>/, the work
lists under /cases/work/ (and /cases/early-advice/, /cases/queries/), and
the RASSO clinics under /cases/clinics/."""

from __future__ import annotations

from charging.action_plans import urls as action_plans
from charging.clinics import urls as clinics
from charging.decisions import urls as decisions
from charging.early_advice import urls as early_advice
from charging.police_nfa import urls as police_nfa
from charging.queries import urls as queries

app_name = "charging"

urlpatterns = [
    *early_advice.urlpatterns,
    *queries.urlpatterns,
    *decisions.urlpatterns,
    *action_plans.urlpatterns,
    *police_nfa.urlpatterns,
    *clinics.urlpatterns,
]
