"""Stakeholder alerts: what people follow, the events recorded once with their source
change, and their delivery (in-app, e-mail now or in a digest, Atom and iCalendar)."""
