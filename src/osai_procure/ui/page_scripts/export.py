"""Page script for Export: the body is osai_procure.ui.views.export, run under the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import export

shell.guarded(export.render)
