"""Work done outside a request: rows that workers claim, hold on a lease, and retry.

`states` names the states of a planning job and of a notice in the outbox; `queue` is the
one claim-lease-retry protocol both queues follow.
"""
