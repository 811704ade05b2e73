"""The documents Kotoplan reads and writes: scenarios and plans, and people lists.

Scenarios and plans: `wire` is their JSON shape, read and written by the same models;
`references` checks a whole document; `scenario`, `scenario_doc`, `plan` and `codec` turn
documents into the domain and back; `jsonlimits` reads JSON within limits; `problems`
names what is wrong and where.

People lists (CSV, XLSX), read into the scenario's master data: `sheets` reads a
spreadsheet into a table within its limits, `columns` names the columns, `values` reads
values as people type them, `people_rows` one row, `people` a whole list into a preview of
what it would change; `findings` are the scenario's own checks placed on their fields,
`documents` finds and puts records in a scenario document. Their words are English in the
source and translated through `texts`, which the web front hooks up.
"""
