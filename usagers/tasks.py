from celery import shared_task

from .retention import appliquer


@shared_task(name="usagers.retention")
def retention():
    """Beat, daily: purge the access log past 12 months, anonymise persons without contact for 2 years."""
    return appliquer()
