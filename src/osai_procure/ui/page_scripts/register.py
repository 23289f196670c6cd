"""Page script for Register: the body is osai_procure.ui.views.register, run under the error
guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import register

shell.guarded(register.render)
