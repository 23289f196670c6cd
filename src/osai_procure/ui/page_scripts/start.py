"""Page script for Start: the body is osai_procure.ui.views.start, run under the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import start

shell.guarded(start.render)
