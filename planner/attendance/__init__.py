"""What happened at the published plans' items: sessions held, who came, visits made."""
