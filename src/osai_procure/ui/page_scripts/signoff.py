"""Page script for Sign-off: the body is ui.views.signoff, run under the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import signoff

shell.guarded(signoff.render)
