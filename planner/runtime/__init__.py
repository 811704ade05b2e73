"""What runs beside the web front: the planning queue, its worker, the mail outbox."""
