"""iCalendar feeds of published plans, per reader (issue 4); depends on planner only."""
