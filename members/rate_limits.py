"""How much one member may send a minute: comments and questions share this one check."""

from datetime import timedelta

WINDOW = timedelta(minutes=1)


def over_rate(sent, per_minute, now):
    """Whether `sent` (what one member has sent: a queryset with `created_at`) already holds
    `per_minute` rows from the last minute before `now`, in one count query."""
    return sent.filter(created_at__gte=now - WINDOW).count() >= per_minute
