"""Page script for the preservation drill: the body is osai_procure.ui.views.drill, run under
the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import drill

shell.guarded(drill.render)
