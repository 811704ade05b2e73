"""What runs beside the web front: the planning queue and its worker, the mail outbox.

`jobs` is the planning queue and `worker` runs its jobs in child processes; `outbox` holds
the notices to mail and `mail` sends them. Both queues follow the one claim-lease-retry
protocol of `queue`, with the states named in `states`.
"""
