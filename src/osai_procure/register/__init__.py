"""The agency's view over every assessment: the register, what a policy change would flip,
re-assessment reminders and exports for publication."""
