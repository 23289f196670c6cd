"""Page script for Impact: the body is osai_procure.ui.views.impact, run under the error
guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import impact

shell.guarded(impact.render)
