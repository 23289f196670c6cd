"""Page script for Verify a report: the body is ui.views.verify, under the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import verify

shell.guarded(verify.render)
