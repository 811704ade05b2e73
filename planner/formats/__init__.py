"""Files people write by hand, read into the scenario's master data: people lists (CSV, XLSX).

`sheets` reads a spreadsheet into a table within its limits, `columns` names the columns,
`values` reads values as people type them, `people_rows` one row, `people` a whole list
into a preview of what it would change; `findings` are the scenario's own checks placed
on their fields, `documents` finds and puts records in a scenario document. The words
are English in the source and translated through `texts`, which the web front hooks up.
"""
