"""Page script for Review: the body is osai_procure.ui.views.review, run under the error guard."""

from osai_procure.ui import shell
from osai_procure.ui.views import review

shell.guarded(review.render)
