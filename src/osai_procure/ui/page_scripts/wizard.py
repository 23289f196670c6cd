"""Page script for Wizard: the body is osai_procure.ui.views.wizard, run under the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import wizard

shell.guarded(wizard.render)
