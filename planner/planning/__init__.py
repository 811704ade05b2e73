"""Operations on plans: hand edits, moves, differences, changes, costs and people's days."""
