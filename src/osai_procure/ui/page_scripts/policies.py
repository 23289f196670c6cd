"""Page script for Policies: the body is ui.views.policies, run under the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import policies

shell.guarded(policies.render)
